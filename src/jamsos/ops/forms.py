"""Turning a domain refusal into what a Django form or page shows, in the active language."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language

from jamsos.ops.errors import JamsosError


def active_message(error: JamsosError) -> str:
    return error.message(get_language() or "id")


def refusal(error: JamsosError) -> forms.ValidationError:
    return forms.ValidationError(active_message(error), code=error.code)
