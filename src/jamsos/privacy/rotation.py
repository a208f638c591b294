"""Moving encrypted values to the current data key after a rotation.

Rotation: add the new key to JAMSOS_DATA_KEYS, make it JAMSOS_DATA_KEY_CURRENT
(new writes use it at once; old values still decrypt), then run
`jamsos keys reencrypt`. When it reports nothing left under the old key, the old
key can be removed from the environment.
"""

from __future__ import annotations

from typing import TextIO

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Cast

from jamsos.ops.progress import Progress
from jamsos.privacy.fields import EncryptedTextField
from jamsos.privacy.keys import load_keyring


def _encrypted_fields(model: type[models.Model]) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def _stale_rows(
    model: type[models.Model], fields: list[EncryptedTextField], current: str
) -> models.QuerySet:
    # The raw column, read as plain text, starts with the id of the key that sealed it.
    raw = {f"raw_{f.attname}": Cast(f.attname, models.TextField()) for f in fields}
    stale = Q()
    for name in raw:
        stale |= Q(**{f"{name}__isnull": False}) & ~Q(**{f"{name}__startswith": f"{current}$"})
    return model._default_manager.annotate(**raw).filter(stale)


def reencrypt_all(
    *, batch_size: int = 2000, progress_stream: TextIO | None = None
) -> dict[str, int]:
    """Re-encrypt every value not under the current key; returns rows moved per model."""
    current = load_keyring().current_key_id
    moved: dict[str, int] = {}
    for model in apps.get_models():
        fields = _encrypted_fields(model)
        if not fields:
            continue
        label = model._meta.label
        stale = _stale_rows(model, fields, current)
        progress = Progress(f"reencrypt {label}", stale.count(), stream=progress_stream)
        moved[label] = 0
        last_pk = None
        while True:
            with transaction.atomic():
                batch_query = stale.order_by("pk")
                if last_pk is not None:
                    batch_query = batch_query.filter(pk__gt=last_pk)
                batch = list(batch_query[:batch_size])
                if not batch:
                    break
                # Reading decrypted each value with its own key; writing seals it with the
                # current one.
                model._default_manager.bulk_update(batch, [f.name for f in fields])
            last_pk = batch[-1].pk
            moved[label] += len(batch)
            progress.advance(len(batch))
        progress.finish()
    return moved
