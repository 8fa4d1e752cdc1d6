"""The app's WSGI application with the floor endpoint mounted (``bench.floor_urls``), for the
benchmarks that go through gunicorn."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
settings.ROOT_URLCONF = "bench.floor_urls"
