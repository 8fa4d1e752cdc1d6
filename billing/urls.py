"""This app's web routes (server-rendered pages)."""

from django.urls import path

from billing import views

urlpatterns = [
    path("p/<slug:slug>/collections-policy/", views.collections_policy_page, name="collections-policy"),
]
