"""Django settings for Majlis.

Everything an operator may change comes from the environment (``MAJLIS_*``, ``DATABASE_URL``),
so one installed package serves every deployment. Defaults suit a single machine: SQLite in
WAL mode under ``var/``, local-memory cache, e-mail printed to the console.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_DIR = PACKAGE_DIR.parents[1]


def _data_dir() -> Path:
    configured = os.environ.get("MAJLIS_DATA_DIR")
    if configured:
        return Path(configured).expanduser().resolve()
    # An editable install lives in the repository: keep data next to it, in the ignored var/.
    if (_REPO_DIR / "pyproject.toml").exists():
        return _REPO_DIR / "var"
    return Path.cwd() / "var"


DATA_DIR = _data_dir()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _secret_key() -> str:
    configured = os.environ.get("MAJLIS_SECRET_KEY")
    if configured:
        return configured
    # Persist a generated key so sessions and IP hashes survive restarts.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("MAJLIS_DEBUG", False)
ALLOWED_HOSTS = os.environ.get("MAJLIS_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
CSRF_TRUSTED_ORIGINS = [
    origin for origin in os.environ.get("MAJLIS_CSRF_TRUSTED_ORIGINS", "").split(",") if origin
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Serves Swagger UI from its own static files: /api/docs works offline.
    "ninja",
    "majlis",
    "majlis.stories",
    "majlis.comments",
    "majlis.moderation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files get the CSP and nosniff headers too.
    "majlis.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "majlis.comments.cors.EmbedCorsMiddleware",
    "majlis.comments.middleware.ApiJsonErrorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Workspace and demo pages follow the browser's language (or the session's choice).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "majlis.security.LoginRateLimitMiddleware",
    "majlis.security.SessionExpiryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "majlis.urls"
WSGI_APPLICATION = "majlis.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def database_from_url(url: str) -> dict[str, object]:
    """Translate ``DATABASE_URL`` (postgres://, postgresql://, sqlite:///) into a Django config."""
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        # JIT compiling pays off for long analytic queries, never for a web page's: it added
        # ~0.7 s to a count over a 10M-comment table (bench/scale). A URL's own options win.
        options.setdefault("options", "-c jit=off")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": _env_int("MAJLIS_DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    if parts.scheme == "sqlite":
        return _sqlite_database(Path(unquote(parts.path)))
    raise ValueError(f"unsupported DATABASE_URL scheme {parts.scheme!r}")


def _sqlite_database(path: Path) -> dict[str, object]:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        # Keep connections: closing the last one checkpoints and deletes the WAL (~10 ms a
        # request, measured by bench/web), and the next write re-creates it.
        "CONN_MAX_AGE": _env_int("MAJLIS_DB_CONN_MAX_AGE", 600),
        "OPTIONS": {
            # WAL lets readers run while one writer writes; IMMEDIATE takes the write lock at
            # BEGIN so concurrent writers queue on `timeout` instead of failing mid-transaction.
            # A checkpoint every 10,000 pages (a WAL of up to 40 MB), not SQLite's 1,000: each
            # copies a page once however often it changed, and a post changes the same few
            # index pages as the last one (+5% posts/s in bench/web).
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA wal_autocheckpoint=10000;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {
    "default": database_from_url(os.environ["DATABASE_URL"])
    if os.environ.get("DATABASE_URL")
    else _sqlite_database(DATA_DIR / "majlis.sqlite3")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _cache_from_url(url: str) -> dict[str, object]:
    parts = urlsplit(url)
    if parts.scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "majlis"}
    if parts.scheme == "file":
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": unquote(parts.path),
        }
    if parts.scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if parts.scheme == "memcached":
        return {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": parts.netloc,
        }
    if parts.scheme == "db":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": parts.netloc or "majlis_cache",
        }
    raise ValueError(f"unsupported MAJLIS_CACHE_URL scheme {parts.scheme!r}")


# Rate limits count in this cache: with several server processes use a shared one (redis://...).
CACHES = {"default": _cache_from_url(os.environ.get("MAJLIS_CACHE_URL", "locmem://"))}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/moderation/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

LANGUAGE_CODE = "en"
# The newsroom's six languages; ckb and kmr have no Django locale of their own, so their
# LANG_INFO (bidi, names) is registered by the app config.
LANGUAGES = [
    ("en", "English"),
    ("ckb", "کوردی"),
    ("kmr", "Kurmancî"),
    ("ar", "العربية"),
    ("fa", "فارسی"),
    ("tr", "Türkçe"),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Serve app static files straight from the package: no collectstatic step to forget.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = os.environ.get(
    "MAJLIS_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("MAJLIS_FROM_EMAIL", "Majlis comments <comments@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"majlis": {"handlers": ["console"], "level": "INFO"}},
}

# --- Majlis -------------------------------------------------------------------------------------

# Salt for the HMAC of commenters' IP addresses: only the hash is ever stored.
MAJLIS_IP_HASH_SECRET = os.environ.get("MAJLIS_IP_HASH_SECRET", SECRET_KEY)

# Longest comment accepted, in characters (documented in the API schema and README).
MAJLIS_COMMENT_MAX_LENGTH = _env_int("MAJLIS_COMMENT_MAX_LENGTH", 3000)
MAJLIS_THREAD_PAGE_SIZE = _env_int("MAJLIS_THREAD_PAGE_SIZE", 20)

# (max requests, window seconds) per client IP and per author e-mail; counted in the cache.
MAJLIS_RATE_LIMITS = {
    "comment_ip": (_env_int("MAJLIS_RATE_COMMENT_IP", 10), 600),
    "comment_email": (_env_int("MAJLIS_RATE_COMMENT_EMAIL", 5), 600),
    "report_ip": (_env_int("MAJLIS_RATE_REPORT_IP", 20), 600),
    "thread_create_ip": (_env_int("MAJLIS_RATE_THREAD_CREATE_IP", 30), 600),
}
# Number of reverse proxies in front of Majlis that append to X-Forwarded-For (0 = trust none).
MAJLIS_TRUSTED_PROXY_COUNT = _env_int("MAJLIS_TRUSTED_PROXY_COUNT", 0)

# The moderation pipeline: every check runs, in this order, each within its time budget.
# MAJLIS_MODERATION_CHECKS (comma-separated dotted paths) replaces the list. Language first:
# the first check that reports a language sets the comment's language and so its policy.
MAJLIS_MODERATION_CHECKS = [
    path.strip()
    for path in os.environ.get(
        "MAJLIS_MODERATION_CHECKS",
        ",".join(
            [
                "majlis.moderation.checks.LanguageCheck",
                "majlis.moderation.checks.LengthFormatCheck",
                "majlis.moderation.checks.StoryClosedCheck",
                "majlis.moderation.checks.RepeatPostCheck",
                "majlis.moderation.checks.ContactDetailsCheck",
                "majlis.moderation.checks.WordListCheck",
                "majlis.moderation.checks.ClassifierCheck",
            ]
        ),
    ).split(",")
    if path.strip()
]
# True (default): answer 202 once the comment is stored and moderate it on a per-process
# background thread, in batches under load (the comment stays unpublished until decided).
# False: moderate inside the request, one comment at a time.
MAJLIS_MODERATE_IN_BACKGROUND = _env_bool("MAJLIS_MODERATE_IN_BACKGROUND", True)
# The background worker moderates the comments waiting in its queue together, up to this many.
MAJLIS_MODERATION_BATCH_SIZE = max(1, int(os.environ.get("MAJLIS_MODERATION_BATCH_SIZE", "128")))
# ... waiting this long after the first for others to join (a comment is pending meanwhile).
MAJLIS_MODERATION_BATCH_WAIT_SECONDS = float(
    os.environ.get("MAJLIS_MODERATION_BATCH_WAIT_SECONDS", "0.25")
)
# Relevance of a comment in another language than its story needs the multilingual model
# (~30 ms a comment on one core). "deferred" (default): where it cannot change the decision (the
# comment's language may not auto-decide, so a human decides), the first pass holds the comment
# with `relevance_pending` and `majlis rescore --follow` (which `majlis serve` runs at low CPU
# priority) adds it afterwards. "inline": every first pass scores it.
MAJLIS_CROSS_LANGUAGE_RELEVANCE = os.environ.get("MAJLIS_CROSS_LANGUAGE_RELEVANCE", "deferred")
if MAJLIS_CROSS_LANGUAGE_RELEVANCE not in ("deferred", "inline"):
    raise ImproperlyConfigured(
        "MAJLIS_CROSS_LANGUAGE_RELEVANCE must be 'deferred' or 'inline', "
        f"not {MAJLIS_CROSS_LANGUAGE_RELEVANCE!r}"
    )
# The second models, which judge a comment on its meaning rather than its words: for Sorani,
# Kurmanji, Arabic, Persian and Turkish the semantic model (``classifier.semantic``, the same
# multilingual model, ~30 ms a comment); for English the cascade's fine-tuned transformer
# (``classifier.transformer``, ~10 ms), only for comments the words leave at review.
# "deferred" (default): the first pass scores by words alone and holds those comments with
# `semantic_pending` (they go to a human either way); the rescore folds the second model in and
# records a second decision. "inline": every first pass scores it. "off": words only.
MAJLIS_SEMANTIC_SCORES = os.environ.get("MAJLIS_SEMANTIC_SCORES", "deferred")
if MAJLIS_SEMANTIC_SCORES not in ("deferred", "inline", "off"):
    raise ImproperlyConfigured(
        "MAJLIS_SEMANTIC_SCORES must be 'deferred', 'inline' or 'off', "
        f"not {MAJLIS_SEMANTIC_SCORES!r}"
    )
# Comments the rescore scores together (each costs the multilingual model ~30 ms).
MAJLIS_RESCORE_BATCH_SIZE = max(1, _env_int("MAJLIS_RESCORE_BATCH_SIZE", 16))
MAJLIS_CHECK_TIMEOUT_SECONDS = float(os.environ.get("MAJLIS_CHECK_TIMEOUT_SECONDS", "5"))
MAJLIS_CLASSIFIER_ARTIFACT = os.environ.get(
    "MAJLIS_CLASSIFIER_ARTIFACT", str(PACKAGE_DIR.parent / "classifier" / "artifacts" / "default")
)

# Used when a site has no Policy row (the admin creates and edits per-site/per-language ones).
# Thresholds left out here (all, by default) are the classifier manifest's own.
MAJLIS_DEFAULT_POLICY = {
    "mode": os.environ.get("MAJLIS_DEFAULT_POLICY_MODE", "assisted"),
    "reject_thresholds": {},
    "approve_thresholds": {},
    "notify_on_approve": False,
}

# The hot thread read (GET /api/v1/threads) is replayed from a per-process copy of Django's own
# answer, revalidated on every request against Story.thread_version (majlis.comments.fastread).
MAJLIS_FAST_READ = _env_bool("MAJLIS_FAST_READ", True)
# Upper bound on how long a copy lives (changes outside the story's state, e.g. allowed origins).
MAJLIS_FAST_READ_SECONDS = float(os.environ.get("MAJLIS_FAST_READ_SECONDS", "30"))
# Comment posts (POST /api/v1/comments) are answered in front of Django's middleware with the
# API view's own code and the headers Django sent for the first such post
# (majlis.comments.fastwrite).
MAJLIS_FAST_WRITE = _env_bool("MAJLIS_FAST_WRITE", True)

# Demo moderator created by `majlis serve` when missing.
MAJLIS_DEMO_MODERATOR = os.environ.get("MAJLIS_DEMO_MODERATOR", "moderator")
