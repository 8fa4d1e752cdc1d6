"""Pages without a partner role: signing in, the customer's status page (the secret link in
every e-mail) and each partner's public collections policy."""

from django.contrib.auth import views as auth_views
from django.urls import path

from web.public import account, policy, status, tokens, two_factor

urlpatterns = [
    path("login/", account.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", account.PasswordChangeView.as_view(), name="password-change"),
    path("account/two-factor/", two_factor.two_factor, name="two-factor"),
    path(
        "account/two-factor/recovery-codes/",
        two_factor.recovery_codes,
        name="two-factor-recovery-codes",
    ),
    path("account/tokens/", tokens.token_list, name="api-tokens"),
    path("account/tokens/revoke/", tokens.token_revoke, name="api-token-revoke"),
    path("language/", account.language_switch, name="language-switch"),
    path("healthz", account.healthz, name="healthz"),
    path("status/<str:token>/", status.status_page, name="ticket-status"),
    path("status/<str:token>/reply/", status.status_reply, name="ticket-status-reply"),
    path("status/<str:token>/confirm/", status.status_confirm, name="ticket-status-confirm"),
    path("status/<str:token>/reject/", status.status_reject, name="ticket-status-reject"),
    path("status/<str:token>/files/<int:pk>/", status.status_attachment, name="ticket-status-file"),
    path(
        "p/<slug:slug>/collections-policy/",
        policy.collections_policy_page,
        name="collections-policy",
    ),
]
