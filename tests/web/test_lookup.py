import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jamsos.audit.models import AuditEvent
from jamsos.identity import mask_nik
from tests.factories import make_employer, make_nik
from tests.registry.test_enrolment import enrol
from tests.web.conftest import new_captcha


def text(response) -> str:
    return response.content.decode()


def test_the_form_has_labelled_fields_and_no_javascript_is_needed_to_submit(client, db):
    page = text(client.get("/cek-kepesertaan/"))
    for field in ("id_nik", "id_birth_date", "id_full_name", "id_captcha_1"):
        assert f'for="{field}"' in page
    assert '<form method="post" action="/cek-kepesertaan/"' in page
    assert 'type="submit"' in page and "Cek Kepesertaan" in page


def test_a_full_match_shows_the_kpj_status_and_current_employer_but_never_the_full_nik(
    budi, lookup
):
    nik, participant = budi
    response = lookup(nik)

    page = text(response)
    assert response.status_code == 200
    assert participant.kpj in page
    assert "Budi Santoso" in page
    assert "Aktif" in page
    assert "PT Sumber Rejeki, Bandung" in page
    assert nik not in page
    assert mask_nik(nik) in page
    assert response["Cache-Control"].startswith("max-age=0")
    event = AuditEvent.objects.get(action="participant.lookup", outcome="success")
    assert (event.channel, event.action, event.subject_participant_id) == (
        "web",
        "participant.lookup",
        participant.pk,
    )
    assert event.client_ip_hash and "127.0.0.1" not in event.client_ip_hash


@pytest.mark.parametrize(
    "typed_name",
    ["BUDI  SANTOSO", "budi santoso", "H. Budi Santoso, S.E.", "Budi Santsoo", "Budi Santso"],
)
def test_names_match_despite_case_titles_and_one_slipped_letter(budi, lookup, typed_name):
    nik, participant = budi
    assert participant.kpj in text(lookup(nik, full_name=typed_name))


@pytest.mark.parametrize("typed_name", ["Budi Santosa", "Budi", "Bambang Santoso", "Santoso Budi"])
def test_another_person_s_name_does_not_match(budi, lookup, typed_name):
    nik, participant = budi
    assert participant.kpj not in text(lookup(nik, full_name=typed_name))


def _without_tokens(response) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)


def test_unknown_nik_wrong_birth_date_and_wrong_name_give_the_same_answer(db, lookup):
    born = dt.date(1925, 1, 5)
    nik = make_nik(birth_date=born)
    enrol(make_employer(), nik, birth_date=born, start_date=dt.date(2024, 1, 2))

    unknown = lookup(make_nik(birth_date=born), birth_date="05/01/1925")
    wrong_birth_date = lookup(nik, birth_date="05/01/2025")  # same digits, other century
    wrong_name = lookup(nik, birth_date="05/01/1925", full_name="Joko Widodo")

    assert unknown.status_code == wrong_birth_date.status_code == wrong_name.status_code == 200
    assert (
        _without_tokens(unknown) == _without_tokens(wrong_birth_date) == _without_tokens(wrong_name)
    )
    assert "could not find" in text(unknown) or "tidak dapat menemukan" in text(unknown)
    assert sorted(
        AuditEvent.objects.filter(outcome="not_found").values_list("details__failed", flat=True)
    ) == [["birth_date"], ["full_name"], ["nik"]]


def test_the_three_failures_do_the_same_database_work(db, lookup):
    born = dt.date(1925, 1, 5)
    nik = make_nik(birth_date=born)
    enrol(make_employer(), nik, birth_date=born, start_date=dt.date(2024, 1, 2))
    statements = []
    for args in (
        (make_nik(birth_date=born), "05/01/1925", "Budi Santoso"),
        (nik, "05/01/2025", "Budi Santoso"),
        (nik, "05/01/1925", "Joko Widodo"),
    ):
        with CaptureQueriesContext(connection) as queries:
            lookup(args[0], birth_date=args[1], full_name=args[2])
        # Shape of the work, not the values: the same statements in the same order.
        statements.append(
            [re.sub(r"'[^']*'|\"s\d+_x\d+\"|\b\d+\b|\bNULL\b", "?", q["sql"]) for q in queries]
        )
    assert statements[0] == statements[1] == statements[2]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nik", "12345", "16"),
        ("nik", "1234567890123456", "NIK"),
        ("birth_date", "1990-17-05", "DD/MM/YYYY"),
        ("birth_date", "18/05/1990", "NIK"),
        ("full_name", "", ""),
    ],
)
def test_bad_input_is_explained_next_to_its_field_and_nothing_is_looked_up(
    budi, lookup, field, value, message
):
    nik, _ = budi
    values = {"nik": nik, "birth_date": "17/05/1990", "full_name": "Budi Santoso", field: value}
    response = lookup(values["nik"], birth_date=values["birth_date"], full_name=values["full_name"])

    page = text(response)
    assert response.status_code == 400
    assert 'aria-invalid="true"' in page
    assert re.search(
        rf'id="id_{field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="id_{field}"', page
    )
    assert message in page
    assert not AuditEvent.objects.filter(action="participant.lookup").exists()


def test_a_wrong_captcha_is_refused_and_cannot_be_retried(client, budi):
    nik, participant = budi
    challenge = new_captcha()
    data = {"nik": nik, "birth_date": "17/05/1990", "full_name": "Budi Santoso"}
    wrong = client.post("/cek-kepesertaan/", {**data, **challenge, "captcha_1": "WRONG"})
    replayed = client.post("/cek-kepesertaan/", {**data, **challenge})  # right answer, used key

    assert wrong.status_code == 400
    assert participant.kpj not in text(wrong)
    assert participant.kpj in text(replayed)  # test mode: PASSED needs no stored challenge


def test_the_nik_never_travels_in_a_url(budi, lookup):
    nik, _ = budi
    response = lookup(nik)
    assert "Location" not in response
    assert nik not in response.request["PATH_INFO"] + response.request.get("QUERY_STRING", "")


def test_too_many_lookups_from_one_address_are_told_when_to_try_again(settings, budi, lookup):
    settings.LOOKUP_LIMIT_PER_CLIENT = "2/600"
    nik, participant = budi
    lookup(nik)
    lookup(nik)
    limited = lookup(nik)

    assert limited.status_code == 429
    assert int(limited["Retry-After"]) <= 600
    assert re.search(r"\d\d:\d\d WIB", text(limited))
    assert participant.kpj not in text(limited)


def test_failed_matches_on_one_nik_close_it_for_everyone_for_a_while(settings, budi, lookup):
    settings.LOOKUP_LIMIT_FAILURES_PER_NIK = "2/3600"
    nik, participant = budi
    lookup(nik, full_name="Orang Lain", REMOTE_ADDR="10.0.0.1")
    lookup(nik, full_name="Orang Lain", REMOTE_ADDR="10.0.0.2")

    from_someone_else = lookup(nik, REMOTE_ADDR="10.0.0.3")

    assert from_someone_else.status_code == 429
    assert participant.kpj not in text(from_someone_else)


def test_an_unknown_nik_is_closed_after_failures_just_like_a_known_one(settings, db, lookup):
    settings.LOOKUP_LIMIT_FAILURES_PER_NIK = "1/3600"
    nik = make_nik()
    lookup(nik)
    assert lookup(nik).status_code == 429


def test_client_addresses_come_from_the_proxy_header_only_when_configured(settings, budi, lookup):
    settings.LOOKUP_LIMIT_PER_CLIENT = "1/600"
    nik, _ = budi
    assert lookup(nik, HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 200
    # Not configured: the header is ignored, both requests come from REMOTE_ADDR.
    assert lookup(nik, HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 429

    settings.TRUSTED_CLIENT_IP_HEADER = "X-Forwarded-For"
    assert lookup(nik, HTTP_X_FORWARDED_FOR="3.3.3.3").status_code == 200
    assert lookup(nik, HTTP_X_FORWARDED_FOR="4.4.4.4").status_code == 200


def test_an_inactive_member_is_shown_as_not_active_without_an_employer(db, lookup):
    nik = make_nik()
    employment = enrol(
        make_employer(name="PT Lama"), nik, start_date=dt.date(2020, 1, 6)
    ).employment
    employment.end_date, employment.end_reason = dt.date(2024, 1, 31), "resigned"
    employment.save(update_fields=["end_date", "end_reason"])

    page = text(lookup(nik))
    assert "Tidak aktif" in page
    assert "PT Lama" not in page


def test_the_answer_is_in_english_after_switching_language(client, budi, lookup):
    nik, _ = budi
    client.post("/i18n/setlang/", {"language": "en", "next": "/cek-kepesertaan/"})
    page = text(lookup(nik))
    assert "Membership number (KPJ)" in page and "Active" in page


@pytest.fixture
def sent_messages(monkeypatch):
    from jamsos.notify.backends import MemoryBackend

    monkeypatch.setenv("JAMSOS_SMS_BACKEND", "memory")
    monkeypatch.setenv("JAMSOS_EMAIL_BACKEND", "memory")
    MemoryBackend.reset()
    yield MemoryBackend.sent
    MemoryBackend.reset()


def test_in_privacy_mode_a_match_is_answered_only_on_the_registered_phone(
    settings, budi, lookup, sent_messages, django_capture_on_commit_callbacks
):
    settings.LOOKUP_SHOWS_RESULT = False
    nik, participant = budi

    with django_capture_on_commit_callbacks(execute=True):
        response = lookup(nik)

    page = text(response)
    assert participant.kpj not in page
    assert "+62 ****-****-890" in page
    assert [(m.recipient, participant.kpj in m.body) for m in sent_messages] == [
        ("+6281234567890", True)
    ]


def test_in_privacy_mode_a_member_without_contacts_is_sent_to_a_branch(
    settings, db, lookup, sent_messages, django_capture_on_commit_callbacks
):
    settings.LOOKUP_SHOWS_RESULT = False
    nik = make_nik()
    participant = enrol(
        make_employer(), nik, phone=None, email=None, start_date=dt.date(2024, 1, 2)
    ).participant

    with django_capture_on_commit_callbacks(execute=True):
        page = text(lookup(nik))

    assert participant.kpj not in page
    assert "kantor cabang" in page
    assert sent_messages == []


def test_in_privacy_mode_a_mismatch_sends_nothing(
    settings, budi, lookup, sent_messages, django_capture_on_commit_callbacks
):
    settings.LOOKUP_SHOWS_RESULT = False
    nik, _ = budi
    with django_capture_on_commit_callbacks(execute=True):
        lookup(nik, full_name="Orang Lain")
    assert sent_messages == []


def test_the_overall_limit_holds_across_its_spread_counters(settings, budi, lookup):
    settings.LOOKUP_LIMIT_OVERALL = "16/600"  # one hit per counter row
    nik, _ = budi
    statuses = [lookup(nik, REMOTE_ADDR=f"10.1.0.{n}").status_code for n in range(60)]
    # Random spreading: some rows fill before others, but the ceiling is reached.
    assert 429 in statuses
    assert statuses.count(200) <= 16
