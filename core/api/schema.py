"""The refusals every endpoint may answer, in the OpenAPI schema (a drf-spectacular
post-processing hook): the schema must not lie to a client, or to schemathesis. 400 is a body by
field (or ``detail``), the others ``{"detail": …}``, 409 with the refusal's ``code`` as well.

``AutoSchema`` and ``csv_responses`` document ``?format=csv`` where it is answered: the lists."""

from drf_spectacular import openapi

from core.api.csv import CsvRenderer, lists_as_csv

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {"type": "object", "additionalProperties": {}}
WRITES = {"post", "put", "patch", "delete"}
CSV_FILE = {"type": "string", "format": "binary"}


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


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's, with ``text/csv`` (and ``?format=``) on the lists only: they are the
    operations that answer it (``core.api.csv``)."""

    def map_renderers(self, attribute: str):
        formats = super().map_renderers(attribute)
        if lists_as_csv(self.view, self.method):
            return formats
        csv = CsvRenderer.format if attribute == "format" else CsvRenderer.media_type
        return [value for value in formats if value != csv]

    def _get_format_parameters(self):
        parameters = super()._get_format_parameters()
        for parameter in parameters:
            parameter["description"] = (
                "`csv`: every row the filters give (not one page), streamed as a CSV download "
                "named after the list and today's date; the columns are the fields of a row."
            )
        return parameters


def csv_responses(result, generator, request, public):
    """A CSV answer is a file, not the JSON page's shape."""
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            if not isinstance(operation, dict):
                continue
            for response in operation.get("responses", {}).values():
                content = response.get("content", {}) if isinstance(response, dict) else {}
                if CsvRenderer.media_type in content:
                    content[CsvRenderer.media_type] = {"schema": CSV_FILE}
    return result
