from __future__ import annotations

from jamsos.notify.checks import check_backends


def ids(problems) -> list[str]:
    return [problem.id for problem in problems]


def test_a_production_server_is_warned_about_backends_that_reach_nobody(settings, monkeypatch):
    settings.DEMO = settings.DEBUG = False
    monkeypatch.setenv("JAMSOS_SMS_BACKEND", "console")
    monkeypatch.setenv("JAMSOS_EMAIL_BACKEND", "file")

    assert ids(check_backends()) == ["notify.W001", "notify.W001"]


def test_the_demo_may_use_them_without_a_warning(settings, monkeypatch):
    settings.DEMO = True
    monkeypatch.setenv("JAMSOS_SMS_BACKEND", "console")
    monkeypatch.setenv("JAMSOS_EMAIL_BACKEND", "console")

    assert check_backends() == []


def test_an_http_gateway_without_its_url_is_an_error_naming_the_variable(settings, monkeypatch):
    settings.DEMO = True
    monkeypatch.setenv("JAMSOS_SMS_BACKEND", "http")
    monkeypatch.delenv("JAMSOS_SMS_HTTP_URL", raising=False)
    monkeypatch.setenv("JAMSOS_EMAIL_BACKEND", "smtp")

    problems = check_backends()

    assert ids(problems) == ["notify.E001"]
    assert "JAMSOS_SMS_HTTP_URL" in problems[0].msg


def test_a_configured_gateway_and_mail_server_pass(settings, monkeypatch):
    settings.DEMO = settings.DEBUG = False
    monkeypatch.setenv("JAMSOS_SMS_BACKEND", "http")
    monkeypatch.setenv("JAMSOS_SMS_HTTP_URL", "https://sms.example.id/v1/messages")
    monkeypatch.setenv("JAMSOS_SMS_HTTP_TOKEN", "token")
    monkeypatch.setenv("JAMSOS_EMAIL_BACKEND", "smtp")

    assert check_backends() == []
