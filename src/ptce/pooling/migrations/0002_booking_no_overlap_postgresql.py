"""On PostgreSQL, the database itself refuses two live bookings of one resource that overlap.

SQLite has no exclusion constraints; there the booking service checks under a write lock
(`ptce.pooling.bookings`). Both paths give the user the same message.
"""

from django.db import migrations

CONSTRAINT = "booking_no_overlap"


def add_constraint(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    # btree_gist lets a GiST index mix "=" on the resource with "&&" on the time range.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE pooling_booking ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(resource_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
        "WHERE (cancelled_at IS NULL)"
    )


def drop_constraint(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE pooling_booking DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("pooling", "0001_initial")]

    operations = [migrations.RunPython(add_constraint, drop_constraint, elidable=False)]
