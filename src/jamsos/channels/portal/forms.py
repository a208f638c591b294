"""Portal forms. They parse what was typed; every rule is the account services' job, and
their refusals come back to the field they name (see `views.show_error`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jamsos.accounts import errors
from jamsos.accounts.models import ContactKind
from jamsos.identity import parse_birth_date
from jamsos.ops.errors import JamsosError
from jamsos.ops.forms import refusal

_NOT_SAVED = {"autocomplete": "off", "spellcheck": "false"}
_CODE_WIDGET = forms.TextInput(
    attrs={
        "inputmode": "numeric",
        "autocomplete": "one-time-code",
        "pattern": "[0-9 ]{6,7}",
        "maxlength": "7",
    }
)


class NoEchoTextInput(forms.TextInput):
    """Never writes the typed value back into a re-displayed page (NIK, codes)."""

    def format_value(self, value: Any) -> str | None:
        return None


def _password_field(label: Any, autocomplete: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


class NewPasswordMixin(forms.Form):
    password1 = _password_field(_("New password"), "new-password")
    password2 = _password_field(_("New password again"), "new-password")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", refusal(JamsosError(errors.PASSWORD_MISMATCH)))
        return cleaned


class LoginForm(forms.Form):
    identifier = forms.CharField(
        label=_("NIK or e-mail address"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = _password_field(_("Password"), "current-password")


class CodeForm(forms.Form):
    code = forms.CharField(label=_("6-digit code"), max_length=12, widget=_CODE_WIDGET)


class SignupForm(forms.Form):
    nik = forms.CharField(
        label=_("NIK (16 digits, on your KTP)"),
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "numeric", **_NOT_SAVED}),
    )
    full_name = forms.CharField(
        label=_("Full name, as written on your KTP"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    birth_date = forms.CharField(
        label=_("Date of birth"),
        help_text=_("DD/MM/YYYY, for example 17/08/1990"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "bday", "placeholder": "DD/MM/YYYY"}
        ),
    )
    phone = forms.CharField(
        label=_("Mobile number"),
        help_text=_("The number your employer registered for you."),
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.CharField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_birth_date(self) -> dt.date:
        try:
            return parse_birth_date(self.cleaned_data["birth_date"])
        except JamsosError as error:
            raise refusal(error) from None


class SignupCodeForm(NewPasswordMixin, CodeForm):
    field_order = ["code", "password1", "password2"]


class SignupResumeForm(NewPasswordMixin, CodeForm):
    nik = forms.CharField(
        label=_("NIK (16 digits, on your KTP)"),
        max_length=32,
        widget=NoEchoTextInput(attrs={"inputmode": "numeric", **_NOT_SAVED}),
    )
    field_order = ["nik", "code", "password1", "password2"]


class ResetForm(forms.Form):
    identifier = forms.CharField(
        label=_("NIK or e-mail address"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )


class PasswordChangeForm(NewPasswordMixin):
    current_password = _password_field(_("Current password"), "current-password")
    field_order = ["current_password", "password1", "password2"]


class SecondFactorForm(forms.Form):
    password = _password_field(_("Your password"), "current-password")


class ContactChangeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What to change"),
        choices=[(ContactKind.PHONE, _("Mobile number")), (ContactKind.EMAIL, _("E-mail"))],
        widget=forms.RadioSelect,
    )
    value = forms.CharField(
        label=_("New mobile number or e-mail address"),
        max_length=254,
        widget=forms.TextInput(attrs=_NOT_SAVED),
    )
