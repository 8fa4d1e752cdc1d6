"""Partner portal: the partner's own IMAP mailbox, polled for customer mail beside the desk's
catch-all. Every partner user reads its settings (never the password); the admin sets, checks,
pauses and removes it — the same services as ``/api/partners/{id}/mailbox/``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.web import role_required, service_errors
from mailgate.imap import Mailbox, imap_check
from mailgate.models import PartnerMailbox
from mailgate.services import partner_mailbox_remove, partner_mailbox_set
from partners.models import Partner
from web.forms.mailgate import MailboxForm

ADMIN_ONLY = gettext_lazy("Only a partner admin can change the mailbox.")
SHOWN = ("host", "port", "ssl", "user", "folder", "done_folder", "active")


def _own(request) -> tuple[Partner, PartnerMailbox | None]:
    partner = Partner.objects.for_actor(request.actor).get(pk=request.actor.partner_id)
    mailbox = PartnerMailbox.objects.for_actor(request.actor).filter(partner=partner).first()
    if mailbox is not None:
        mailbox.partner = partner
    return partner, mailbox


@role_required("partner")
@require_http_methods(["GET", "POST"])
def mailbox(request):
    partner, box = _own(request)
    can_edit = request.actor.is_partner_admin
    if request.method == "POST" and not can_edit:
        raise PermissionDenied(ADMIN_ONLY)
    form = None
    if can_edit:
        initial = {name: getattr(box, name) for name in SHOWN} if box else None
        form = MailboxForm(
            request.POST or None, initial=initial, password_set=bool(box and box.password)
        )
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as call:
            partner_mailbox_set(actor=request.actor, partner=partner, **form.cleaned_data)
        if not call.failed:
            messages.success(request, _("Mailbox saved."))
            return redirect("mailbox")
    context = {"mailbox": box, "form": form, "can_edit": can_edit}
    return render(request, "portal/settings/mailbox.html", context)


@role_required("admin")
@require_POST
def mailbox_active(request):
    """Pause or resume polling, keeping the settings."""
    partner, box = _own(request)
    if box is None:
        return redirect("mailbox")
    active = request.POST.get("active") == "1"
    with service_errors(request) as call:
        partner_mailbox_set(actor=request.actor, partner=partner, active=active)
    if not call.failed:
        messages.success(
            request, _("The mailbox is polled again.") if active else _("Polling is paused.")
        )
    return redirect("mailbox")


@role_required("admin")
@require_POST
def mailbox_check(request):
    """Log in now and say what happened; nothing is read or changed in the mailbox."""
    _partner, box = _own(request)
    if box is None:
        return redirect("mailbox")
    found = imap_check(Mailbox.from_partner(box))
    (messages.success if found.ok else messages.error)(request, found.text)
    return redirect("mailbox")


@role_required("admin")
@require_POST
def mailbox_remove(request):
    partner, box = _own(request)
    with service_errors(request) as call:
        partner_mailbox_remove(actor=request.actor, partner=partner)
    if box is not None and not call.failed:
        messages.success(request, _("Mailbox removed: it is no longer polled."))
    return redirect("mailbox")
