"""The refusals every endpoint may answer, in the OpenAPI schema (a drf-spectacular
post-processing hook): the schema must not lie to a client, or to schemathesis. 400 is a body by
field (or ``detail``), the others ``{"detail": …}``, 409 with the refusal's ``code`` as well."""

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {"type": "object", "additionalProperties": {}}
WRITES = {"post", "put", "patch", "delete"}


def _response(description: str, component: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
    }


def error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {}).update(
        {"Error": ERROR, "FieldErrors": FIELD_ERRORS}
    )
    documented = {
        "400": _response("Bad input: what is wrong, by field.", "FieldErrors"),
        "401": _response("Not signed in.", "Error"),
        "403": _response("This role may not do this.", "Error"),
        "404": _response("No such object, or another partner's.", "Error"),
    }
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for code, response in documented.items():
                responses.setdefault(code, response)
            if method in WRITES:
                responses.setdefault("409", _response("Refused by a rule or a state.", "Error"))
                responses.setdefault("415", _response("Not a JSON or form body.", "Error"))
    return result
