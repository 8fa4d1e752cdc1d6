"""API tokens moved from rest_framework.authtoken (clear text, never expiring) to django-rest-knox
(a digest, with an expiry). The old tokens cannot become knox tokens without keeping them usable
forever, so they are dropped: API clients sign in again (``POST /api/auth/token/``). The stale content
type and its permissions go with ``manage.py remove_stale_contenttypes``."""

from django.db import migrations

FORWARD = [
    "DROP TABLE IF EXISTS authtoken_token",
    "DELETE FROM django_migrations WHERE app = 'authtoken'",
]


def drop(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for statement in FORWARD:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0002_event_append_only"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [migrations.RunPython(drop, migrations.RunPython.noop)]
