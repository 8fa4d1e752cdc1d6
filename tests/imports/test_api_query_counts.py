"""The import list costs the same number of queries at page size 10 and 100."""

import pytest

from imports.models import ImportJob
from tests.support.querycount import assert_constant_in_page_size

pytestmark = pytest.mark.django_db


def test_import_list(api, admin_user, partner):
    statuses = list(ImportJob.Status.values)
    ImportJob.objects.bulk_create(
        ImportJob(
            partner=partner,
            kind="customers",
            status=statuses[n % 4],
            file=f"imports/{n}.csv",
            file_name=f"{n}.csv",
            created_by=admin_user,
        )
        for n in range(110)
    )
    assert assert_constant_in_page_size(api(admin_user), "/api/imports/", 110) <= 3
