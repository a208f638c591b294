"""Settings for benchmarks: production settings, plus what a load test needs.

The captcha's test mode (any request answering "PASSED") is switched on here and in the
test settings only; production settings never enable it.
"""

from jamsos.settings import *  # noqa: F403

CAPTCHA_TEST_MODE = True
ROOT_URLCONF = "bench.urls"
SILENCED_SYSTEM_CHECKS = ["notify.W001"]
