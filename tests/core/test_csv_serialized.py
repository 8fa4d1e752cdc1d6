"""A list as its serializer shows it: one column per readable field, a nested object's fields as
``name.field``, lists joined or nested as JSON, decimal strings as numbers, formulas defused."""

import csv
import io
from decimal import Decimal

from rest_framework import serializers

from core.api.csv import CsvRenderer
from core.csv_export import serialized_csv_response, serializer_columns


class Address(serializers.Serializer):
    city = serializers.CharField()
    zip = serializers.CharField()


class Row(serializers.Serializer):
    name = serializers.CharField()
    secret = serializers.CharField(write_only=True)
    amount = serializers.DecimalField(max_digits=8, decimal_places=2)
    address = Address()
    tags = serializers.ListField(child=serializers.CharField())
    lines = serializers.ListField(child=serializers.DictField())


ROWS = [
    {
        "name": '=HYPERLINK("x")',
        "secret": "never",
        "amount": Decimal("-5.00"),
        "address": {"city": "Hangzhou", "zip": "310000"},
        "tags": ["vip", "cn"],
        "lines": [{"sku": "E3"}],
    },
    {
        "name": "Plain",
        "secret": "",
        "amount": Decimal("2"),
        "address": None,
        "tags": [],
        "lines": [],
    },
]


def read_text(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def read(response) -> list[list[str]]:
    return read_text(b"".join(response.streaming_content).decode("utf-8"))


def test_the_columns_are_the_readable_fields_with_nested_ones_flattened():
    assert serializer_columns(Row()) == [
        "name",
        "amount",
        "address.city",
        "address.zip",
        "tags",
        "lines",
    ]


def test_each_row_is_what_the_serializer_makes_of_it():
    rows = read(serialized_csv_response(name="rows", serializer=Row(), rows=iter(ROWS)))
    assert rows[1] == [
        '\'=HYPERLINK("x")',
        "-5.00",
        "Hangzhou",
        "310000",
        "vip; cn",
        '[{"sku": "E3"}]',
    ]
    assert rows[2] == ["Plain", "2.00", "", "", "", ""]


def test_a_chunked_represent_shapes_rows_that_are_not_instances():
    def upper(chunk):
        return [{"name": row["name"].upper()} for row in chunk]

    class Name(serializers.Serializer):
        name = serializers.CharField()

    response = serialized_csv_response(
        name="names", serializer=Name(), rows=[{"name": "a"}, {"name": "b"}], represent=upper
    )
    assert read(response) == [["name"], ["A"], ["B"]]


def test_a_list_answered_whole_is_written_by_the_renderer():
    body = CsvRenderer().render([{"id": 1, "name": "=x"}, {"id": 2, "name": "b", "extra": [1, 2]}])
    assert read_text(body.decode()) == [
        ["id", "name", "extra"],
        ["1", "'=x", ""],
        ["2", "b", "1; 2"],
    ]
