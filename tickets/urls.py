"""This app's web routes (server-rendered pages)."""

urlpatterns = []
