"""The signed-in user's API tokens: when each was issued and expires, and revoking one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.web import service_errors
from partners.selectors import api_token_list
from partners.services import api_token_revoke


@login_required
def token_list(request):
    tokens = api_token_list(user=request.user)
    return render(request, "public/tokens.html", {"tokens": tokens})


@login_required
@require_POST
def token_revoke(request):
    with service_errors(request) as call:
        api_token_revoke(user=request.user, digest=request.POST.get("token", ""))
    if not call.failed:
        messages.success(request, _("The token has been revoked."))
    return redirect("api-tokens")
