"""The reports page: service and collections figures for a period, as SVG charts with the same
figures in tables and a CSV link per report. One view for both readers: a partner admin sees
their partner, the operator every partner or the one chosen (``?partner=``)."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from billing.models import StepAction
from billing.selectors.dashboard import SEGMENTS
from core.web import role_required
from partners.models import Partner
from tickets.models import Category, Channel, EscalationStatus, Outcome
from tickets.selectors.reports import REPORT_COLUMNS, all_reports
from tickets.services.sla import SLA_LABELS
from web.charts import bar_chart, line_chart
from web.forms.reports import ReportFilterForm

MEASURES = {"first_response": SLA_LABELS["first_response"], "resolution": SLA_LABELS["resolution"]}


def _week(day) -> str:
    return date_format(day, "MONTH_DAY_FORMAT")


@role_required("admin_or_operator")
def reports(request):
    actor = request.actor
    partners = (
        list(Partner.objects.order_by("name").values_list("pk", "name"))
        if actor.is_operator
        else ()
    )
    form = ReportFilterForm(request.GET, actor=actor, partners=partners)
    if not form.is_valid():
        return render(request, "portal/reports.html", {"form": form}, status=400)
    filters = form.filters()
    found = all_reports(actor=actor, filters=filters)
    weeks = filters.period.weeks()
    query = {"from": filters.period.start.isoformat(), "to": filters.period.end.isoformat()}
    if actor.is_operator and filters.partner:
        query["partner"] = filters.partner
    context = {
        "form": form,
        "period": filters.period,
        "csv": {
            name.replace("-", "_"): reverse("api-report", args=[name])
            + "?"
            + urlencode({**query, "format": "csv"})
            for name in REPORT_COLUMNS
        },
        "weeks": [_week(week) for week in weeks],
        "sla": _sla(found["sla-attainment"], weeks),
        "times": _times(found["response-times"], weeks),
        "categories": _counted(found["tickets-by-category"], "category", Category),
        "channels": _counted(found["tickets-by-channel"], "channel", Channel),
        "escalations": [{**row, "label": _outcome(row["outcome"])} for row in found["escalations"]],
        "recovery": [
            {**row, "label": StepAction(row["step"]).label if row["step"] else _("before any step")}
            for row in found["dunning-recovery"]
        ],
        "dso": found["dso"],
        "aging": _aging(found["aging"]),
    }
    return render(request, "portal/reports.html", context)


def _sla(rows, weeks) -> dict:
    series = [
        (SLA_LABELS[sla], [row["attainment"] for row in rows if row["sla"] == sla])
        for sla in SLA_LABELS
    ]
    table = [
        {
            "week": _week(week),
            "cells": [
                next(r for r in rows if r["sla"] == sla and r["week"] == week) for sla in SLA_LABELS
            ],
        }
        for week in weeks
    ]
    chart = bar_chart(
        title=_("SLA attainment by week"),
        desc=_("Share of the targets due each week that were met, per service target, in %."),
        labels=[_week(week) for week in weeks],
        series=series,
        maximum=100,
        unit="%",
    )
    return {"chart": chart, "legend": [name for name, _values in series], "table": table}


def _times(rows, weeks) -> dict:
    series = [
        (
            _("%(measure)s, median") % {"measure": label},
            [r["median_hours"] for r in rows if r["measure"] == key and r["week"] is not None],
        )
        for key, label in MEASURES.items()
    ]
    chart = line_chart(
        title=_("Hours to first response and to resolution"),
        desc=_("Median hours per week the tickets were opened."),
        labels=[_week(week) for week in weeks],
        series=series,
    )
    overall = [{**r, "label": MEASURES[r["measure"]]} for r in rows if r["week"] is None]
    table = [
        {"week": _week(week), "cells": [r for r in rows if r["week"] == week]} for week in weeks
    ]
    legend = [name for name, _values in series]
    return {"chart": chart, "legend": legend, "overall": overall, "table": table}


def _counted(rows, key: str, choices) -> dict:
    labels = dict(choices.choices)
    bars = [{"label": labels.get(row[key], row[key]), "value": row["tickets"]} for row in rows]
    return {"bars": bars, "max": max((bar["value"] for bar in bars), default=0)}


def _outcome(code: str) -> str:
    if code == EscalationStatus.WITHDRAWN:
        return EscalationStatus.WITHDRAWN.label
    return Outcome(code).label if code in Outcome.values else code


def _aging(rows) -> list[dict]:
    """One chart per currency: the receivable at each week end, split by age."""
    charts = []
    for currency in sorted({row["currency"] for row in rows}):
        mine = [row for row in rows if row["currency"] == currency]
        series = [(str(label), [row[key] for row in mine]) for key, _css, label in SEGMENTS]
        chart = bar_chart(
            title=_("Receivables by age at each week end, %(currency)s") % {"currency": currency},
            desc=_("What customers still owed at the end of each week, split by days past due."),
            labels=[_week(row["week_end"]) for row in mine],
            series=series,
        )
        charts.append(
            {
                "currency": currency,
                "chart": chart,
                "legend": [name for name, _values in series],
                "keys": [key for key, _css, _label in SEGMENTS],
                "rows": [{**row, "cells": [row[key] for key, _c, _l in SEGMENTS]} for row in mine],
            }
        )
    return charts
