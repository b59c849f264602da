"""Registration benchmark settings: production's, with e-mail written to files in
BENCH_EMAIL_DIR (each process of the benchmark names its own directory, so the
count shows which process sent the e-mails)."""

import os

from portal.settings.production import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["BENCH_EMAIL_DIR"]
