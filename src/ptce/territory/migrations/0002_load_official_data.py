"""Load the packaged official geography (see ptce/territory/data/README.md).

Later updates of the data file are applied with `ptce territory_sync`, not a new migration.
"""

from django.db import migrations

from ptce.territory import loader


def load(apps, schema_editor):
    loader.load(apps, using=schema_editor.connection.alias)


def unload(apps, schema_editor):
    loader.unload(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ("territory", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, unload),
    ]
