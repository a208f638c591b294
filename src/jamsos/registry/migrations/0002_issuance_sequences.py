from django.db import migrations

SEQUENCES = {
    # KPJ bodies start at 1,000,000,000 (see jamsos.identity.kpj); the serial counts from 1.
    "registry_kpj_serial": 1,
    "registry_npp_serial": 1,
}


def create_sequences(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, start in SEQUENCES.items():
        schema_editor.execute(f"CREATE SEQUENCE IF NOT EXISTS {name} START {start}")


def drop_sequences(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in SEQUENCES:
        schema_editor.execute(f"DROP SEQUENCE IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(create_sequences, drop_sequences)]
