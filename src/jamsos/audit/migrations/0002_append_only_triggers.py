"""PostgreSQL triggers that keep the audit log append-only in the database itself.

audit_event: DELETE is refused; TRUNCATE is refused unless the table is empty
(emptying an empty table loses nothing, and it is what Django's test flush does);
UPDATE is refused except the sealer's: setting the seal columns of a row that had
none, with every other column unchanged. The comparison uses the whole row as
jsonb minus the seal columns, so columns added later are protected too.

audit_chain_head: only moves forward, so the end of the chain cannot be wound
back to hide rows cut from the tail.

The table owner or a superuser can still switch the triggers off (ALTER TABLE ...
DISABLE TRIGGER, session_replication_role = replica); `jamsos audit verify` is
what detects that. On SQLite there are no triggers; the model refuses instead.
"""

from django.db import migrations

INSTALL = [
    """
    CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        has_rows boolean;
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I)', TG_TABLE_SCHEMA, TG_TABLE_NAME)
                INTO has_rows;
            IF has_rows THEN
                RAISE EXCEPTION 'audit_event is append-only: TRUNCATE refused'
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NULL;
        END IF;
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'audit_event is append-only: DELETE of event % refused', OLD.id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF OLD.row_hash IS NULL
           AND NEW.row_hash IS NOT NULL
           AND (to_jsonb(NEW) - '{chain_seq,prev_hash,row_hash,sealed_at}'::text[])
               = (to_jsonb(OLD) - '{chain_seq,prev_hash,row_hash,sealed_at}'::text[])
        THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_event is append-only: UPDATE of event % refused', OLD.id
            USING ERRCODE = 'integrity_constraint_violation',
                  HINT = 'Only the sealer may set the seal columns, once.';
    END;
    $$
    """,
    """
    CREATE TRIGGER audit_event_append_only
        BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()
    """,
    """
    CREATE TRIGGER audit_event_no_truncate
        BEFORE TRUNCATE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()
    """,
    """
    CREATE OR REPLACE FUNCTION audit_chain_head_forward_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        has_rows boolean;
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I)', TG_TABLE_SCHEMA, TG_TABLE_NAME)
                INTO has_rows;
            IF has_rows THEN
                RAISE EXCEPTION 'audit_chain_head: TRUNCATE refused'
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NULL;
        END IF;
        IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.last_seq > OLD.last_seq THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_chain_head only moves forward: % refused', TG_OP
            USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$
    """,
    """
    CREATE TRIGGER audit_chain_head_forward_only
        BEFORE UPDATE OR DELETE ON audit_chain_head
        FOR EACH ROW EXECUTE FUNCTION audit_chain_head_forward_only()
    """,
    """
    CREATE TRIGGER audit_chain_head_no_truncate
        BEFORE TRUNCATE ON audit_chain_head
        FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_head_forward_only()
    """,
]

UNINSTALL = [
    "DROP TRIGGER IF EXISTS audit_chain_head_no_truncate ON audit_chain_head",
    "DROP TRIGGER IF EXISTS audit_chain_head_forward_only ON audit_chain_head",
    "DROP FUNCTION IF EXISTS audit_chain_head_forward_only()",
    "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event",
    "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event",
    "DROP FUNCTION IF EXISTS audit_event_append_only()",
]


def _run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            # No parameters: the statements contain plpgsql's own % placeholders.
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(_run_on_postgresql(INSTALL), _run_on_postgresql(UNINSTALL)),
    ]
