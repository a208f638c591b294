"""The simulator's form: a phone number and a text, as a phone would send them."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jamsos.channels.sms.gateway import MAX_TEXT_CHARS
from jamsos.identity import normalise_phone
from jamsos.ops.errors import JamsosError


class SimulatorForm(forms.Form):
    sender = forms.CharField(
        label=_("From (phone number)"),
        help_text=_("The phone the SMS comes from, for example 0812-3456-7890."),
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    text = forms.CharField(
        label=_("Message"),
        help_text=_("For example CEK followed by a NIK, SALDO followed by a KPJ, or HELP."),
        max_length=MAX_TEXT_CHARS,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_sender(self) -> str:
        try:
            return normalise_phone(self.cleaned_data["sender"], field="sender")
        except JamsosError as error:
            raise forms.ValidationError(
                error.message(get_language() or "id"), code=error.code
            ) from None
