"""Changes to the contact details on a participant's registry record.

The account has no contact details of its own: codes and notices go to the phone and
e-mail on the registry record. A change proved by codes (or set by an officer) is
written here, with its verification time and blind index.

This belongs to the registry's services; it lives here until the registry offers a
`participant_change_contact` of its own, and then should call that.
"""

from __future__ import annotations

import datetime as dt

from jamsos.accounts.models import ContactKind
from jamsos.registry.models import Participant
from jamsos.registry.personal_data import email_index, phone_index


def set_registered_contact(
    participant: Participant, *, kind: str, value: str, verified_at: dt.datetime
) -> None:
    """Write one normalised contact (E.164 phone or e-mail) as verified at `verified_at`."""
    if kind == ContactKind.PHONE:
        participant.phone = value
        participant.phone_index = phone_index(value)
        participant.phone_verified_at = verified_at
        fields = ["phone", "phone_index", "phone_verified_at", "updated_at"]
    else:
        participant.email = value
        participant.email_index = email_index(value)
        participant.email_verified_at = verified_at
        fields = ["email", "email_index", "email_verified_at", "updated_at"]
    participant.save(update_fields=fields)
