"""Partner portal: what the partner owes the operator (statements, reporting a payment) and its
exposure, i.e. that beside what its customers owe it (SPEC §1, duty 2: it pays either way)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from billing import selectors, services
from billing.api.serializers import StatementOutput
from billing.models import Statement
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
    ExposurePeriodForm,
    StatementFilterForm,
    StatementPayForm,
    filters,
)

EVENT_ROWS = 20


@role_required("partner")
def statement_list(request):
    form = StatementFilterForm(request.GET)
    # The partner's filter bar has only the status: every statement it sees is its own.
    criteria = {"status": filters(form)["status"]}
    rows = selectors.statement_list(actor=request.actor, filters=criteria)
    if csv_requested(request):
        return csv_export(name="statements", serializer_class=StatementOutput, rows=rows)
    page = paginate(request, rows)
    data = selectors.exposure(actor=request.actor, today=timezone.localdate())
    return render(
        request,
        "portal/billing/statements/list.html",
        {"page": page, "form": form, "payable": data["payable"], "today": timezone.localdate()},
    )


def _statement(request, pk) -> Statement:
    statements = selectors.with_reconciliation(Statement.objects.select_related("partner"))
    return get_for_actor(request.actor, statements, pk=pk)


def _page(request, statement: Statement, *, form=None):
    context = {
        "statement": statement,
        "today": timezone.localdate(),
        "form": form or StatementPayForm(initial={"reference": statement.payment_reference}),
        "events": partner_selectors.event_list_for(actor=request.actor, obj=statement).reverse()[
            :EVENT_ROWS
        ],
    }
    return render(request, "portal/billing/statements/detail.html", context)


@role_required("partner")
def statement_detail(request, pk):
    return _page(request, _statement(request, pk))


@role_required("partner")
@post_action
def statement_pay(request, pk):
    statement = _statement(request, pk)
    form = StatementPayForm(request.POST)
    if form.is_valid():
        with service_errors(request, form) as call:
            services.statement_report_payment(
                actor=request.actor, statement=statement, **form.cleaned_data
            )
        if not call.failed:
            messages.success(
                request,
                _(
                    "Payment reported for statement %(number)s. The operator confirms it once the "
                    "money arrives."
                )
                % {"number": statement.number},
            )
            return redirect("statement-detail", pk=statement.pk)
    return _page(request, statement, form=form)


@role_required("partner")
def exposure(request):
    actor, today = request.actor, timezone.localdate()
    data = selectors.exposure(actor=actor, today=today)
    month = filters(ExposurePeriodForm(request.GET))["period"]
    start, end = selectors.billing_month(actor=actor, today=today, month=month)
    context = {
        "data": data,
        "charts": selectors.exposure_chart(data),
        "today": today,
        "period_form": ExposurePeriodForm(initial={"period": start}),
        "period": {"start": start, "end": end},
        "customers": selectors.customer_billing(actor=actor, start=start, end=end),
    }
    return render(request, "portal/billing/statements/exposure.html", context)
