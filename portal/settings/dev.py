"""Local development: debug on, a throwaway secret, static files from app folders."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str(
    "SECRET_KEY", default="dev-only-secret-key-never-used-in-production-0123456789"
)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_FILE_PATH = VAR_DIR / "mail"  # noqa: F405
# The printed demo logins have no second factor; production keeps it required.
ADMIN_REQUIRES_MFA = env.bool("ADMIN_REQUIRES_MFA", default=False)
