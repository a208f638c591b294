from __future__ import annotations

from typing import Any


def staff_role(user: Any) -> str:
    """The role a staff member acts in, for the audit log: their groups, or superuser."""
    if getattr(user, "is_superuser", False):
        return "superuser"
    names = sorted(user.groups.values_list("name", flat=True))
    return ",".join(names) or "staff"
