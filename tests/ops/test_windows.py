"""Which window is active or upcoming at a given moment (selectors take `now` explicitly)."""

from __future__ import annotations

import datetime as dt

import pytest

from jamsos.ops.maintenance import active_window, upcoming_window, window_status
from tests.ops.conftest import NOW

HOUR = dt.timedelta(hours=1)


def test_the_notice_begins_notice_hours_before_the_start_and_not_earlier(make_window):
    window = make_window(starts_in=10 * HOUR, notice_hours=6)

    assert upcoming_window(NOW) is None  # 10 hours ahead, 6 hours' notice
    assert upcoming_window(NOW + 4 * HOUR - dt.timedelta(seconds=1)) is None
    assert upcoming_window(NOW + 4 * HOUR) == window
    assert upcoming_window(NOW + 10 * HOUR - dt.timedelta(seconds=1)) == window


def test_a_window_is_active_from_its_start_until_just_before_its_end(make_window):
    window = make_window(starts_in=HOUR, lasts=2 * HOUR)

    assert active_window(NOW + HOUR - dt.timedelta(microseconds=1)) is None
    assert active_window(NOW + HOUR) == window
    assert upcoming_window(NOW + HOUR) is None  # running, so no longer upcoming
    assert active_window(NOW + 3 * HOUR - dt.timedelta(microseconds=1)) == window
    assert active_window(NOW + 3 * HOUR) is None


def test_cancelled_windows_are_neither_active_nor_upcoming(make_window):
    make_window(starts_in=-HOUR, cancelled_at=NOW - 2 * HOUR)
    make_window(starts_in=5 * HOUR, cancelled_at=NOW)

    assert active_window(NOW) is None
    assert upcoming_window(NOW) is None


def test_the_earliest_window_in_its_notice_period_is_the_upcoming_one(make_window):
    make_window(starts_in=30 * HOUR, notice_hours=48)
    first = make_window(starts_in=5 * HOUR, notice_hours=12)

    assert upcoming_window(NOW) == first


@pytest.mark.parametrize(
    ("starts_in", "fields", "status"),
    [
        (100 * HOUR, {}, "scheduled"),
        (10 * HOUR, {}, "notice"),
        (-HOUR, {}, "active"),
        (-5 * HOUR, {}, "ended"),
        (10 * HOUR, {"cancelled_at": NOW}, "cancelled"),
    ],
)
def test_each_window_has_a_status_for_the_lists(make_window, starts_in, fields, status):
    assert window_status(make_window(starts_in=starts_in, **fields), NOW) == status
