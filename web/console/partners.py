"""Operator console: the partners the operator serves, and onboarding their staff."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.web import (
    csv_export,
    csv_requested,
    get_for_actor,
    paginate,
    role_required,
    service_errors,
)
from partners import selectors, services
from partners.api.serializers import PartnerOutput
from partners.models import Partner
from web.forms.partners import MemberForm, PartnerForm


@role_required("operator")
def partner_list(request):
    query = request.GET.get("q", "").strip()
    partners = selectors.partner_list(actor=request.actor, filters={"q": query})
    if csv_requested(request):
        return csv_export(name="partners", serializer_class=PartnerOutput, rows=partners)
    page = paginate(request, partners.annotate(**selectors.partner_counts(actor=request.actor)))
    return render(request, "console/partners/partner_list.html", {"page": page, "query": query})


@role_required("operator")
@require_http_methods(["GET", "POST"])
def partner_create(request):
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as call:
            partner = services.partner_create(actor=request.actor, **form.cleaned_data)
        if not call.failed:
            messages.success(
                request,
                _("Partner %(name)s created. Now add its first admin.") % {"name": partner.name},
            )
            return redirect("console-partner-detail", pk=partner.pk)
    return render(request, "console/partners/partner_form.html", {"form": form, "partner": None})


@role_required("operator")
@require_http_methods(["GET", "POST"])
def partner_edit(request, pk):
    partner = get_for_actor(request.actor, Partner.objects, pk=pk)
    initial = {field: getattr(partner, field) for field in services.PARTNER_FIELDS}
    form = PartnerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = {field: form.cleaned_data[field] for field in form.changed_data}
        with service_errors(request, form) as call:
            if changed:
                services.partner_update(actor=request.actor, partner=partner, **changed)
        if not call.failed:
            messages.success(request, _("Partner saved.") if changed else _("Nothing was changed."))
            return redirect("console-partner-detail", pk=partner.pk)
        partner.refresh_from_db()
    return render(request, "console/partners/partner_form.html", {"form": form, "partner": partner})


@role_required("operator")
@require_http_methods(["GET", "POST"])
def partner_detail(request, pk):
    """The partner's profile and members, with the form that onboards its staff (first, its
    admin)."""
    partner = get_for_actor(request.actor, Partner.objects, pk=pk)
    members = list(selectors.partner_members(actor=request.actor, partner_id=partner.pk))
    has_admin = any(member.role == "admin" for member in members)
    form = MemberForm(request.POST or None, initial={"role": "agent" if has_admin else "admin"})
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as call:
            membership = services.member_add(
                actor=request.actor, partner=partner, **form.cleaned_data
            )
        if not call.failed:
            messages.success(
                request,
                _("%(username)s can now sign in for %(partner)s.")
                % {"username": membership.user.username, "partner": partner.name},
            )
            return redirect("console-partner-detail", pk=partner.pk)
    context = {"partner": partner, "members": members, "form": form, "has_admin": has_admin}
    return render(request, "console/partners/partner_detail.html", context)
