from django.contrib.auth import views as auth_views
from django.urls import path

from partners import views, views_console, views_portal

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("language/", views.language_switch, name="language-switch"),
    path("healthz", views.healthz, name="healthz"),
    # Partner portal
    path("customers/new/", views_portal.customer_create, name="customer-create"),
    path("customers/<int:pk>/edit/", views_portal.customer_edit, name="customer-edit"),
    path("members/", views_portal.member_list, name="member-list"),
    # Operator console
    path("ops/", views_console.partner_list, name="console-partner-list"),
    path("ops/partners/new/", views_console.partner_create, name="console-partner-create"),
    path("ops/partners/<int:pk>/", views_console.partner_detail, name="console-partner-detail"),
    path("ops/partners/<int:pk>/edit/", views_console.partner_edit, name="console-partner-edit"),
]
