"""The portal's pages, driven as a browser would through Django's test client."""

import datetime as dt
import json
import re
import time

import pytest
from django.urls import reverse

from jamsos.accounts.models import ParticipantAccount
from jamsos.audit.models import AuditEvent
from jamsos.channels.portal.access import SEEN_AT
from jamsos.ledger.posting import post_settled_invoices
from tests.accounts.cast import (
    BUDI_EMAIL,
    BUDI_PHONE,
    MALLORY_PHONE,
    NEW_PASSWORD,
    PASSWORD,
    last_code,
    make_account,
)
from tests.contributions.support import JUNE, pay, report
from tests.helpdesk.cast import make_staff
from tests.portal.conftest import english_client, portal_session

pytestmark = pytest.mark.django_db
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def signup_form(nik, phone="0812-3456-7890", name="Budi Santoso"):
    return {
        "nik": nik,
        "full_name": name,
        "birth_date": "17/05/1990",
        "phone": phone,
        "email": BUDI_EMAIL,
    }


def test_the_home_page_links_the_portal(db):
    response = english_client().get("/")

    assert 'href="/peserta/"' in response.content.decode()


def test_signing_up_through_the_pages_logs_the_new_participant_in(budi):
    nik, participant = budi
    client = english_client()

    response = client.post(reverse("portal:signup"), signup_form(nik))
    assert response.status_code == 302 and response.url == reverse("portal:signup_code")
    page = client.get(reverse("portal:signup_code"))
    assert "If your data match our records" in page.content.decode()
    done = client.post(
        reverse("portal:signup_code"),
        {"code": last_code(BUDI_PHONE), "password1": PASSWORD, "password2": PASSWORD},
    )

    assert done.status_code == 302 and done.url == reverse("portal:profile")
    profile = client.get(reverse("portal:profile")).content.decode()
    assert participant.kpj in profile and nik not in profile
    assert ParticipantAccount.objects.filter(participant=participant).exists()


def test_the_sign_up_pages_look_the_same_whether_or_not_the_data_match(budi):
    nik, _ = budi
    pages = []
    for form in (
        signup_form(nik),
        signup_form(nik, phone=MALLORY_PHONE),
        signup_form(nik, name="Orang Lain"),
    ):
        client = english_client()
        first = client.post(reverse("portal:signup"), form)
        second = client.get(reverse("portal:signup_code"))
        wrong = client.post(
            reverse("portal:signup_code"),
            {"code": "000000", "password1": PASSWORD, "password2": PASSWORD},
        )
        pages.append(
            (
                first.status_code,
                first.url,
                CSRF.sub("", second.content.decode()),
                wrong.status_code,
                CSRF.sub("", wrong.content.decode()).replace("Tries left: 4", "Tries left: ?"),
            )
        )

    # The code may by chance be 000000 for the real one: then its try is not "wrong".
    if last_code(BUDI_PHONE) != "000000":
        assert len(set(pages)) == 1


def test_mismatched_passwords_are_refused_on_the_form_before_the_code_is_checked(budi):
    nik, _ = budi
    client = english_client()
    client.post(reverse("portal:signup"), signup_form(nik))

    response = client.post(
        reverse("portal:signup_code"),
        {"code": last_code(BUDI_PHONE), "password1": PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 400
    assert "The two passwords differ" in response.content.decode()


def test_a_malformed_nik_is_shown_at_its_field(db):
    response = english_client().post(reverse("portal:signup"), signup_form("1234"))

    assert response.status_code == 400
    assert "A NIK has 16 digits" in response.content.decode()


def test_logging_in_and_out(budi, budi_account):
    nik, participant = budi
    client = english_client()

    response = client.post(reverse("portal:login"), {"identifier": nik, "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("portal:profile")
    assert participant.kpj in client.get(reverse("portal:profile")).content.decode()

    client.post(reverse("portal:logout"))
    after = client.get(reverse("portal:profile"))
    assert after.status_code == 302 and after.url.startswith(reverse("portal:login"))


def test_a_failed_log_in_says_the_same_for_a_wrong_password_and_an_unknown_person(
    budi, budi_account
):
    nik, _ = budi
    wrong = english_client().post(
        reverse("portal:login"), {"identifier": nik, "password": "nope-nope-nope"}
    )
    unknown = english_client().post(
        reverse("portal:login"), {"identifier": "nobody@example.com", "password": "nope-nope-nope"}
    )

    assert wrong.status_code == unknown.status_code == 401
    assert "The NIK/e-mail or the password is wrong" in wrong.content.decode()


def test_log_in_goes_back_to_the_portal_page_asked_for_but_never_elsewhere(budi, budi_account):
    nik, _ = budi
    inside = english_client().post(
        reverse("portal:login"),
        {"identifier": nik, "password": PASSWORD, "next": "/peserta/saldo-jht/"},
    )
    outside = english_client().post(
        reverse("portal:login"),
        {"identifier": nik, "password": PASSWORD, "next": "https://evil.example/"},
    )
    admin = english_client().post(
        reverse("portal:login"), {"identifier": nik, "password": PASSWORD, "next": "/admin/"}
    )

    assert inside.url == "/peserta/saldo-jht/"
    assert outside.url == admin.url == reverse("portal:profile")


def test_log_in_with_the_sms_code_turned_on(budi):
    nik, participant = budi
    make_account(participant, sms_second_factor=True)
    client = english_client()

    first = client.post(reverse("portal:login"), {"identifier": nik, "password": PASSWORD})
    assert first.url == reverse("portal:login_code")
    assert client.get(reverse("portal:profile")).status_code == 302  # not logged in yet
    page = client.get(reverse("portal:login_code")).content.decode()
    assert "+62 ****-****-890" in page
    done = client.post(reverse("portal:login_code"), {"code": last_code(BUDI_PHONE)})

    assert done.url == reverse("portal:profile")
    assert client.get(reverse("portal:profile")).status_code == 200


def test_an_idle_session_ends(budi_client):
    session = budi_client.session
    session[SEEN_AT] = time.time() - 3600
    session.save()

    response = budi_client.get(reverse("portal:profile"))

    assert response.status_code == 302 and "expired=1" in response.url
    assert budi_client.get(reverse("portal:balance")).status_code == 302


def test_a_password_reset_elsewhere_ends_this_session(budi, budi_client):
    nik, _ = budi
    assert budi_client.get(reverse("portal:profile")).status_code == 200
    other = english_client()

    other.post(reverse("portal:reset"), {"identifier": nik})
    done = other.post(
        reverse("portal:reset_code"),
        {"code": last_code(BUDI_PHONE), "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert done.url == reverse("portal:login")
    assert budi_client.get(reverse("portal:profile")).status_code == 302
    assert (
        english_client()
        .post(reverse("portal:login"), {"identifier": nik, "password": NEW_PASSWORD})
        .status_code
        == 302
    )


def test_changing_the_password_keeps_this_session_and_ends_the_others(budi_account):
    here = portal_session(english_client(), budi_account)
    elsewhere = portal_session(english_client(), budi_account)
    time.sleep(0.01)

    response = here.post(
        reverse("portal:security"),
        {
            "action": "password",
            "current_password": PASSWORD,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert here.get(reverse("portal:profile")).status_code == 200
    assert elsewhere.get(reverse("portal:profile")).status_code == 302


def test_turning_the_sms_code_on_needs_the_password(budi_account, budi_client):
    wrong = budi_client.post(
        reverse("portal:security"), {"action": "factor_on", "password": "not-it"}
    )
    right = budi_client.post(
        reverse("portal:security"), {"action": "factor_on", "password": PASSWORD}
    )

    assert wrong.status_code == 403 and right.status_code == 302
    budi_account.refresh_from_db()
    assert budi_account.sms_second_factor


def test_changing_the_phone_through_the_pages(budi_account, budi_client):
    new_phone = "+6281311112222"
    budi_client.post(reverse("portal:contact"), {"kind": "phone", "value": "0813-1111-2222"})
    page = budi_client.get(reverse("portal:contact_code")).content.decode()
    assert "Step 1 of 2" in page and "+62 ****-****-890" in page

    budi_client.post(reverse("portal:contact_code"), {"code": last_code(BUDI_PHONE)})
    assert "Step 2 of 2" in budi_client.get(reverse("portal:contact_code")).content.decode()
    done = budi_client.post(reverse("portal:contact_code"), {"code": last_code(new_phone)})

    assert done.url == reverse("portal:profile")
    budi_account.participant.refresh_from_db()
    assert budi_account.participant.phone == new_phone


def test_the_download_is_a_json_file_of_my_data(budi, budi_client):
    _nik, participant = budi

    response = budi_client.get(reverse("portal:data_export"))

    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["participant"]["kpj"] == participant.kpj
    assert "no-store" in response["Cache-Control"]


def test_the_contributions_page_has_a_chart_and_the_same_numbers_in_a_table(
    budi_account, budi_client
):
    employment = budi_account.participant.employments.get()
    employment.start_date = dt.date(2026, 5, 1)
    employment.save()
    pay(report(employment.employer, [employment], JUNE).invoice, paid_on=dt.date(2026, 7, 10))
    post_settled_invoices()

    page = budi_client.get(reverse("portal:contributions")).content.decode()
    balance = budi_client.get(reverse("portal:balance")).content.decode()

    assert '<svg class="bar-chart"' in page and 'role="img"' in page
    assert 'id="chart-table"' in page and "06/2026" in page
    assert "<script" not in page
    assert "Rp 0" not in balance.split('id="jht-balance"')[1][:40]


def test_every_portal_page_is_audited_with_the_portal_channel(budi_account, budi_client):
    for name in ("profile", "balance", "contributions", "access_log", "data_export"):
        budi_client.get(reverse(f"portal:{name}"))

    actions = set(
        AuditEvent.objects.filter(
            channel="portal", subject_participant_id=budi_account.pk, actor=budi_account.user
        ).values_list("action", flat=True)
    )
    assert {
        "participant.profile.view",
        "participant.balance.view",
        "participant.contributions.view",
        "participant.access_log.view",
        "participant.data.export",
    } <= actions


def test_staff_cannot_use_the_portal_and_participants_cannot_use_the_back_office(
    budi_account, budi_client
):
    officer = english_client()
    officer.force_login(make_staff("cabang", "branch_officer"))
    assert officer.get(reverse("portal:profile")).status_code == 403

    admin = budi_client.get("/admin/")
    assert admin.status_code == 302 and "/admin/login/" in admin.url


def test_a_participant_made_staff_by_mistake_loses_the_portal(budi_account, budi_client):
    budi_account.user.is_staff = True
    budi_account.user.save()

    assert budi_client.get(reverse("portal:profile")).status_code == 403


def test_portal_pages_are_never_cached(budi_client):
    response = budi_client.get(reverse("portal:profile"))

    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
