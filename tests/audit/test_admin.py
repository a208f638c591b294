from __future__ import annotations

import pytest
from django.urls import reverse

from jamsos.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:audit_auditevent_changelist")


def test_the_changelist_loads_read_only_for_a_superuser(admin_client, make_events):
    make_events(3, participant_id=42)

    response = admin_client.get(CHANGELIST)

    assert response.status_code == 200
    page = response.content.decode()
    assert "participant.view" in page
    assert reverse("admin:audit_auditevent_add") not in page
    assert 'name="action"' not in page  # no bulk actions, so no delete action either
    assert response.context["cl"].model_admin.get_actions(response.wsgi_request) == {}


def test_adding_changing_and_deleting_are_forbidden(admin_client, make_events):
    event = make_events(1)[0]
    change_url = reverse("admin:audit_auditevent_change", args=[event.pk])
    delete_url = reverse("admin:audit_auditevent_delete", args=[event.pk])

    assert admin_client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert admin_client.get(change_url).status_code == 200  # a read-only view
    assert admin_client.post(change_url, {"action": "x"}).status_code == 403
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).action == "participant.view"


def test_the_changelist_searches_by_participant_and_filters_by_channel(admin_client, make_events):
    make_events(2, participant_id=42)
    make_events(1, participant_id=43)

    by_participant = admin_client.get(CHANGELIST, {"q": "42"})
    by_garbage = admin_client.get(CHANGELIST, {"q": "not-a-number"})
    by_channel = admin_client.get(CHANGELIST, {"channel__exact": "sms"})

    assert by_participant.context["cl"].result_count == 2
    assert by_garbage.status_code == 200
    assert by_channel.context["cl"].result_count == 0
