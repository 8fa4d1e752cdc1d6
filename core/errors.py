"""Domain errors raised by services and turned into HTTP answers by the API and the web UI.

Bad input is Django's ``ValidationError`` (400, per field). A refused state change is
``InvalidTransition`` and a refused business rule is ``PolicyViolation`` (both 409).
"""


class DomainError(Exception):
    code = "domain_error"

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = str(detail)


class InvalidTransition(DomainError):
    code = "invalid_transition"


class PolicyViolation(DomainError):
    code = "policy_violation"


class NotAllowed(DomainError):
    """The actor's role may not perform this action (403)."""

    code = "permission_denied"
