"""Which documents a data correction needs, per field, as data.

A name or birth date is corrected to what the civil registry says, so the KTP and the
family card are always asked for; a new NIK also needs the registry's own letter.
"""

from __future__ import annotations

from jamsos.helpdesk.models import CorrectableField, Document

EVIDENCE_BY_FIELD: dict[str, tuple[Document, ...]] = {
    CorrectableField.FULL_NAME: (Document.KTP, Document.KK, Document.EMPLOYER_LETTER),
    CorrectableField.BIRTH_DATE: (Document.KTP, Document.KK, Document.BIRTH_CERTIFICATE),
    CorrectableField.SEX: (Document.KTP, Document.KK),
    CorrectableField.NIK: (Document.KTP, Document.KK, Document.DUKCAPIL_LETTER),
}
