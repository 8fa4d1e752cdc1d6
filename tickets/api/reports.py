"""``GET /api/reports/<name>/``: one report as JSON, or with ``?format=csv`` as a CSV download
through the one writer (core/csv_export.py). Partner admins read their partner; the operator
every partner, or one with ``?partner=``. Agents are refused (403), an unknown name is 404."""

from decimal import Decimal

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import ActorMixin, validated
from core.api.permissions import IsOperatorOrPartnerAdmin
from core.csv_export import csv_response
from core.periods import ReportFilters, period_of
from partners.models import Partner
from tickets.selectors.reports import REPORT_COLUMNS, report_rows


class CSVRenderer(BaseRenderer):
    """Names ``?format=csv`` for DRF; the view answers it with ``csv_response`` itself."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else str(data).encode()


# "from" is a Python keyword: the two serializers are built from a dict of their fields.
ReportQuery = type(
    "ReportQuery",
    (serializers.Serializer,),
    {
        "__doc__": "The period (both days included; default the last twelve weeks) and, for the "
        "operator, one partner.",
        "from": serializers.DateField(required=False, help_text="First day (YYYY-MM-DD)."),
        "to": serializers.DateField(required=False, help_text="Last day (YYYY-MM-DD)."),
        "partner": serializers.IntegerField(
            required=False, min_value=1, help_text="Operator: one partner (default: every one)."
        ),
    },
)
ReportOutput = type(
    "ReportOutput",
    (serializers.Serializer,),
    {
        "report": serializers.CharField(),
        "from": serializers.DateField(),
        "to": serializers.DateField(),
        "partner": serializers.IntegerField(allow_null=True),
        "columns": serializers.ListField(child=serializers.CharField()),
        "rows": serializers.ListField(child=serializers.DictField()),
    },
)


class ReportView(ActorMixin, APIView):
    permission_classes = [IsOperatorOrPartnerAdmin]
    renderer_classes = [JSONRenderer, CSVRenderer]

    @extend_schema(
        summary="One report for a period, as JSON or CSV",
        parameters=[
            ReportQuery,
            OpenApiParameter(
                "name", OpenApiTypes.STR, OpenApiParameter.PATH, enum=sorted(REPORT_COLUMNS)
            ),
            OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "csv"]),
        ],
        responses={(200, "application/json"): ReportOutput, (200, "text/csv"): OpenApiTypes.STR},
    )
    def get(self, request, name: str):
        if name not in REPORT_COLUMNS:
            raise NotFound(_("No such report."))
        filters = report_filters(self.actor, request.query_params)
        rows = report_rows(name, actor=self.actor, filters=filters)
        columns = REPORT_COLUMNS[name]
        if request.accepted_renderer.format == "csv":
            return csv_response(
                name=f"report-{name}",
                header=columns,
                rows=([row[key] for key in columns] for row in rows),
            )
        period = filters.period
        body = {
            "report": name,
            "from": period.start,
            "to": period.end,
            "partner": filters.partner,
            "columns": columns,
            "rows": [_json(row) for row in rows],
        }
        return Response(ReportOutput(body).data)


def _json(row: dict) -> dict:
    """Money as strings, as everywhere in the API (COERCE_DECIMAL_TO_STRING)."""
    return {key: str(v) if isinstance(v, Decimal) else v for key, v in row.items()}


def report_filters(actor, params) -> ReportFilters:
    """Checked query parameters; a partner the actor may not read is 404, like any object of
    another partner."""
    data = validated(ReportQuery, params)
    period = period_of(data.get("from"), data.get("to"))
    partner = data.get("partner")
    if partner is not None:
        visible = Partner.objects.filter(pk=partner)
        if not actor.is_operator:
            visible = visible.filter(pk=actor.partner_id)
        if not visible.exists():
            raise NotFound(_("No such partner."))
    return ReportFilters(period, partner=partner if actor.is_operator else actor.partner_id)
