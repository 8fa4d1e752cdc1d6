"""API token authentication: django-rest-knox's tokens, checked in one query that also says who
the user is (``core.actors``), so a request pays one round trip for both.

knox itself reads every other token of the user on each request to delete the expired ones; here
an expired token is refused (and deleted) when it is used, and the others wait for theirs: an
expired token authenticates nobody either way, and the token list shows only live ones.
"""

import binascii
from hmac import compare_digest

from django.utils import timezone
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.crypto import hash_token
from knox.models import get_token_model
from knox.settings import CONSTANTS, knox_settings
from knox.signals import token_expired

from core.actors import actor_columns, actor_from_columns


class TokenAuthentication(KnoxTokenAuthentication):
    def authenticate_credentials(self, token):
        text = token.decode("utf-8")
        rows = (
            get_token_model()
            .objects.filter(token_key=text[: CONSTANTS.TOKEN_KEY_LENGTH])
            .select_related("user")
            .annotate(**actor_columns("user"))
        )
        for auth_token in rows:
            if self._cleanup_token(auth_token):
                continue
            try:
                digest = hash_token(text)
            except (TypeError, binascii.Error):
                break
            if compare_digest(digest, auth_token.digest):
                if knox_settings.AUTO_REFRESH and auth_token.expiry:
                    self.renew_token(auth_token)
                user, auth_token = self.validate_user(auth_token)
                actor_from_columns(
                    user,
                    operator=auth_token.actor_operator,
                    role=auth_token.actor_role,
                    partner_id=auth_token.actor_partner_id,
                )
                return user, auth_token
        # Not a live token: knox refuses it in its own words (and languages).
        return super().authenticate_credentials(token)

    def _cleanup_token(self, auth_token) -> bool:
        """``True`` (and the row deleted) when this token has expired; no other row is read."""
        if auth_token.expiry is None or auth_token.expiry >= timezone.now():
            return False
        username = auth_token.user.get_username()
        auth_token.delete()
        token_expired.send(sender=self.__class__, username=username, source="auth_token")
        return True


class TokenScheme(KnoxTokenScheme):
    """The same ``knoxApiToken`` scheme in the OpenAPI schema as knox's own class."""

    target_class = "core.api.authentication.TokenAuthentication"
