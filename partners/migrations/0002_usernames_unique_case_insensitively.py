"""Usernames unique whatever their case (``racer`` and ``RACER`` are one person), in the database
too: two members added at the same moment cannot both pass ``member_add``'s check."""

from django.conf import settings
from django.db import migrations

INDEX = "partners_username_lower_uniq"


def table(apps):
    return apps.get_model(settings.AUTH_USER_MODEL)._meta.db_table


def create(apps, schema_editor):
    schema_editor.execute(
        f"CREATE UNIQUE INDEX {INDEX} ON {schema_editor.quote_name(table(apps))} "
        "(LOWER(username))"
    )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(create, drop)]
