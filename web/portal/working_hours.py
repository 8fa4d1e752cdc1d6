"""Partner portal: the working calendar (time zone, working days and hours, official holidays)
that SLA clocks count in. Every partner user reads it; the admin changes it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.web import role_required, service_errors
from partners import services
from partners.models import Partner
from web.forms.partners import WorkingHoursForm


@role_required("partner")
@require_http_methods(["GET", "POST"])
def working_hours(request):
    partner = Partner.objects.for_actor(request.actor).get(pk=request.actor.partner_id)
    can_edit = request.actor.is_partner_admin
    if request.method == "POST" and not can_edit:
        raise PermissionDenied(_("Only a partner admin can change the working hours."))
    initial = {name: getattr(partner, name) for name in services.WORKING_HOURS_FIELDS}
    form = WorkingHoursForm(request.POST or None, initial=initial)
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        with service_errors(request, form) as call:
            if changed:
                services.partner_working_hours_update(
                    actor=request.actor, partner=partner, **changed
                )
        if not call.failed:
            messages.success(
                request, _("Working hours saved.") if changed else _("Nothing was changed.")
            )
            return redirect("working-hours")
    context = {"form": form, "can_edit": can_edit, "calendar": partner.calendar}
    return render(request, "portal/settings/working_hours.html", context)
