"""Which status a ticket may move to from which, as data.

Closing is allowed from every unfinished status (a call answered on the spot is
closed at once); a resolved ticket may be reopened; a closed ticket is final.
"""

from __future__ import annotations

from jamsos.helpdesk.models import Status

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.OPEN: frozenset(
        {Status.IN_PROGRESS, Status.WAITING_FOR_CALLER, Status.RESOLVED, Status.CLOSED}
    ),
    Status.IN_PROGRESS: frozenset({Status.WAITING_FOR_CALLER, Status.RESOLVED, Status.CLOSED}),
    Status.WAITING_FOR_CALLER: frozenset({Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED}),
    Status.RESOLVED: frozenset({Status.IN_PROGRESS, Status.CLOSED}),
    Status.CLOSED: frozenset(),
}


def allowed_next(status: str) -> list[Status]:
    """The statuses reachable from `status`, in the order of `Status`."""
    reachable = TRANSITIONS.get(status, frozenset())
    return [choice for choice in Status if choice in reachable]


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())
