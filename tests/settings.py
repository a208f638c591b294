"""Test settings: fixed throw-away keys, a fast password hasher, otherwise production settings."""

import os

# Fixed keys so a failing test can be re-run and its ciphertexts decoded. Never used outside tests.
os.environ.setdefault("JAMSOS_SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault(
    "JAMSOS_DATA_KEYS",
    "t2:AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI,t1:AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE",
)
os.environ.setdefault("JAMSOS_DATA_KEY_CURRENT", "t2")
os.environ.setdefault("JAMSOS_BLIND_INDEX_KEY", "AwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwM")

from jamsos.settings import *  # noqa: F403

# Argon2 costs about a quarter of a second per hash here; tests exercise logic, not cost.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests never serve static files; without this WhiteNoise warns that var/static is missing.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]  # noqa: F405

# Background tasks run at once, after the transaction that queued them commits.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# django-simple-captcha accepts the word "PASSED" in this mode; only test settings enable it.
CAPTCHA_TEST_MODE = True
# The notify app warns when console/file backends run outside demo or debug; tests use them.
SILENCED_SYSTEM_CHECKS = ["notify.W001"]
