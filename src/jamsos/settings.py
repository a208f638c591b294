"""Django settings, every value read from the environment (see README, "Configuration").

A production start without a secret key or personal-data keys stops here with a
message naming the missing variable; `jamsos demo` writes its own into var/.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from jamsos.conf.env import ConfigurationError, env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("JAMSOS_VAR_DIR", str(Path.cwd() / "var"))).resolve()

DEMO = env_bool("JAMSOS_DEMO", False)
DEBUG = env_bool("JAMSOS_DEBUG", False)

try:
    SECRET_KEY = env_str("JAMSOS_SECRET_KEY")
except ConfigurationError:
    raise ConfigurationError(
        "JAMSOS_SECRET_KEY is not set. Run `jamsos keys generate` and put its output in the "
        "server's environment, or use `jamsos demo` for a local trial."
    ) from None

# Personal data keys. They are parsed and checked by jamsos.privacy.keys at start-up
# (jamsos.ops.apps), so a server without them never accepts a request.
PERSONAL_DATA_KEYS = env_str("JAMSOS_DATA_KEYS", "")
PERSONAL_DATA_CURRENT_KEY = env_str("JAMSOS_DATA_KEY_CURRENT", "")
BLIND_INDEX_KEY = env_str("JAMSOS_BLIND_INDEX_KEY", "")

ALLOWED_HOSTS = env_list("JAMSOS_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("JAMSOS_CSRF_TRUSTED_ORIGINS", [])
# Client addresses are taken from this header only when it is set: a proxy we trust writes it.
TRUSTED_CLIENT_IP_HEADER = env_str("JAMSOS_TRUSTED_CLIENT_IP_HEADER", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "captcha",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "jamsos.accounts",
    "jamsos.ops",
    "jamsos.audit",
    "jamsos.programs",
    "jamsos.registry",
    "jamsos.contributions",
    "jamsos.ledger",
    "jamsos.notify",
    "jamsos.helpdesk",
    "jamsos.channels.web",
    "jamsos.channels.sms",
    "jamsos.channels.cs",
    "jamsos.channels.portal",
    "jamsos.channels.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jamsos.ops.middleware.RequestIdMiddleware",
    "jamsos.ops.maintenance.MaintenanceMiddleware",
]

ROOT_URLCONF = "jamsos.urls"
# Widgets render through the TEMPLATES setting, so the project can override a widget's
# template (the captcha image's alternative text, for one).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "jamsos.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jamsos.ops.context.agency",
                "jamsos.ops.maintenance.upcoming_notice",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'jamsos.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("JAMSOS_DB_CONN_MAX_AGE", 60)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the single writer; IMMEDIATE takes the write lock at
        # BEGIN so two writers queue instead of failing with "database is locked" mid-transaction.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# The site-wide files (layout CSS, small scripts) live beside the templates, not in an app.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# The demo serves static files straight from the packages, with no collectstatic step.
WHITENOISE_USE_FINDERS = DEMO or DEBUG

SESSION_COOKIE_SECURE = env_bool("JAMSOS_SECURE_COOKIES", not (DEMO or DEBUG))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("JAMSOS_SESSION_SECONDS", 8 * 3600)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("JAMSOS_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Background work (Django's tasks API). Production: the database backend, with workers
# started by `jamsos db_worker` on any number of machines. The demo and tests run tasks
# at once, in-process, after the transaction that queued them commits.
TASKS = {
    "default": {
        "BACKEND": env_str(
            "JAMSOS_TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if DEMO or DEBUG
            else "django_tasks_db.DatabaseBackend",
        )
    }
}

# The public "Cek Kepesertaan" look-up. Limits are "hits/seconds": per client address,
# per NIK (failed matches only: a NIK guessed at slows down for everyone), and overall.
LOOKUP_LIMIT_PER_CLIENT = env_str("JAMSOS_LOOKUP_LIMIT_PER_CLIENT", "20/600")
LOOKUP_LIMIT_FAILURES_PER_NIK = env_str("JAMSOS_LOOKUP_LIMIT_FAILURES_PER_NIK", "5/3600")
LOOKUP_LIMIT_OVERALL = env_str("JAMSOS_LOOKUP_LIMIT_OVERALL", "6000/60")
# Off = privacy mode: a match is answered only by a message to the registered phone/e-mail.
LOOKUP_SHOWS_RESULT = env_bool("JAMSOS_LOOKUP_SHOWS_RESULT", True)

# Outbound e-mail for the notify app's SMTP backend (JAMSOS_EMAIL_BACKEND=smtp).
EMAIL_HOST = env_str("JAMSOS_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("JAMSOS_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("JAMSOS_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("JAMSOS_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("JAMSOS_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("JAMSOS_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("JAMSOS_EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("JAMSOS_EMAIL_FROM", "Jamsos <no-reply@localhost>")

# Ed25519 private key (base64url of the 32-byte raw key) that signs the QR code on digital
# membership cards; anyone with the public key can check a card offline.
CARD_SIGNING_KEY = env_str("JAMSOS_CARD_SIGNING_KEY", "")
# The public card check /kartu/verifikasi/, "hits/seconds": per client address and overall.
CARD_VERIFY_LIMIT_PER_CLIENT = env_str("JAMSOS_CARD_VERIFY_LIMIT_PER_CLIENT", "30/600")
CARD_VERIFY_LIMIT_OVERALL = env_str("JAMSOS_CARD_VERIFY_LIMIT_OVERALL", "6000/60")

# Mobile API tokens: access and refresh lifetimes, and requests per log-in ("hits/seconds").
API_ACCESS_SECONDS = env_int("JAMSOS_API_ACCESS_SECONDS", 15 * 60)
API_REFRESH_SECONDS = env_int("JAMSOS_API_REFRESH_SECONDS", 30 * 24 * 3600)
API_RATE = env_str("JAMSOS_API_RATE", "120/60")

# Agency contact details shown to people on every channel.
AGENCY_NAME = env_str("JAMSOS_AGENCY_NAME", "Jamsos")
# Authenticator apps label the agents' codes with this name.
OTP_TOTP_ISSUER = AGENCY_NAME
CALL_CENTRE_NUMBER = env_str("JAMSOS_CALL_CENTRE", "175")
