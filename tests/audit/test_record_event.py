from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from jamsos.audit.clients import client_address, hash_client_address
from jamsos.audit.models import AuditEvent, Channel, Outcome
from jamsos.audit.selectors import events_for_participant
from jamsos.audit.services import PersonalDataInAuditLog, record_event

pytestmark = pytest.mark.django_db


def view_by_agent(agent, **overrides) -> AuditEvent:
    arguments = {
        "actor": agent,
        "actor_role": "cs_agent",
        "channel": Channel.CS,
        "action": "participant.view",
        "outcome": Outcome.SUCCESS,
        "subject_participant_id": 42,
        "purpose": "ticket CS-1001",
    }
    return record_event(**(arguments | overrides))


@pytest.fixture
def agent(django_user_model):
    return django_user_model.objects.create_user(username="agen.sari", password="x" * 12)


def test_it_writes_the_request_id_and_only_a_hash_of_the_client_address(agent, request_factory):
    request = request_factory.get("/cs/participants/42/", REMOTE_ADDR="203.0.113.7")
    request.request_id = "req-0123456789"

    event = view_by_agent(agent, request=request)

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.request_id == "req-0123456789"
    assert stored.client_ip_hash == hash_client_address("203.0.113.7")
    assert len(stored.client_ip_hash) == 64
    assert "203.0.113.7" not in stored.client_ip_hash
    assert stored.actor == agent
    assert stored.actor_label == "agen.sari"
    assert (stored.channel, stored.action, stored.outcome) == ("cs", "participant.view", "success")
    assert stored.subject_participant_id == 42
    assert stored.purpose == "ticket CS-1001"
    assert stored.details == {}
    assert not stored.is_sealed


def test_it_costs_one_insert_and_never_reads_the_chain(agent, django_assert_num_queries):
    with django_assert_num_queries(1) as captured:
        view_by_agent(agent)
    assert captured.captured_queries[0]["sql"].startswith("INSERT")
    assert "audit_chain_head" not in captured.captured_queries[0]["sql"]


def test_it_rolls_back_with_the_surrounding_transaction(agent):
    class BusinessRuleBroken(Exception):
        pass

    with pytest.raises(BusinessRuleBroken), transaction.atomic():
        view_by_agent(agent)
        raise BusinessRuleBroken

    assert not AuditEvent.objects.exists()


def test_it_commits_with_the_surrounding_transaction(agent):
    with transaction.atomic():
        view_by_agent(agent)
    assert AuditEvent.objects.count() == 1


def test_a_request_id_given_by_the_caller_wins_over_the_requests(agent, request_factory):
    request = request_factory.get("/")
    request.request_id = "from-the-middleware"

    event = view_by_agent(agent, request=request, request_id="sms-gateway-778899")

    assert event.request_id == "sms-gateway-778899"


def test_the_proxy_header_is_ignored_unless_the_operator_trusts_it(request_factory, settings):
    request = request_factory.get(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9"
    )

    settings.TRUSTED_CLIENT_IP_HEADER = ""
    assert client_address(request) == "10.0.0.5"

    # Only the last entry was written by our proxy; the ones before it came from the client.
    settings.TRUSTED_CLIENT_IP_HEADER = "X-Forwarded-For"
    assert client_address(request) == "203.0.113.9"


def test_a_missing_or_garbled_proxy_header_falls_back_to_the_peer(request_factory, settings):
    settings.TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    assert client_address(request_factory.get("/", REMOTE_ADDR="10.0.0.5")) == "10.0.0.5"
    garbled = request_factory.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_REAL_IP="not-an-address")
    assert client_address(garbled) == "10.0.0.5"


def test_an_anonymous_visitor_is_recorded_by_role_without_a_user(request_factory):
    request = request_factory.post("/cek-kepesertaan/")
    request.user = AnonymousUser()

    event = record_event(
        actor=request.user,
        actor_role="public",
        channel="web",
        action="participant.lookup",
        outcome="not_found",
        request=request,
    )

    assert event.actor is None
    assert event.actor_label == "public"
    assert event.subject_participant_id is None


def test_a_masked_caller_label_is_kept():
    event = record_event(
        actor=None,
        actor_role="participant",
        actor_label="sms:+62***890",
        channel="sms",
        action="participant.lookup",
        outcome="success",
        subject_participant_id=7,
    )
    assert event.actor_label == "sms:+62***890"


def test_a_full_phone_number_is_refused_as_the_caller_label():
    with pytest.raises(PersonalDataInAuditLog):
        record_event(
            actor=None,
            actor_role="participant",
            actor_label="sms:+6281234567890",
            channel="sms",
            action="participant.lookup",
            outcome="success",
        )
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    "details",
    [
        {"nik": "3171012345678901"},
        {"query": "3171 0123 4567 8901"},
        {"sent_to": "+62 812-3456-7890"},
        {"phone": "081234567890"},
        {"recipients": ["sari@example.co.id"]},
        {"nested": {"nik_as_number": 3171012345678901}},
    ],
)
def test_a_nik_phone_or_email_in_the_details_is_refused(agent, details):
    with pytest.raises(PersonalDataInAuditLog):
        view_by_agent(agent, details=details)


def test_masked_values_flags_and_membership_numbers_are_allowed_in_the_details(agent):
    details = {"phone": "+62***890", "email": True, "kpj": "08123456782", "npp": "12345678"}
    assert view_by_agent(agent, details=details).details == details


def test_details_must_be_small_plain_json(agent):
    with pytest.raises(ValueError, match="limited"):
        view_by_agent(agent, details={"blob": "x" * 5000})
    with pytest.raises(ValueError):
        view_by_agent(agent, details={"ratio": float("nan")})


def test_a_nik_typed_into_the_purpose_is_masked_rather_than_refused(agent):
    event = view_by_agent(agent, purpose="caller gave NIK 3171-0123-4567-8901, wants KPJ")
    assert "3171" not in event.purpose
    assert "[disamarkan]" in event.purpose


def test_an_unknown_channel_or_outcome_is_refused(agent):
    with pytest.raises(ValueError, match="channel"):
        view_by_agent(agent, channel="fax")
    with pytest.raises(ValueError, match="outcome"):
        view_by_agent(agent, outcome="maybe")


def test_a_participant_sees_only_their_own_events_newest_first(agent):
    first = view_by_agent(agent, subject_participant_id=42)
    view_by_agent(agent, subject_participant_id=43)
    second = view_by_agent(agent, subject_participant_id=42, action="participant.card")

    assert list(events_for_participant(42)) == [second, first]
