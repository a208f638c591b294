"""The logged-in participant's own data. No route takes an identifier: the token says whose."""

from __future__ import annotations

import dataclasses

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from jamsos.accounts import services
from jamsos.accounts.models import ParticipantAccount
from jamsos.channels.api.auth import CHANNEL, bearer
from jamsos.channels.api.schemas import (
    AccessLogOut,
    BalanceOut,
    CardOut,
    ComplaintIn,
    ComplaintOut,
    ContributionsOut,
    DataExportOut,
    ProfileOut,
    errors,
)
from jamsos.helpdesk.services import submit_complaint
from jamsos.registry.cards import card_file_name, card_pdf_for, card_png_for, issue_card_audited
from jamsos.registry.services import Actor

router = Router(tags=["me"], auth=bearer)

READ_ERRORS = errors(401, 422, 429)


def _account(request: HttpRequest) -> ParticipantAccount:
    return request.auth  # type: ignore[attr-defined,return-value]


def _actor(request: HttpRequest) -> Actor:
    return Actor(user=_account(request).user, role="participant", channel=CHANNEL)


def _binary(content_type: str, description: str) -> dict:
    return {
        "responses": {
            "200": {
                "description": description,
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


@router.get("/profile", response={200: ProfileOut, **READ_ERRORS}, summary="My profile")
def profile(request: HttpRequest) -> dict:
    found = services.participant_profile(
        account=_account(request), channel=CHANNEL, request=request
    )
    return dataclasses.asdict(found)


class BalanceQuery(Schema):
    year: int | None = Field(None, description="The statement's year; this year when absent")


@router.get(
    "/balance",
    response={200: BalanceOut, **READ_ERRORS},
    summary="My JHT balance and a yearly statement",
)
def balance(request: HttpRequest, query: Query[BalanceQuery]) -> dict:
    found = services.participant_balance(
        account=_account(request), year=query.year, channel=CHANNEL, request=request
    )
    return dataclasses.asdict(found)


class ContributionsQuery(Schema):
    months: int = Field(120, ge=1, le=600, description="At most this many lines")


@router.get(
    "/contributions",
    response={200: ContributionsOut, **READ_ERRORS},
    summary="My contributions per month and employer",
)
def contributions(request: HttpRequest, query: Query[ContributionsQuery]) -> dict:
    found = services.participant_contributions(
        account=_account(request), months=query.months, channel=CHANNEL, request=request
    )
    return dataclasses.asdict(found)


class PageQuery(Schema):
    # Six digits at most, as on the portal: a page past the last one shows the last. The
    # access-log service writes the asked-for page to the audit log, whose guard refuses a
    # 16-digit number as a possible NIK, so an unbounded page answered 500.
    page: int = Field(1, ge=1, le=999_999)
    per_page: int = Field(50, ge=1, le=200)


@router.get(
    "/access-log",
    response={200: AccessLogOut, **READ_ERRORS},
    summary="Every access to my data, newest first (officers pseudonymised)",
)
def access_log(request: HttpRequest, query: Query[PageQuery]) -> dict:
    found = services.participant_access_log(
        account=_account(request),
        page=query.page,
        per_page=query.per_page,
        channel=CHANNEL,
        request=request,
    )
    return {
        "count": found.total,
        "page": found.page,
        "pages": found.pages,
        "per_page": query.per_page,
        "results": [
            {
                **dataclasses.asdict(entry),
                "channel_label": entry.channel_label,
                "actor_label": entry.actor_label,
                "action_label": entry.action_label,
            }
            for entry in found.entries
        ],
    }


@router.get(
    "/card",
    response={200: CardOut, **READ_ERRORS},
    summary="My digital card as data (with the signed QR payload)",
)
def card(request: HttpRequest) -> dict:
    account = _account(request)
    issued = issue_card_audited(
        account.participant, actor=_actor(request), file_format="json", request=request
    )
    return dataclasses.asdict(issued)


def _file(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@router.get(
    "/card.png",
    response=READ_ERRORS,
    summary="My digital card as a PNG image",
    openapi_extra=_binary("image/png", "The card image"),
)
def card_png(request: HttpRequest) -> HttpResponse:
    participant = _account(request).participant
    content = card_png_for(participant, actor=_actor(request), request=request)
    return _file(content, "image/png", card_file_name(participant, "png"))


@router.get(
    "/card.pdf",
    response=READ_ERRORS,
    summary="My digital card as a PDF (real card size)",
    openapi_extra=_binary("application/pdf", "The card as a one-page PDF"),
)
def card_pdf(request: HttpRequest) -> HttpResponse:
    participant = _account(request).participant
    content = card_pdf_for(participant, actor=_actor(request), request=request)
    return _file(content, "application/pdf", card_file_name(participant, "pdf"))


@router.get(
    "/data-export",
    response={200: DataExportOut, **READ_ERRORS},
    summary="Everything held about me, as JSON (right of access)",
)
def data_export(request: HttpRequest) -> dict:
    return services.participant_data_export(
        account=_account(request), channel=CHANNEL, request=request
    )


@router.post(
    "/complaints",
    response={201: ComplaintOut, **errors(400, 401, 422, 429)},
    summary="Send a complaint or question to the call centre",
)
def complaint(request: HttpRequest, body: ComplaintIn):
    ticket = submit_complaint(
        participant=_account(request).participant,
        category=body.category,
        text=body.text,
        origin="api",
    )
    return Status(
        201,
        {
            "number": ticket.number,
            "category": ticket.category,
            "status": ticket.status,
            "opened_at": ticket.opened_at,
        },
    )
