"""This app's API routes; config/api_urls.py collects every app's."""


def register(router):
    pass


extra_urlpatterns = []
