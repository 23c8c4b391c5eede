import os
import sys

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "majlis.settings")
django_application = get_wsgi_application()

# Django is set up from here on.
from django.db import connections  # noqa: E402

from majlis.comments.fastread import fast_read_wrap  # noqa: E402
from majlis.comments.fastwrite import fast_write_wrap  # noqa: E402
from majlis.moderation.background import sweep_when_worker_starts  # noqa: E402
from majlis.moderation.pipeline import checks_warm_up  # noqa: E402

# Story pages' thread reads: replayed from Django's own responses, revalidated per request.
# Comment posts: the API view's code with the headers Django sent for the first such post.
application = fast_write_wrap(fast_read_wrap(django_application))

# Load models now (under `gunicorn --preload`, once in the master, shared by the workers).
checks_warm_up()

if "gunicorn" in sys.modules:
    # Preloaded in gunicorn's master: no database connection may cross the fork into workers.
    connections.close_all()
    # Each worker gunicorn forks (at start, or to replace one that died) re-moderates the
    # comments a dead worker left undecided, instead of waiting for the next `majlis serve`.
    os.register_at_fork(after_in_child=sweep_when_worker_starts)
