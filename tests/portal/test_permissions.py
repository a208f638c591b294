"""The permission matrix: who may open which portal page, and that no one sees another's data.

Two participants, an employer user, a call-centre agent and an administrator call every
/peserta/ route. Every route must be in the matrix below, so a new route fails this test
until someone decides who may use it.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import URLPattern, get_resolver, reverse

from tests.helpdesk.cast import make_staff
from tests.portal.conftest import english_client

pytestmark = pytest.mark.django_db

PUBLIC = "public"  # anyone; shows nobody's data
MINE = "mine"  # the logged-in participant's own data; others are sent away
POST_ONLY = "post"  # an action, not a page

MATRIX = {
    "home": PUBLIC,
    "login": PUBLIC,
    "login_code": PUBLIC,
    "logout": POST_ONLY,
    "signup": PUBLIC,
    "signup_code": PUBLIC,
    "signup_resume": PUBLIC,
    "reset": PUBLIC,
    "reset_code": PUBLIC,
    "profile": MINE,
    "balance": MINE,
    "contributions": MINE,
    "access_log": MINE,
    "data_export": MINE,
    "security": MINE,
    "contact": MINE,
    "contact_code": MINE,
    "contact_stepup": POST_ONLY,
}


def portal_patterns() -> list[URLPattern]:
    resolver = get_resolver()
    for candidate in resolver.url_patterns:
        if getattr(candidate, "namespace", None) == "portal":
            return list(candidate.url_patterns)
    raise AssertionError("the portal is not mounted")


def test_every_portal_route_is_in_the_matrix_and_takes_no_identifier():
    patterns = portal_patterns()

    assert {p.name for p in patterns} == set(MATRIX)
    for pattern in patterns:
        assert "<" not in str(pattern.pattern), f"{pattern.name} takes an identifier from the URL"


@pytest.fixture
def cast(budi_account, siti_account, budi_client, siti_client):
    employer = get_user_model().objects.create_user("hr.sumber", password="x-very-long-1")
    employer.groups.add(Group.objects.get_or_create(name="employer_admin")[0])
    staff_clients = {}
    for name, user in (
        ("employer", employer),
        ("agent", make_staff("agen", "cs_agent")),
        ("admin", get_user_model().objects.create_superuser("root", password="x-very-long-2")),
    ):
        client = english_client()
        client.force_login(user)
        staff_clients[name] = client
    return {
        "budi": (budi_client, budi_account.participant),
        "siti": (siti_client, siti_account.participant),
        **{name: (client, None) for name, client in staff_clients.items()},
        "anonymous": (english_client(), None),
    }


def secrets_of(participant) -> list[str]:
    return [participant.kpj, participant.full_name, participant.nik]


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_no_one_reaches_another_person_s_data_on_any_portal_route(cast, name):
    url = reverse(f"portal:{name}")
    everyone = [p for _, p in cast.values() if p is not None]
    for who, (client, own) in cast.items():
        response = client.get(url)
        body = response.content.decode(errors="replace")
        others = [p for p in everyone if p is not own]
        for other in others:
            for secret in secrets_of(other):
                assert secret not in body, f"{who} saw another person's data on {name}"
        kind = MATRIX[name]
        if kind == POST_ONLY:
            assert response.status_code in ((405,) if own else (302, 403, 405)), (who, name)
        elif kind == PUBLIC:
            assert response.status_code in (200, 302), (who, name)
        elif who == "anonymous":
            assert response.status_code == 302 and "/peserta/masuk/" in response.url, (who, name)
        elif own is None:
            assert response.status_code == 403, (who, name)
        else:
            assert response.status_code in (200, 302), (who, name)
            if response.status_code == 302:
                assert response.url.startswith("/peserta/"), (who, name)


@pytest.mark.parametrize("name", ["profile", "data_export"])
def test_each_participant_sees_their_own_record(cast, name):
    for who in ("budi", "siti"):
        client, own = cast[who]
        body = client.get(reverse(f"portal:{name}")).content.decode()
        assert own.kpj in body, (who, name)


@pytest.mark.parametrize("name", ["logout", "contact_stepup"])
def test_actions_refuse_other_methods_and_strangers(cast, name):
    url = reverse(f"portal:{name}")
    client, _ = cast["anonymous"]
    response = client.post(url)
    assert response.status_code in (302, 403)
    if name == "contact_stepup":
        agent, _ = cast["agent"]
        assert agent.post(url).status_code == 403
