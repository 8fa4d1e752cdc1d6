import pytest


@pytest.fixture
def upload(api, django_capture_on_commit_callbacks):
    """``upload(user, kind, file, dry_run=False)`` → the POST's response, the job run (eagerly,
    as without a broker) once the upload commits."""

    def post(user, kind, file, *, dry_run=False):
        with django_capture_on_commit_callbacks(execute=True):
            response = api(user).post(
                "/api/imports/",
                {"kind": kind, "file": file, "dry_run": dry_run},
                format="multipart",
            )
        return response

    return post


@pytest.fixture
def job_of(api):
    """The job as the API shows it after the run."""

    def get(user, response):
        return api(user).get(f"/api/imports/{response.data['id']}/").data

    return get
