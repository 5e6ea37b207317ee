"""claimtrack: register, evidence, rate and track the claims of political speeches."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/claimtrack/claimtrack"
