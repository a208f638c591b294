"""What people and programs see before and during a window, on every channel."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from jamsos.ops import maintenance
from tests.ops.conftest import NOW

HOUR = dt.timedelta(hours=1)
# A window running at NOW (22:00 WIB): from 21:00 WIB until 23:30 WIB.
RUNNING = {"starts_in": -HOUR, "lasts": dt.timedelta(hours=2, minutes=30)}
SECONDS_LEFT = 90 * 60


@pytest.fixture
def running(clock, make_window):
    return make_window(**RUNNING)


def test_pages_show_the_notice_once_the_notice_period_has_begun(client, clock, make_window):
    make_window(starts_in=10 * HOUR, notice_hours=12)

    page = client.get("/").content.decode()

    assert 'role="status"' in page
    assert "Pemeliharaan terjadwal:" in page
    assert "02/12/2026 08:00 sampai 02/12/2026 10:00 WIB" in page
    assert "02/12/2026 08:00 to 02/12/2026 10:00 WIB" in page
    assert "Pemutakhiran server basis data." in page
    assert "Database server upgrade." in page
    assert page.index("Pemeliharaan terjadwal:") < page.index('lang="en"><strong>Scheduled')


def test_pages_show_no_notice_before_the_notice_period(client, clock, make_window):
    make_window(starts_in=10 * HOUR, notice_hours=6)

    page = client.get("/").content.decode()

    assert "maintenance-notice" not in page
    assert 'role="status"' not in page


@pytest.mark.parametrize(
    "path", ["/", "/cek-kepesertaan/", "/bantuan/", "/i18n/setlang/", "/halaman-yang-tidak-ada/"]
)
def test_during_a_window_html_pages_answer_503_with_retry_after_and_the_end(client, running, path):
    response = client.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == str(SECONDS_LEFT)
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert '<html lang="id">' in page
    assert "Layanan sedang dalam pemeliharaan" in page
    assert '<section lang="en"' in page and "Down for maintenance" in page
    assert "01/12/2026 23:30 WIB" in page
    assert 'datetime="2026-12-01T23:30:00+07:00"' in page
    assert "Pemutakhiran server basis data." in page and "Database server upgrade." in page


def test_during_a_window_the_api_answers_503_with_a_json_error(client, running):
    response = client.post("/api/v1/peserta/cek", {"nik": "x"})

    assert response.status_code == 503
    assert response["Retry-After"] == str(SECONDS_LEFT)
    body = response.json()
    assert body["code"] == "MAINTENANCE"
    assert body["retry_after"] == SECONDS_LEFT
    assert body["ends_at"] == "2026-12-01T23:30:00+07:00"
    assert body["message"]["id"] == (
        "Layanan sedang dalam pemeliharaan dan diperkirakan kembali pada 01/12/2026 23:30 WIB. "
        "Pemutakhiran server basis data. Silakan coba lagi setelah waktu tersebut."
    )
    assert body["message"]["en"].startswith(
        "The service is down for maintenance and is expected back at 01/12/2026 23:30 WIB"
    )


def test_a_planned_503_is_not_logged_as_a_server_error(client, running, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/").status_code == 503

    assert caplog.records == []


def test_during_a_window_the_sms_gateway_answers_503_with_a_json_error(client, running):
    response = client.post("/sms/incoming/", {"from": "x", "text": "CEK"})

    assert response.status_code == 503
    assert response.json()["code"] == "MAINTENANCE"
    assert response["Retry-After"] == str(SECONDS_LEFT)


def test_retry_after_counts_down_and_never_reaches_zero(client, running, clock):
    clock.advance(minutes=30, seconds=0.5)
    assert client.get("/")["Retry-After"] == str(60 * 60)  # 59 min 59.5 s, rounded up

    clock.advance(minutes=59, seconds=59.4)
    assert client.get("/")["Retry-After"] == "1"


def test_the_health_check_stays_up_during_a_window(client, running):
    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_staff_still_use_the_site_during_a_window_and_see_that_it_is_closed(client, running, staff):
    client.force_login(staff)

    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Pemeliharaan sedang berlangsung" in page
    assert "Maintenance in progress" in page


def test_a_logged_in_user_who_is_not_staff_gets_the_maintenance_page(client, running, member):
    client.force_login(member)

    assert client.get("/").status_code == 503


def test_the_back_office_login_works_during_a_window(client, running, staff):
    login_page = client.get("/admin/login/")
    logged_in = client.post(
        "/admin/login/?next=/admin/", {"username": "petugas", "password": "rahasia-panjang-1"}
    )

    assert login_page.status_code == 200
    assert logged_in.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_cancelled_window_closes_nothing(client, clock, make_window):
    make_window(**RUNNING, cancelled_at=NOW - HOUR)

    response = client.get("/")

    assert response.status_code == 200
    assert "maintenance-notice" not in response.content.decode()


def test_the_window_starts_on_time_on_a_process_that_read_the_list_before(
    client, clock, make_window
):
    make_window(starts_in=dt.timedelta(minutes=5))
    assert client.get("/").status_code == 200

    clock.advance(minutes=5)

    assert client.get("/").status_code == 503


def test_the_windows_are_read_once_per_process_and_period_not_on_every_request(
    client, running, monkeypatch
):
    seconds = [1000.0]
    monkeypatch.setattr(maintenance, "_clock", lambda: seconds[0])

    def reads() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        return sum("ops_maintenance_window" in query["sql"] for query in queries)

    assert reads() == 1
    assert reads() == 0
    seconds[0] += maintenance.CACHE_SECONDS - 0.1
    assert reads() == 0
    seconds[0] += 0.2
    assert reads() == 1


def test_a_window_scheduled_meanwhile_reaches_a_running_process_when_its_cache_expires(
    client, clock, make_window, monkeypatch
):
    seconds = [1000.0]
    monkeypatch.setattr(maintenance, "_clock", lambda: seconds[0])
    assert client.get("/").status_code == 200

    make_window(**RUNNING)  # written by another process: nothing told this one

    assert client.get("/").status_code == 200
    seconds[0] += maintenance.CACHE_SECONDS
    assert client.get("/").status_code == 503


def test_a_running_window_keeps_answering_503_when_the_database_cannot_be_read(
    client, running, monkeypatch
):
    seconds = [1000.0]
    monkeypatch.setattr(maintenance, "_clock", lambda: seconds[0])
    assert client.get("/api/v1/x").status_code == 503

    def unreadable(now):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(maintenance, "_open_windows", unreadable)
    seconds[0] += maintenance.CACHE_SECONDS

    assert client.get("/api/v1/x").status_code == 503
