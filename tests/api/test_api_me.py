"""The participant's own data over the API: the same facts as the portal, audited."""

from jamsos.audit.models import AuditEvent
from jamsos.helpdesk.models import Ticket


def test_the_profile_shows_kpj_masked_nik_status_and_employer(budi_app, budi):
    nik, participant = budi
    body = budi_app.get("/me/profile").json()
    assert body["kpj"] == participant.kpj
    assert nik not in str(body)
    assert body["masked_nik"].endswith(nik[-4:]) or "*" in body["masked_nik"]
    assert body["employments"][0]["employer_name"] == "PT Sumber Rejeki"


def test_every_read_is_written_to_the_access_log_as_the_mobile_app(budi_app, budi):
    budi_app.get("/me/balance")
    assert AuditEvent.objects.filter(
        action="participant.balance.view", channel="api", subject_participant_id=budi[1].pk
    ).exists()


def test_the_balance_has_a_yearly_statement_and_takes_a_year(budi_app):
    response = budi_app.get("/me/balance", year=1990)
    assert response.status_code == 200
    body = response.json()
    assert set(body["statement"]) >= {"opening", "contributions", "returns", "closing"}
    assert body["statement"]["year"] == body["years"][0]


def test_contributions_come_as_lines_and_monthly_totals(budi_app):
    body = budi_app.get("/me/contributions", months=12).json()
    assert set(body) == {"lines", "months"}


def test_the_access_log_is_paginated_with_count_and_pages(budi_app):
    for _ in range(3):
        budi_app.get("/me/profile")
    body = budi_app.get("/me/access-log", page=1, per_page=2).json()
    assert body["per_page"] == 2 and len(body["results"]) == 2
    assert body["count"] >= 4 and body["pages"] == -(-body["count"] // 2)
    assert body["results"][0]["actor_kind"] == "self"
    assert budi_app.get("/me/access-log", page=2, per_page=2).json()["page"] == 2


def test_the_card_comes_as_data_png_and_pdf_with_one_serial(budi_app, budi):
    card = budi_app.get("/me/card").json()
    assert card["kpj"] == budi[1].kpj and card["payload"]
    png = budi_app.get("/me/card.png")
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    pdf = budi_app.get("/me/card.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert budi_app.get("/me/card").json()["serial"] == card["serial"]


def test_the_data_export_holds_the_full_record(budi_app, budi):
    body = budi_app.get("/me/data-export").json()
    assert body["participant"]["nik"] == budi[0]


def test_a_complaint_lands_in_the_call_centre_queue_from_the_app(budi_app, budi):
    response = budi_app.post(
        "/me/complaints", {"category": "balance", "text": "Saldo JHT saya belum bertambah."}
    )
    assert response.status_code == 201, response.content
    ticket = Ticket.objects.get(number=response.json()["number"])
    assert ticket.subject_participant_id == budi[1].pk and ticket.origin == "api"


def test_a_complaint_with_an_unknown_category_is_refused_in_the_error_shape(budi_app):
    response = budi_app.post("/me/complaints", {"category": "gossip", "text": "Halo"})
    assert response.status_code == 400
    assert response.json()["code"] == "TICKET_CATEGORY_UNKNOWN"
    assert response.json()["field"] == "category"
