"""Partner portal: subscriptions (list, the page e-mails link to) and the "ready to suspend" queue.

The subscription page asks the suspension guard (``billing.selectors.suspension_check``) on GET, so
the admin reads whether a suspension for non-payment is allowed, or why not and from when, before
pressing anything; on POST the suspension service asks the guard again, under lock, and decides.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from billing import selectors, services
from billing.api.serializers import SubscriptionOutput, SuspensionRequestOutput
from billing.models import Subscription, SuspensionReason, SuspensionRequest
from billing.services.subscriptions import OPERATOR_REASONS, reasons_liftable_by
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
from partners.models import Customer
from web.forms.billing import NoteForm, SubscriptionFilterForm, filters

EVENT_ROWS = 30


@role_required("partner")
def subscription_list(request):
    form = SubscriptionFilterForm(request.GET)
    criteria = filters(form)
    criteria.pop("partner")  # a partner user only ever sees their own
    rows = selectors.subscription_list(actor=request.actor, filters=criteria)
    if csv_requested(request):
        return csv_export(name="subscriptions", serializer_class=SubscriptionOutput, rows=rows)
    page = paginate(request, rows)
    customer = (
        Customer.objects.for_actor(request.actor).filter(pk=criteria["customer"]).first()
        if criteria["customer"]
        else None
    )
    context = {
        "page": page,
        "form": form,
        "customer": customer,
        "filtered": any(criteria[name] for name in ("q", "status", "reason", "customer")),
        "queue_total": selectors.suspension_request_list(
            actor=request.actor, filters={"open": True}
        ).count(),
    }
    return render(request, "portal/billing/subscriptions/list.html", context)


def _subscription(request, pk) -> Subscription:
    return get_for_actor(
        request.actor, Subscription.objects.select_related("customer", "partner"), pk=pk
    )


def subscription_context(request, subscription: Subscription) -> dict:
    """What both the partner's and the operator's subscription pages show."""
    reasons = set(subscription.suspension_reasons)
    deletion = subscription.data_deletion_at
    return {
        "subscription": subscription,
        "deletion_in_days": (timezone.localtime(deletion).date() - timezone.localdate()).days
        if deletion
        else None,
        "liftable": [
            str(SuspensionReason(reason).label)
            for reason in sorted(reasons & reasons_liftable_by(request.actor))
        ],
        # Labels of the reasons held by the other side, for the sentence saying who may lift them.
        "held_by_operator": [
            str(SuspensionReason(reason).label) for reason in sorted(reasons & OPERATOR_REASONS)
        ],
        "held_by_partner": [
            str(SuspensionReason(reason).label) for reason in sorted(reasons - OPERATOR_REASONS)
        ],
        "events": partner_selectors.event_list_for(actor=request.actor, obj=subscription).reverse()[
            :EVENT_ROWS
        ],
    }


def _page(request, subscription: Subscription, *, note_form=None):
    today = timezone.localdate()
    open_invoices = list(selectors.open_invoices_of(customer_id=subscription.customer_id))
    for invoice in open_invoices:
        invoice.overdue_days = invoice.days_overdue(today)
    context = subscription_context(request, subscription) | {
        # The guard's answer, asked before any button is pressed (a read: it changes nothing).
        "check": selectors.suspension_check(subscription, today=today)
        if subscription.status != "cancelled"
        else None,
        "open_invoices": open_invoices,
        "note_form": note_form or NoteForm(),
    }
    return render(request, "portal/billing/subscriptions/detail.html", context)


@role_required("partner")
def subscription_detail(request, pk):
    return _page(request, _subscription(request, pk))


@role_required("partner")
@post_action
def subscription_suspend(request, pk):
    subscription = _subscription(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        with service_errors(request, form) as call:
            services.subscription_suspend(
                actor=request.actor,
                subscription=subscription,
                reason=SuspensionReason.NON_PAYMENT,  # a partner suspends for non-payment only
                **form.cleaned_data,
            )
        if not call.failed:
            messages.success(
                request,
                _("The subscription is suspended for non-payment. The customer has been e-mailed."),
            )
            return redirect("subscription-detail", pk=subscription.pk)
    return _page(request, subscription, note_form=form)


@role_required("partner")
@post_action
def subscription_reactivate(request, pk):
    subscription = _subscription(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        with service_errors(request, form) as call:
            services.subscription_reactivate(
                actor=request.actor, subscription=subscription, **form.cleaned_data
            )
        if not call.failed:
            messages.success(request, _("Your suspension reason is lifted."))
            return redirect("subscription-detail", pk=subscription.pk)
    return _page(request, subscription, note_form=form)


@role_required("partner")
@post_action
def subscription_cancel(request, pk):
    subscription = _subscription(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        with service_errors(request, form) as call:
            services.subscription_cancel(
                actor=request.actor, subscription=subscription, **form.cleaned_data
            )
        if not call.failed:
            messages.success(request, _("The subscription is cancelled."))
            return redirect("subscription-detail", pk=subscription.pk)
    return _page(request, subscription, note_form=form)


# --- the "ready to suspend" queue -----------------------------------------------------------------


@role_required("partner")
def suspension_queue(request):
    today = timezone.localdate()
    queue = selectors.suspension_request_list(actor=request.actor, filters={"open": True})
    if csv_requested(request):
        return csv_export(
            name="ready-to-suspend", serializer_class=SuspensionRequestOutput, rows=queue
        )
    page = paginate(request, queue.annotate(**selectors.suspension_request_counts()))
    for item in page.object_list:
        item.overdue_days = item.invoice.days_overdue(today)
    return render(request, "portal/billing/subscriptions/queue.html", {"page": page})


def _queue_item(request, pk) -> SuspensionRequest:
    return get_for_actor(
        request.actor, SuspensionRequest.objects.select_related("customer", "invoice"), pk=pk
    )


@role_required("partner")
@post_action
def suspension_queue_suspend(request, pk):
    item = _queue_item(request, pk)
    with service_errors(request) as call:
        suspended = services.suspension_request_suspend(
            actor=request.actor, request=item, note=request.POST.get("note", "")
        )
    if not call.failed:
        messages.success(
            request,
            ngettext(
                "%(customer)s: %(count)d subscription suspended for non-payment.",
                "%(customer)s: %(count)d subscriptions suspended for non-payment.",
                len(suspended),
            )
            % {"customer": item.customer.name, "count": len(suspended)},
        )
    return redirect("subscription-queue")


@role_required("partner")
@post_action
def suspension_queue_dismiss(request, pk):
    item = _queue_item(request, pk)
    with service_errors(request) as call:
        services.suspension_request_dismiss(
            actor=request.actor, request=item, note=request.POST.get("note", "")
        )
    if not call.failed:
        messages.success(
            request,
            _("%(customer)s is no longer in the queue; nothing was suspended.")
            % {"customer": item.customer.name},
        )
    return redirect("subscription-queue")
