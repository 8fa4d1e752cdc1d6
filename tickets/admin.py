"""Admin for operator staff: tickets and escalations are read-only here; every state change is an
action that calls the same services as the API (so the same rules, locks, events and e-mails).

The admin is an operator view, so internal messages are never shown in it.
"""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.actors import actor_for
from core.admin import ReadOnlyAdminMixin
from core.errors import REFUSALS, refusal_of
from tickets import services
from tickets.models import CannedReply, DeskSettings, Escalation, Message, Outcome, Ticket
from tickets.selectors import OPERATOR_VISIBLE


class OperatorVisibleMessageInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Message
    fields = ["created_at", "author_kind", "author", "visibility", "body"]
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(visibility__in=OPERATOR_VISIBLE)
            .select_related("author")
        )


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "subject",
        "partner",
        "customer",
        "category",
        "priority",
        "status",
        "assignee",
        "updated_at",
    ]
    list_filter = ["status", "priority", "category", "partner"]
    list_select_related = ["partner", "customer", "assignee"]
    search_fields = ["subject"]
    exclude = ["status_token"]  # the customer's secret link stays secret, even here
    inlines = [OperatorVisibleMessageInline]


class ActionForm(forms.Form):
    """The input an escalation action needs, asked on an intermediate admin page."""


class RequestInfoForm(ActionForm):
    question = forms.CharField(label=_("Question to the partner"), widget=forms.Textarea)


class ResolveForm(ActionForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    response = forms.CharField(label=_("Response"), widget=forms.Textarea)
    credit_amount = forms.DecimalField(
        label=_("Credit"), required=False, min_value=0, max_digits=14, decimal_places=2
    )


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "ticket",
        "partner",
        "status",
        "operator_assignee",
        "outcome",
        "created_at",
    ]
    list_filter = ["status", "outcome", "partner"]
    list_select_related = ["ticket", "partner", "operator_assignee"]
    actions = ["take", "request_info", "resolve"]

    def _run(self, request, queryset, call) -> None:
        actor = actor_for(request.user)
        for escalation in queryset:
            try:
                call(actor, escalation)
            except REFUSALS as exc:
                self.message_user(
                    request, f"#{escalation.pk}: {refusal_of(exc).detail}", messages.ERROR
                )
            else:
                # Not an f-string around _(): makemessages cannot see inside one.
                self.message_user(
                    request, _("#%(id)s: done") % {"id": escalation.pk}, messages.SUCCESS
                )

    def _with_form(self, request, queryset, form_class, title, call):
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._run(request, queryset, lambda actor, esc: call(actor, esc, form.cleaned_data))
            return None
        return TemplateResponse(
            request,
            "admin/tickets/escalation/action_form.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "form": form,
                "queryset": queryset,
                "action": request.POST.get("action"),
                "opts": self.model._meta,
            },
        )

    @admin.action(description=_("Take the selected escalations"))
    def take(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda actor, esc: services.escalation_take(actor=actor, escalation=esc),
        )

    @admin.action(description=_("Ask the partner for information"))
    def request_info(self, request, queryset):
        return self._with_form(
            request,
            queryset,
            RequestInfoForm,
            _("Ask the partner for information"),
            lambda actor, esc, data: services.escalation_request_info(
                actor=actor, escalation=esc, **data
            ),
        )

    @admin.action(description=_("Resolve the selected escalations"))
    def resolve(self, request, queryset):
        return self._with_form(
            request,
            queryset,
            ResolveForm,
            _("Resolve escalations"),
            lambda actor, esc, data: services.escalation_resolve(
                actor=actor, escalation=esc, **data
            ),
        )


@admin.register(CannedReply)
class CannedReplyAdmin(TranslationAdmin):
    list_display = ["title", "partner"]
    list_filter = ["partner"]
    list_select_related = ["partner"]
    search_fields = ["title"]


@admin.register(DeskSettings)
class DeskSettingsAdmin(admin.ModelAdmin):
    list_display = ["partner", "close_loop_business_days", "auto_close_days"]
    list_select_related = ["partner"]
