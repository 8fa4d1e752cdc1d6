"""Token revocation on every path (a page, the admin, ``changepassword``, a cascade): the
hooks call the services, which do the work and write the audit row."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, pre_save

from partners import services
from partners.models import Membership


def revoke_tokens_on_password_change(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and "password" not in update_fields:
        return  # e.g. the last_login stamp of every sign-in
    stored = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if stored is not None and stored != instance.password:
        services.api_tokens_revoke_all(user=instance, reason="password_changed")


def revoke_tokens_on_membership_removed(sender, instance, origin=None, **kwargs):
    if isinstance(origin, get_user_model()):
        return  # the user is being deleted: their tokens go with them
    user = get_user_model().objects.filter(pk=instance.user_id).first()
    if user is not None:
        services.api_tokens_revoke_all(user=user, reason="membership_removed")


def connect():
    pre_save.connect(
        revoke_tokens_on_password_change,
        sender=get_user_model(),
        dispatch_uid="partners.revoke_tokens_on_password_change",
    )
    post_delete.connect(
        revoke_tokens_on_membership_removed,
        sender=Membership,
        dispatch_uid="partners.revoke_tokens_on_membership_removed",
    )
