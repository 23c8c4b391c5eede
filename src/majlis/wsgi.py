import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "majlis.settings")
application = get_wsgi_application()

# Load models now (under `gunicorn --preload`, once in the master, shared by the workers).
from majlis.moderation.pipeline import checks_warm_up  # noqa: E402 - needs Django set up

checks_warm_up()
