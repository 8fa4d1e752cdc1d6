"""Input fields every API shares."""

from rest_framework import serializers

from core.validators import ID_RANGE


class IdField(serializers.IntegerField):
    """A row id in a request body: a whole number a bigint column can hold (beyond that the
    database would overflow on the lookup, a 500), so anything else is a 400 on the field."""

    def __init__(self, **kwargs):
        super().__init__(**{**ID_RANGE, **kwargs})
