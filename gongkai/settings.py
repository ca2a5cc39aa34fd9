"""Settings, read from environment variables only.

With nothing set, Gongkai runs on a SQLite file under ./var/, DEBUG off, console e-mail.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("GONGKAI_DATA_DIR", Path.cwd() / "var")).resolve()


def _make_data_dir() -> None:
    """The data directory holds personal data and keys: when Gongkai creates it, only its owner may enter (0700)."""
    if DATA_DIR.exists():
        return
    try:
        DATA_DIR.mkdir(parents=True, mode=0o700)
        os.chmod(DATA_DIR, 0o700)
    except FileExistsError:  # another process made it first
        pass
    except OSError:  # read-only parent: the error surfaces where the directory is used
        pass


_make_data_dir()


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("GONGKAI_DEBUG")


def _secret_key() -> str:
    """GONGKAI_SECRET_KEY, else a random key made once and kept (mode 0600) in the data directory."""
    if os.environ.get("GONGKAI_SECRET_KEY"):
        return os.environ["GONGKAI_SECRET_KEY"]
    import secrets

    path = DATA_DIR / "secret_key"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        _make_data_dir()
        key = secrets.token_urlsafe(50)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(key)
        return key
    except OSError:  # a read-only data directory: a per-process key (sessions end on restart)
        return secrets.token_urlsafe(50)


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("GONGKAI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # widget templates for FORM_RENDERER below
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "gongkai.core.apps.CoreConfig",
    "gongkai.privacy",
    "gongkai.accounts",
    "gongkai.backup",
    "gongkai.audit",
    "gongkai.agencies",
    "gongkai.workdays",
    "gongkai.reports",
    "gongkai.cases",
    "gongkai.catalog",
    "gongkai.appeals",
    "gongkai.importer",
    "gongkai.supervision",
    "gongkai.office",
    "gongkai.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gongkai.accounts.middleware.BodyLimitMiddleware",
    "gongkai.accounts.middleware.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gongkai.accounts.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

# forms render through the project's templates, so templates/forms/div.html (error beside each field) is found
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.portal.context.site",
            ],
        },
    },
]


def _create_private_file(path: Path) -> None:
    """Create an empty database file readable by its owner only (0600); SQLite gives its -wal and -shm files the
    same mode. An existing file is left as it is."""
    if path.exists() or str(path) in ("", ":memory:"):
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError:
        pass


# SQLite: every write transaction starts IMMEDIATE (takes the write lock at BEGIN, so no deadlock between two
# readers turning writers); WAL lets readers go on while one request writes; a writer waits up to
# SQLITE_BUSY_SECONDS for the lock instead of failing with "database is locked". Requests never parse, render or
# wait on the network inside a write transaction (docs/decisions.md 16).
SQLITE_BUSY_SECONDS = 20


def _database() -> dict:
    url = os.environ.get("DATABASE_URL")
    if not url:
        _make_data_dir()
        url = f"sqlite:///{DATA_DIR / 'gongkai.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=60)
    if config["ENGINE"].endswith("sqlite3"):
        _create_private_file(Path(config["NAME"]))
        config["OPTIONS"] = {"timeout": SQLITE_BUSY_SECONDS, "transaction_mode": "IMMEDIATE",
                             "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON"}
        config["CONN_MAX_AGE"] = 0
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A password policy for a government system: at least 10 characters, not like the user's name, not a common
# password, not digits only, not the user name with a few characters added.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("username", "first_name", "last_name", "email"), "max_similarity": 0.6}},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gongkai.accounts.passwords.NotUsernameValidator"},
]
LOGIN_URL = "office:login"
LOGIN_REDIRECT_URL = "office:home"
LOGOUT_REDIRECT_URL = "office:login"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# One cache shared by every gunicorn worker on the machine (rate limits, portal page cache): a folder under the
# data directory, so no cache server is needed. Set GONGKAI_CACHE_DIR to move it.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("GONGKAI_CACHE_DIR") or str(DATA_DIR / "cache"),
        "TIMEOUT": 300,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}

EMAIL_BACKEND = os.environ.get("GONGKAI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_FROM_EMAIL", "gongkai@localhost")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and _flag("GONGKAI_HTTPS"):
    # TLS ends at the reverse proxy, which says so in X-Forwarded-Proto (without this the redirect would loop)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("GONGKAI_HSTS_SECONDS") or 31536000)
    # a government site serves its sub-domains over HTTPS too; set GONGKAI_HSTS_PRELOAD=0 to leave the preload list
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("GONGKAI_HSTS_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _flag("GONGKAI_HSTS_PRELOAD", True)
    CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if h not in ("*",)]
SESSION_COOKIE_AGE = 12 * 3600  # absolute: office staff sign in again after half a day
SESSION_COOKIE_SAMESITE = "Lax"
# idle: signed out after this many minutes without a request (GONGKAI_IDLE_MINUTES, default 30)
IDLE_TIMEOUT_SECONDS = int(float(os.environ.get("GONGKAI_IDLE_MINUTES") or 30) * 60)

# The site's owner as every page names it (title and footer): GONGKAI_SITE_NAME, e.g. "测试县人民政府" (unset: the
# top-level government in the agency tree), and the 网站标识码 given by the 全国政府网站信息报送系统 (GONGKAI_SITE_CODE,
# 10 digits) and the ICP 备案号 (GONGKAI_SITE_ICP) when the site has them.
SITE_NAME = os.environ.get("GONGKAI_SITE_NAME", "").strip()
SITE_CODE = os.environ.get("GONGKAI_SITE_CODE", "").strip()
SITE_ICP = os.environ.get("GONGKAI_SITE_ICP", "").strip()
# 政务服务大厅 kiosks: addresses or networks ("10.1.2.3, 10.1.5.0/28") whose online applications are not slowed down
# after five in 15 minutes (accounts.throttle.SUBMIT_KIOSK).
KIOSK_ADDRESSES = os.environ.get("GONGKAI_KIOSK_ADDRESSES", "")

# Request bodies: Django keeps at most this much of a form in memory; BodyLimitMiddleware refuses larger bodies
# before they are read (413), public pages far below office uploads (attachments 20 MB, report files 20 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
MAX_PUBLIC_BODY_BYTES = 256 * 1024
MAX_OFFICE_BODY_BYTES = 25 * 1024 * 1024

# Content-Security-Policy (django-csp): scripts only from our own static files (no inline script anywhere);
# inline style attributes stay allowed (the official report layout sets column widths with them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Permissions-Policy (django-permissions-policy): no page needs any of these browser features.
PERMISSIONS_POLICY = {feature: [] for feature in (
    "accelerometer", "ambient-light-sensor", "autoplay", "browsing-topics", "camera", "display-capture",
    "encrypted-media", "geolocation", "gyroscope", "magnetometer", "microphone", "midi", "payment",
    "publickey-credentials-get", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking")}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GONGKAI_LOG_LEVEL", "WARNING")},
}
