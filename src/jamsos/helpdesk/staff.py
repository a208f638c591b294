"""Who works tickets: the call-centre agents, and the supervisors who watch over them.

The group names are those created by `jamsos.accounts.groups` after every migrate.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

AGENT_GROUP = "cs_agent"
SUPERVISOR_GROUP = "supervisor"


def _in_group(user: Any, name: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.is_staff:
        return False
    return bool(user.groups.filter(name=name).exists())


def is_agent(user: Any) -> bool:
    return _in_group(user, AGENT_GROUP)


def is_supervisor(user: Any) -> bool:
    return _in_group(user, SUPERVISOR_GROUP)


def supervisors() -> QuerySet[Any]:
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name=SUPERVISOR_GROUP)
        .order_by("id")
    )
