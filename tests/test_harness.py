from django.db import connection


def test_the_suite_runs_on_the_engine_it_was_asked_for(db, database_engine):
    assert connection.vendor == database_engine


def test_health_endpoint_reports_the_database(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert response["X-Request-ID"]


def test_home_page_speaks_indonesian_first(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="id"' in response.content.decode()


def test_home_page_is_indonesian_by_default_and_english_on_request(client, db):
    indonesian = client.get("/").content.decode()
    assert "Layanan" in indonesian and "Back office" in indonesian

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/").content.decode()
    assert 'lang="en"' in english and "Services" in english
