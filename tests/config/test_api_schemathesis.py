"""schemathesis against the desk's own OpenAPI schema: every operation, every role, anonymous.

Bounded and reproducible: a few examples per operation from a fixed seed (``derandomize``), sent
in-process to the WSGI app, as each role in turn. What must hold for every answer: never a server
error, and status, content type and body as the schema documents them.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from partners.services import api_token_create
from tests.support.factories import (
    CustomerFactory,
    InvoiceFactory,
    SubscriptionFactory,
    TicketFactory,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 3


def desk_schema():
    """The schema the API serves (generated in-process: no request, no database)."""
    loaded = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    loaded.app = get_wsgi_application()
    return loaded


@pytest.fixture(autouse=True)
def _connection_kept_open():
    """As Django's test client does: the test's transaction lives on the one connection, which
    the WSGI handler would otherwise close at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def role_headers(partner, admin_user, agent_user, operator_user):
    """Authorization headers per role (anonymous: none), with a few objects to find."""
    customer = CustomerFactory(partner=partner)
    SubscriptionFactory(partner=partner, customer=customer)
    InvoiceFactory(partner=partner, customer=customer)
    TicketFactory(partner=partner, customer=customer)
    headers = {"anonymous": {}}
    for role, user in (("agent", agent_user), ("admin", admin_user), ("operator", operator_user)):
        headers[role] = {"Authorization": f"Token {api_token_create(user=user)[1]}"}
    return headers


OPERATIONS = [result.ok() for result in desk_schema().get_all_operations()]


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_it_answers_as_documented_for_every_role(operation, role_headers):
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # a failure is reported as found, unshrunk
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_documented(case):
        for headers in role_headers.values():
            case.call_and_validate(headers=headers, checks=CHECKS)

    answers_as_documented()
