"""Exceptions the library raises; the CLI turns them into one-line errors."""


class ClaimtrackError(Exception):
    """A problem the user can fix; its message is shown as `Error: …`."""

    exit_code = 1


class NotFound(ClaimtrackError):
    """An id, file or object that does not exist."""


class InvalidInput(ClaimtrackError):
    """Input that cannot be used as given (bad rating, URL, date, file)."""


class DeadlineError(InvalidInput):
    """A deadline phrase that cannot be read."""


class Duplicate(ClaimtrackError):
    """Something that is already registered."""

    def __init__(self, message: str, existing_id: int) -> None:
        super().__init__(message)
        self.existing_id = existing_id


class DatabaseError(ClaimtrackError):
    """The database file cannot be used (not SQLite, newer schema, read-only)."""


class LockedError(ClaimtrackError):
    """Another refresh holds the lock."""

    exit_code = 75  # EX_TEMPFAIL: try again later
