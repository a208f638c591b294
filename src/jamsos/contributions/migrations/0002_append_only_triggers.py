"""PostgreSQL triggers: payments and their reversals are never updated or deleted.

A wrong payment is cancelled by a reversal row. TRUNCATE stays possible (the test
harness empties tables that way). On SQLite the models refuse instead.
"""

from django.db import migrations

TABLES = ("contributions_payment", "contributions_payment_reversal")

INSTALL = [
    """
    CREATE OR REPLACE FUNCTION contributions_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'integrity_constraint_violation',
                  HINT = 'Reverse a payment with a payment reversal instead.';
    END;
    $$
    """,
    *(
        f"""
        CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION contributions_append_only()
        """
        for table in TABLES
    ),
]
UNINSTALL = [
    *(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}" for table in TABLES),
    "DROP FUNCTION IF EXISTS contributions_append_only()",
]


def _run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(_run_on_postgresql(INSTALL), _run_on_postgresql(UNINSTALL)),
    ]
