from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from imports.models import ImportJob
from imports.services import job_progress


class ImportInput(serializers.Serializer):
    kind = serializers.CharField(max_length=40, help_text="customers, subscriptions, invoices, …")
    file = serializers.FileField(help_text=_("A CSV (UTF-8) or XLSX file, 50 MB at most."))
    dry_run = serializers.BooleanField(required=False, default=False)


class ImportFilter(serializers.Serializer):
    kind = serializers.CharField(required=False, max_length=40)
    status = serializers.ChoiceField(choices=ImportJob.Status.choices, required=False)


class ImportOutput(serializers.ModelSerializer):
    processed_rows = serializers.SerializerMethodField()
    created_by = serializers.CharField(source="created_by.username", default=None)

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "kind",
            "status",
            "dry_run",
            "file_name",
            "total_rows",
            "processed_rows",
            "created",
            "updated",
            "unchanged",
            "failed",
            "errors",
            "created_by",
            "created_at",
            "started_at",
            "finished_at",
        ]

    def get_processed_rows(self, job) -> int:
        return job_progress(job)


class ImportListOutput(ImportOutput):
    """A list row: the errors are on the job's own page (``failed`` counts the rows)."""

    class Meta(ImportOutput.Meta):
        fields = [name for name in ImportOutput.Meta.fields if name != "errors"]
