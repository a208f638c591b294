import pytest


@pytest.fixture
def api(client):
    def post(path, body):
        return client.post(f"/api/v1{path}", body, content_type="application/json")

    return post


def test_the_openapi_document_describes_the_calculator(client, db):
    document = client.get("/api/v1/openapi.json").json()
    assert document["info"]["title"] == "Jamsos API"
    assert "/api/v1/calculators/contribution" in document["paths"]


def test_the_interactive_documentation_needs_no_internet(client, db):
    page = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()


def test_the_contribution_calculator_reproduces_worked_example_b(api, db):
    result = api(
        "/calculators/contribution", {"wage": 15_000_000, "risk_class": 3, "month": "2025-06"}
    )
    body = result.json()
    assert result.status_code == 200
    assert (body["employer_total"], body["worker_total"]) == (944_448, 405_474)
    assert any("10,547,400" in line or "10.547.400" in line for line in body["explanation"])


@pytest.mark.parametrize(
    ("body", "code", "status"),
    [
        ({"wage": 0, "risk_class": 3, "month": "2025-06"}, "CONTRIBUTION_WAGE_INVALID", 400),
        (
            {"wage": 5_000_000, "risk_class": 9, "month": "2025-06"},
            "CONTRIBUTION_RISK_CLASS_INVALID",
            400,
        ),
        (
            {"wage": 5_000_000, "risk_class": 1, "month": "2025-13"},
            "CONTRIBUTION_MONTH_INVALID",
            400,
        ),
        ({"wage": "banyak", "risk_class": 1, "month": "2025-06"}, "REQUEST_INVALID", 422),
        ({"risk_class": 1, "month": "2025-06"}, "REQUEST_INVALID", 422),
    ],
)
def test_every_refusal_has_one_shape_with_a_code_and_both_languages(api, db, body, code, status):
    result = api("/calculators/contribution", body)
    error = result.json()
    assert result.status_code == status
    assert error["code"] == code
    assert error["message"]["id"] and error["message"]["en"]


def test_an_unknown_route_is_a_plain_404(client, db):
    assert client.get("/api/v1/nothing-here").status_code == 404
