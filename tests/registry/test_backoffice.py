import pytest
from django.contrib.auth.models import Group

from jamsos.audit.models import AuditEvent
from jamsos.identity import mask_nik
from tests.factories import make_employer, make_nik
from tests.registry.test_enrolment import enrol


@pytest.fixture
def enrolled(db):
    nik = make_nik()
    return nik, enrol(make_employer(), nik).participant


@pytest.fixture
def agent(django_user_model):
    user = django_user_model.objects.create_user(
        "agen", password="rahasia-panjang-1", is_staff=True
    )
    user.groups.set([Group.objects.get(name="cs_agent")])
    return user


def test_the_staff_groups_exist_after_migrate(db):
    names = set(Group.objects.values_list("name", flat=True))
    assert {"cs_agent", "branch_officer", "claims_officer", "employer_admin", "supervisor"} <= names
    assert (
        Group.objects.get(name="supervisor").permissions.filter(codename="view_auditevent").exists()
    )
    assert (
        not Group.objects.get(name="cs_agent")
        .permissions.filter(codename="view_auditevent")
        .exists()
    )


def test_the_participant_list_shows_the_nik_masked(client, agent, enrolled):
    nik, participant = enrolled
    client.force_login(agent)

    page = client.get("/admin/registry/participant/").content.decode()

    assert participant.kpj in page
    assert mask_nik(nik) in page
    assert nik not in page


def test_staff_find_a_participant_by_nik_with_a_posted_form_and_a_purpose(client, agent, enrolled):
    nik, participant = enrolled
    client.force_login(agent)
    url = "/admin/registry/participant/find-by-nik/"

    found = client.post(url, {"nik": nik, "purpose": "tiket 123"})
    not_found = client.post(url, {"nik": make_nik(), "purpose": "tiket 124"})

    assert found.status_code == 302
    assert found["Location"] == f"/admin/registry/participant/{participant.pk}/change/"
    assert "not found" in not_found.content.decode()
    lookups = AuditEvent.objects.filter(action="participant.lookup").order_by("id")
    assert [(e.outcome, e.subject_participant_id) for e in lookups] == [
        ("success", participant.pk),
        ("not_found", None),
    ]
    assert lookups[0].purpose == "tiket 123"


def test_the_find_by_nik_form_explains_an_invalid_nik_in_both_languages(client, agent, db):
    client.force_login(agent)
    page = client.post(
        "/admin/registry/participant/find-by-nik/", {"nik": "1234", "purpose": "x"}
    ).content.decode()
    assert "16" in page and "digit" in page
    assert AuditEvent.objects.count() == 0


def test_a_nik_typed_into_the_list_search_finds_nothing_and_points_to_the_form(
    client, agent, enrolled
):
    nik, participant = enrolled
    client.force_login(agent)

    page = client.get("/admin/registry/participant/", {"q": nik}).content.decode()

    assert participant.kpj not in page
    assert "Find by NIK" in page


def test_the_list_search_finds_by_kpj_and_by_name(client, agent, enrolled):
    _, participant = enrolled
    client.force_login(agent)
    by_kpj = client.get("/admin/registry/participant/", {"q": participant.kpj}).content.decode()
    by_name = client.get("/admin/registry/participant/", {"q": "budi"}).content.decode()
    assert f"{participant.pk}/change/" in by_kpj
    assert f"{participant.pk}/change/" in by_name


def test_opening_a_participant_writes_an_audit_row(client, agent, enrolled):
    _, participant = enrolled
    client.force_login(agent)

    response = client.get(f"/admin/registry/participant/{participant.pk}/change/")

    assert response.status_code == 200
    event = AuditEvent.objects.get(action="participant.view")
    assert event.subject_participant_id == participant.pk
    assert event.actor == agent
    assert event.channel == "backoffice"
    assert event.actor_role == "cs_agent"


def test_staff_cannot_add_or_delete_participants_in_the_back_office(client, agent, enrolled):
    _, participant = enrolled
    client.force_login(agent)
    assert client.get("/admin/registry/participant/add/").status_code == 403
    assert client.get(f"/admin/registry/participant/{participant.pk}/delete/").status_code == 403


def test_a_branch_officer_registers_an_employer_and_gets_an_npp(client, django_user_model, db):
    from jamsos.identity import validate_npp
    from jamsos.registry.models import Employer

    officer = django_user_model.objects.create_user("cabang", password="x", is_staff=True)
    officer.groups.set([Group.objects.get(name="branch_officer")])
    client.force_login(officer)

    response = client.post(
        "/admin/registry/employer/add/",
        {
            "name": "PT Baru Sejahtera",
            "address": "Jl. Merdeka 1",
            "city": "Bandung",
            "risk_class": "3",
            "sector": "trade",
            "registered_on": "2026-11-01",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    employer = Employer.objects.get(name="PT Baru Sejahtera")
    assert validate_npp(employer.npp) == employer.npp
