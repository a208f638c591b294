"""Request and response schemas shared by the API's routers."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema


class MessageText(Schema):
    id: str = Field(description="Indonesian")
    en: str = Field(description="English")


class ErrorOut(Schema):
    """Every error the API answers with, whatever the status."""

    code: str = Field(
        description="A stable code, e.g. NOT_AUTHENTICATED", examples=["LOGIN_FAILED"]
    )
    field: str | None = Field(description="The request field the error concerns, if any")
    message: MessageText


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    return dict.fromkeys(statuses, ErrorOut)


# --- Auth ----------------------------------------------------------------------------------


class SignupStartIn(Schema):
    nik: str = Field(description="16-digit NIK", examples=["3273011705900001"])
    full_name: str
    birth_date: dt.date
    phone: str = Field(description="The phone the person uses; codes go only to the record's")
    email: str


class ChallengeOut(Schema):
    """A code was (or may have been) sent; enter it with this handle before it expires."""

    handle: str
    purpose: str
    expires_at: dt.datetime
    sent_to: list[str] = Field(description="Masked recipients; empty for sign-up and reset")


class CodeIn(Schema):
    handle: str
    code: str = Field(description="The 6-digit code", examples=["123456"])


class CodeWithPasswordIn(CodeIn):
    password: str


class StatusOut(Schema):
    status: str


class LoginIn(Schema):
    identifier: str = Field(description="NIK or e-mail")
    password: str


class TokenOut(Schema):
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - a scheme name
    access_token: str
    access_expires_at: dt.datetime
    expires_in: int = Field(description="Seconds the access token lives")
    refresh_token: str = Field(description="Single use: each refresh returns a new one")
    refresh_expires_at: dt.datetime


class LoginOut(Schema):
    status: Literal["complete", "second_factor"]
    tokens: TokenOut | None = Field(None, description="When status is complete")
    second_factor: ChallengeOut | None = Field(
        None, description="When status is second_factor: finish at /auth/login/complete"
    )


class RefreshIn(Schema):
    refresh_token: str


class ResetStartIn(Schema):
    identifier: str = Field(description="NIK or e-mail")


# --- Me ------------------------------------------------------------------------------------


class EmploymentOut(Schema):
    employer_name: str
    employer_npp: str
    employer_city: str
    start_date: dt.date
    end_date: dt.date | None
    current: bool


class ProfileOut(Schema):
    kpj: str
    full_name: str
    birth_date: dt.date
    masked_nik: str
    active: bool
    status_reason: str
    last_paid_month: dt.date | None
    employments: list[EmploymentOut]
    masked_phone: str
    phone_verified: bool
    masked_email: str
    email_verified: bool
    sms_second_factor: bool


class StatementEntryOut(Schema):
    value_date: dt.date
    kind: str
    amount: int


class YearStatementOut(Schema):
    year: int
    opening: int
    contributions: int
    returns: int
    withdrawals: int
    closing: int
    entries: list[StatementEntryOut]


class BalanceOut(Schema):
    balance: int = Field(description="JHT balance in rupiah")
    as_of: dt.datetime
    statement: YearStatementOut
    years: list[int] = Field(description="Years a statement can be asked for, newest first")


class ContributionLineOut(Schema):
    month: dt.date
    employer_npp: str
    employer_name: str
    wage: int
    jkk: int
    jkm: int
    jht_employer: int
    jht_worker: int
    jp_employer: int
    jp_worker: int
    total: int
    invoice_number: str
    status: str
    settled_on: dt.date | None


class MonthTotalOut(Schema):
    month: dt.date
    jht: int
    total: int


class ContributionsOut(Schema):
    lines: list[ContributionLineOut] = Field(description="Newest first, per month and employer")
    months: list[MonthTotalOut] = Field(description="Oldest first, for a chart")


class AccessLogEntryOut(Schema):
    occurred_at: dt.datetime
    channel: str
    channel_label: str
    actor_kind: str
    actor_label: str
    officer: str = Field(description="A stable pseudonym for an officer; empty otherwise")
    action: str
    action_label: str
    outcome: str


class AccessLogOut(Schema):
    count: int
    page: int
    pages: int
    per_page: int
    results: list[AccessLogEntryOut]


class CardOut(Schema):
    serial: int
    kpj: str
    full_name: str
    masked_name: str
    masked_nik: str
    issued_on: dt.date
    payload: str = Field(description="The signed QR payload (Ed25519), verifiable offline")
    active: bool
    status_reason: str
    status_as_of: dt.date
    agency_name: str


class ComplaintIn(Schema):
    category: str = Field(
        description="membership_number, balance, claim, data_correction, "
        "employer_complaint or app_or_website"
    )
    text: str


class ComplaintOut(Schema):
    number: str
    category: str
    status: str
    opened_at: dt.datetime


DataExportOut = dict[str, Any]
