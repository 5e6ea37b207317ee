"""Property tests for every parser: `make fuzz` runs 10,000 examples each, `make test` a few.

CLAIMTRACK_FUZZ_EXAMPLES sets the number of examples (default 200).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("CLAIMTRACK_FUZZ_EXAMPLES", "200"))

settings.register_profile(
    "claimtrack-fuzz",
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=EXAMPLES <= 200,  # `make test` is reproducible; `make fuzz` explores
)
FUZZ = settings.get_profile("claimtrack-fuzz")
