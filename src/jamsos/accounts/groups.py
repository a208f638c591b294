"""Staff groups and what each may do in the back office.

Kept as data and applied after every migrate, so a new model's permissions reach the
groups without a hand-written data migration.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

REGISTRY_READ = [
    "registry.view_participant",
    "registry.view_employer",
    "registry.view_employment",
]

# Officers who see people in person or verify callers resolve their portal step-ups.
STEP_UP = ["accounts.view_stepuprequest", "accounts.approve_stepuprequest"]

GROUP_PERMISSIONS: dict[str, list[str]] = {
    "cs_agent": [*REGISTRY_READ, "helpdesk.view_ticket", *STEP_UP],
    "branch_officer": [
        *REGISTRY_READ,
        *STEP_UP,
        "registry.add_employer",
        "registry.change_employer",
        "contributions.view_workercontribution",
    ],
    "claims_officer": [*REGISTRY_READ, "contributions.view_workercontribution"],
    # Employer HR users work in the employer portal, not in the back office.
    "employer_admin": [],
    "supervisor": [
        *REGISTRY_READ,
        *STEP_UP,
        "contributions.view_workercontribution",
        "audit.view_auditevent",
        "notify.view_outboxmessage",
        "helpdesk.view_ticket",
        # A supervisor issues an agent's authenticator (the agent confirms it at log-in)
        # and removes a lost one before issuing the next.
        "otp_totp.add_totpdevice",
        "otp_totp.view_totpdevice",
        "otp_totp.delete_totpdevice",
        "ops.add_maintenancewindow",
        "ops.change_maintenancewindow",
        "ops.view_maintenancewindow",
    ],
}


def ensure_staff_groups(**_: Any) -> None:
    for group_name, codes in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = []
        for code in codes:
            app_label, codename = code.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                wanted.append(permission)
        group.permissions.set(wanted)
