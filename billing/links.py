"""Absolute links that go into e-mails (the customer's policy page, the partner's screens)."""

from django.conf import settings
from django.urls import reverse


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def policy_url(partner_slug: str, version: int | None = None) -> str:
    """The public policy page; with a version, the exact text that applied to a notice."""
    path = reverse("collections-policy", args=[partner_slug])
    return absolute(path + (f"?version={version}" if version else ""))


# The partner portal's pages for a customer and a subscription (web serves them; the names are
# the contract, so billing needs no import of web).
def customer_url(customer_id: int) -> str:
    return absolute(reverse("customer-detail", args=[customer_id]))


def subscription_url(subscription_id: int) -> str:
    return absolute(reverse("subscription-detail", args=[subscription_id]))
