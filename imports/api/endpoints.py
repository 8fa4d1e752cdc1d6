"""Import jobs: upload a file (202, the job runs in the background), read a job, list them.
Partner admins only; an agent and the operator are refused (403): an import writes a partner's
own book, and the operator has none to write."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api.base import ActorMixin, validated
from core.api.permissions import IsPartnerAdmin
from imports import selectors, services
from imports.api.serializers import ImportFilter, ImportInput, ImportListOutput, ImportOutput


class ImportJobViewSet(ActorMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ImportOutput
    permission_classes = [IsPartnerAdmin]
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.import_job_list(actor=self.actor)

    @extend_schema(parameters=[ImportFilter], responses=ImportListOutput(many=True))
    def list(self, request):
        filters = validated(ImportFilter, request.query_params)
        page = self.paginate_queryset(selectors.import_job_list(actor=self.actor, filters=filters))
        return self.get_paginated_response(ImportListOutput(page, many=True).data)

    @extend_schema(
        request={"multipart/form-data": ImportInput},
        responses={202: ImportOutput},
        description="Partner admin. The file is checked (type, header, encoding, size) at once: "
        "400 when it cannot be imported. The rows are read in the background: poll the job.",
    )
    def create(self, request):
        data = validated(ImportInput, request.data)
        job = services.import_job_create(actor=self.actor, **data)
        job.refresh_from_db()  # an eager run (no broker) has already finished it
        return Response(ImportOutput(job).data, status=status.HTTP_202_ACCEPTED)
