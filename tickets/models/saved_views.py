"""A saved view of the queue: a named set of its filters and its order, the user's own or shared
with every member of the partner."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.tenancy import TenantQuerySet
from partners.models import Partner


class SavedView(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(max_length=500)  # the queue's query string: "status=all&priority=high"
    shared = models.BooleanField(_("shared with the team"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_view_name_per_owner")
        ]
        indexes = [models.Index(fields=["partner", "shared"], name="saved_view_partner_idx")]

    def __str__(self):
        return self.name
