"""Shared OpenAPI descriptions of the error answers (SPEC §6)."""

from drf_spectacular.utils import OpenApiResponse

from tickets.api.serializers import ErrorOutput

BAD_INPUT = OpenApiResponse(description="Bad input: a message per field.")
FORBIDDEN = OpenApiResponse(description="Your role may not do this.")
NOT_FOUND = OpenApiResponse(
    description="No such object for you (another partner's objects are never found)."
)
CONFLICT = OpenApiResponse(
    ErrorOutput,
    description="Refused: `invalid_transition` (not from this status) or "
    "`policy_violation` (a rule of SPEC §4), with the reason.",
)


def action_responses(ok, ok_status: int = 200, conflict: bool = True) -> dict:
    responses = {ok_status: ok, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND}
    if conflict:
        responses[409] = CONFLICT
    return responses
