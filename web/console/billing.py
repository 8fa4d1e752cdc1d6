"""Operator console: statements to partners (issue, list across partners, confirm a payment) and
subscriptions across partners, where the operator suspends for fraud or misuse and lifts it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from billing import selectors, services
from billing.api.serializers import StatementOutput, SubscriptionOutput
from billing.models import Statement, Subscription
from core.web import (
    csv_export,
    csv_requested,
    get_for_actor,
    paginate,
    post_action,
    role_required,
    service_errors,
)
from partners import selectors as partner_selectors
from web.forms.billing import (
    NoteForm,
    OperatorSuspendForm,
    StatementFilterForm,
    StatementForm,
    SubscriptionFilterForm,
    filters,
)
from web.portal.subscriptions import subscription_context

EVENT_ROWS = 30


def _partners(actor):
    return partner_selectors.partner_list(actor=actor)


# --- statements -----------------------------------------------------------------------------------


@role_required("operator")
def statement_list(request):
    form = StatementFilterForm(request.GET, partners=_partners(request.actor))
    criteria = filters(form)
    rows = selectors.statement_list(actor=request.actor, filters=criteria)
    if csv_requested(request):
        return csv_export(name="statements", serializer_class=StatementOutput, rows=rows)
    page = paginate(request, rows)
    return render(
        request,
        "console/billing/statement_list.html",
        {
            "page": page,
            "form": form,
            "today": timezone.localdate(),
            "filtered": any(criteria.values()),
        },
    )


@role_required("operator")
@require_http_methods(["GET", "POST"])
def statement_create(request):
    partners = _partners(request.actor)
    form = StatementForm(
        request.POST or None, partners=partners, initial={"partner": request.GET.get("partner")}
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as call:
            statement = services.statement_create(actor=request.actor, **form.cleaned_data)
        if not call.failed:
            messages.success(
                request,
                _("Statement %(number)s issued to %(partner)s.")
                % {"number": statement.number, "partner": statement.partner.name},
            )
            return redirect("console-statement-detail", pk=statement.pk)
    return render(request, "console/billing/statement_form.html", {"form": form})


def _statement(request, pk) -> Statement:
    statements = selectors.with_reconciliation(Statement.objects.select_related("partner"))
    return get_for_actor(request.actor, statements, pk=pk)


def _statement_page(request, statement: Statement, *, form=None):
    context = {
        "statement": statement,
        "today": timezone.localdate(),
        "form": form or NoteForm(),
        "events": partner_selectors.event_list_for(actor=request.actor, obj=statement).reverse()[
            :EVENT_ROWS
        ],
    }
    return render(request, "console/billing/statement_detail.html", context)


@role_required("operator")
def statement_detail(request, pk):
    return _statement_page(request, _statement(request, pk))


@role_required("operator")
@post_action
def statement_confirm(request, pk):
    statement = _statement(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        with service_errors(request, form) as call:
            services.statement_confirm(
                actor=request.actor, statement=statement, **form.cleaned_data
            )
        if not call.failed:
            messages.success(
                request, _("Statement %(number)s is paid.") % {"number": statement.number}
            )
            back = request.POST.get(
                "next", ""
            )  # the filtered list the inline button was pressed on
            if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
                return redirect(back)
            return redirect("console-statement-detail", pk=statement.pk)
    return _statement_page(request, statement, form=form)


# --- subscriptions across partners ----------------------------------------------------------------


@role_required("operator")
def subscription_list(request):
    form = SubscriptionFilterForm(request.GET)
    criteria = filters(form)
    criteria.pop("customer")
    rows = selectors.subscription_list(actor=request.actor, filters=criteria)
    if csv_requested(request):
        return csv_export(name="subscriptions", serializer_class=SubscriptionOutput, rows=rows)
    partners = _partners(request.actor)
    page = paginate(request, rows)
    return render(
        request,
        "console/billing/subscription_list.html",
        {
            "page": page,
            "form": form,
            "partners": partners,
            "partner_id": criteria["partner"],
            "filtered": any(criteria.values()),
        },
    )


def _subscription(request, pk) -> Subscription:
    return get_for_actor(
        request.actor, Subscription.objects.select_related("customer", "partner"), pk=pk
    )


def _subscription_page(request, subscription: Subscription, *, suspend_form=None, lift_form=None):
    context = subscription_context(request, subscription) | {
        "suspend_form": suspend_form or OperatorSuspendForm(prefix="suspend"),
        "lift_form": lift_form or NoteForm(prefix="lift"),
    }
    return render(request, "console/billing/subscription_detail.html", context)


@role_required("operator")
def subscription_detail(request, pk):
    return _subscription_page(request, _subscription(request, pk))


@role_required("operator")
@post_action
def subscription_suspend(request, pk):
    subscription = _subscription(request, pk)
    form = OperatorSuspendForm(request.POST, prefix="suspend")
    if form.is_valid():
        with service_errors(request, form) as call:
            services.subscription_suspend(
                actor=request.actor, subscription=subscription, **form.cleaned_data
            )
        if not call.failed:
            messages.success(
                request,
                _("Suspended for %(reason)s. The partner and the customer see it now.")
                % {"reason": dict(form.fields["reason"].choices)[form.cleaned_data["reason"]]},
            )
            return redirect("console-subscription-detail", pk=subscription.pk)
    return _subscription_page(request, subscription, suspend_form=form)


@role_required("operator")
@post_action
def subscription_lift(request, pk):
    subscription = _subscription(request, pk)
    form = NoteForm(request.POST, prefix="lift")
    if form.is_valid():
        with service_errors(request, form) as call:
            services.subscription_reactivate(
                actor=request.actor, subscription=subscription, **form.cleaned_data
            )
        if not call.failed:
            messages.success(request, _("Your suspension reasons are lifted."))
            return redirect("console-subscription-detail", pk=subscription.pk)
    return _subscription_page(request, subscription, lift_form=form)
