"""Partner portal: imports (partner admins). The upload form and the jobs on one page; a job's
page shows a live progress bar (``js/imports.js`` polls ``GET /api/imports/{id}/``) and, once
it has finished, the errors of every invalid row."""

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
from imports import selectors, services
from imports.api.serializers import ImportListOutput
from imports.kinds import KINDS
from imports.models import ImportJob
from web.forms.imports import KIND_CHOICES, ImportForm


@role_required("admin")
@require_http_methods(["GET", "POST"])
def import_list(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as call:
            job = services.import_job_create(actor=request.actor, **form.cleaned_data)
        if not call.failed:
            messages.success(request, _("The file was accepted; its rows are being read."))
            return redirect("import-detail", pk=job.pk)
    jobs = selectors.import_job_list(actor=request.actor)
    if request.method == "GET" and csv_requested(request):
        return csv_export(name="imports", serializer_class=ImportListOutput, rows=jobs)
    context = {
        "form": form,
        "page": paginate(request, jobs),
        "kinds": [
            (label, KINDS[value].columns, KINDS[value].optional) for value, label in KIND_CHOICES
        ],
    }
    return render(request, "portal/imports/list.html", context)


@role_required("admin")
def import_detail(request, pk):
    job = get_for_actor(request.actor, ImportJob.objects.select_related("created_by"), pk=pk)
    context = {"job": job, "processed": services.job_progress(job)}
    return render(request, "portal/imports/detail.html", context)
