"""Console forms. They parse what the agent typed; deciding anything is the services' job."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jamsos.channels.cs import errors
from jamsos.channels.cs.services import RevealReason
from jamsos.helpdesk.models import Category, CorrectableField, Priority
from jamsos.helpdesk.services import NOTE_MAX_LENGTH
from jamsos.identity import validate_full_name, validate_nik
from jamsos.ops.errors import JamsosError
from jamsos.ops.forms import refusal

_DIGITS4 = re.compile(r"^\d{4}$")
_NOT_SAVED = {"autocomplete": "off", "spellcheck": "false"}


class NoEchoTextInput(forms.TextInput):
    """A text box that never writes the typed value back into the page.

    The agent sees what they type, but a re-displayed form (after an error, or the
    results of a check) does not carry the caller's NIK or phone digits.
    """

    def format_value(self, value: Any) -> str | None:
        return None


def parse_date(text: str) -> dt.date | None:
    """DD/MM/YYYY as people say it; also YYYY-MM-DD, as a date picker sends it."""
    cleaned = text.strip().replace("-", "/").replace(".", "/").replace(" ", "")
    for pattern in ("%d/%m/%Y", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    return None


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    token = forms.CharField(
        label=_("6-digit code from your authenticator app"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}
        ),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise refusal(JamsosError(errors.CS_CODE_WRONG))
        return token


class OpenCallForm(forms.Form):
    category = forms.ChoiceField(label=_("What the call is about"), choices=Category.choices)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL
    )
    caller_name = forms.CharField(
        label=_("Caller's name, as they say it"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs=_NOT_SAVED),
    )
    summary = forms.CharField(
        label=_("Short summary"),
        help_text=_("No NIK, phone number or e-mail address."),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=_NOT_SAVED),
    )


class CallerCheckForm(forms.Form):
    nik = forms.CharField(
        label=_("NIK the caller gives"),
        help_text=_("16 digits. It is not shown again after you send the form."),
        max_length=32,
        widget=NoEchoTextInput(attrs={"inputmode": "numeric", **_NOT_SAVED}),
    )
    full_name = forms.CharField(
        label=_("Full name the caller gives"),
        max_length=120,
        widget=forms.TextInput(attrs=_NOT_SAVED),
    )
    birth_date = forms.CharField(
        label=_("Date of birth the caller gives"),
        help_text=_("DD/MM/YYYY"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "DD/MM/YYYY"}),
    )
    phone_last4 = forms.CharField(
        label=_("Last four digits of the registered phone"),
        help_text=_("Ask this, or the current employer, or both."),
        max_length=4,
        required=False,
        widget=NoEchoTextInput(attrs={"inputmode": "numeric", **_NOT_SAVED}),
    )
    employer_name = forms.CharField(
        label=_("Current employer the caller names"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=_NOT_SAVED),
    )

    def clean_nik(self) -> str:
        try:
            return validate_nik(self.cleaned_data["nik"])
        except JamsosError as error:
            raise refusal(error) from None

    def clean_full_name(self) -> str:
        try:
            return validate_full_name(self.cleaned_data["full_name"])
        except JamsosError as error:
            raise refusal(error) from None

    def clean_birth_date(self) -> dt.date:
        parsed = parse_date(self.cleaned_data["birth_date"])
        if parsed is None:
            raise forms.ValidationError(
                _("Write the date of birth as DD/MM/YYYY, for example 17/08/1990."),
                code="birth_date_format",
            )
        return parsed

    def clean_phone_last4(self) -> str:
        digits = self.cleaned_data["phone_last4"].strip()
        if digits and not _DIGITS4.match(digits):
            raise refusal(JamsosError(errors.CS_PHONE_LAST4_FORMAT))
        return digits

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            "phone_last4" not in self.errors
            and not cleaned.get("phone_last4")
            and not cleaned.get("employer_name", "").strip()
        ):
            self.add_error("phone_last4", refusal(JamsosError(errors.CS_EXTRA_QUESTION_MISSING)))
        return cleaned


class RevealForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why you need the data"),
        choices=RevealReason.choices,
        initial=RevealReason.CALLER_ASKS_KPJ,
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        help_text=_("What the caller asked and what you did. No NIK, phone number or e-mail."),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, **_NOT_SAVED}),
    )


class StatusForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(
        label=_("Note for the history (optional)"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs=_NOT_SAVED),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any status is accepted here; whether the move is allowed is the workflow's to say.
        self.fields["to"].choices = choices


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(label=_("Data to correct"), choices=CorrectableField.choices)
    requested_value = forms.CharField(
        label=_("Correct value, as on the caller's documents"),
        help_text=_("Dates as DD/MM/YYYY; sex as M or F."),
        max_length=120,
        widget=NoEchoTextInput(attrs=_NOT_SAVED),
    )
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs=_NOT_SAVED),
    )
