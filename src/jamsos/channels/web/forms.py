"""The public look-up form. It parses and checks what was typed; deciding who matches
is the registry's verification policy, not the form's."""

from __future__ import annotations

import datetime as dt

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.utils.translation import gettext_lazy as _

from jamsos.identity import parse_birth_date, parse_nik, validate_full_name, validate_nik
from jamsos.ops.errors import JamsosError, define_error
from jamsos.ops.forms import refusal

BIRTH_DATE_NIK_MISMATCH = define_error(
    "BIRTH_DATE_NIK_MISMATCH",
    id=(
        "Tanggal lahir ini tidak sesuai dengan NIK. Periksa kembali keduanya di KTP Anda "
        "(digit ke-7 sampai ke-12 NIK memuat tanggal lahir)."
    ),
    en=(
        "This date of birth does not agree with the NIK. Check both on your KTP "
        "(digits 7 to 12 of the NIK hold the date of birth)."
    ),
)


class MembershipLookupForm(forms.Form):
    nik = forms.CharField(
        label=_("NIK (16 digits, on your KTP)"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    birth_date = forms.CharField(
        label=_("Date of birth"),
        help_text=_("DD/MM/YYYY, for example 17/08/1990"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "bday", "placeholder": "DD/MM/YYYY"}
        ),
    )
    full_name = forms.CharField(
        label=_("Full name, as written on your KTP"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    captcha = CaptchaField(
        label=_("Security code"),
        help_text=_("Type the characters in the picture. Cannot read it? Reload the page."),
        widget=CaptchaTextInput(
            attrs={
                # The group has a legend; the box itself needs a name for screen readers.
                "aria-label": _("Characters in the security code picture"),
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )

    def clean_nik(self) -> str:
        try:
            return validate_nik(self.cleaned_data["nik"])
        except JamsosError as error:
            raise refusal(error) from None

    def clean_birth_date(self) -> dt.date:
        try:
            return parse_birth_date(self.cleaned_data["birth_date"])
        except JamsosError as error:
            raise refusal(error) from None

    def clean_full_name(self) -> str:
        try:
            return validate_full_name(self.cleaned_data["full_name"])
        except JamsosError as error:
            raise refusal(error) from None

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        nik, birth_date = cleaned.get("nik"), cleaned.get("birth_date")
        if nik and birth_date:
            # Deterministic from what was typed, so saying it reveals nothing about the registry.
            info = parse_nik(nik)
            typed = (birth_date.day, birth_date.month, birth_date.year % 100)
            if (info.birth_day, info.birth_month, info.birth_year_2digits) != typed:
                self.add_error("birth_date", refusal(JamsosError(BIRTH_DATE_NIK_MISMATCH)))
        return cleaned
