"""A bar chart drawn on the server as inline SVG: no script, no outside files.

The chart is decoration for sighted readers; the same numbers are always in a table
beside it, which is what screen readers are pointed to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 640
HEIGHT = 240
LEFT = 72  # room for the axis labels
RIGHT = 8
TOP = 12
BOTTOM = 40  # room for the month labels
TICKS = 4


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # under the bar, e.g. "06/26"
    title: str  # shown on hover, e.g. "06/2026: Rp 580.000"
    label_x: float


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    baseline: float
    plot_left: int
    plot_right: int
    label_y: float


def rupiah(amount: int) -> str:
    """Rp with dots between thousands, as Indonesians write it: "Rp 1.234.567"."""
    sign = "−" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


def _nice_ceiling(value: int) -> int:
    """The smallest 1, 2, 2.5 or 5 times a power of ten that is at least `value`."""
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = int(step * magnitude)
        if top >= value:
            return top
    return 10 * magnitude


def _short(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def bar_chart(points: Sequence[tuple[str, str, int]]) -> BarChart | None:
    """Bars for (short label, long label, amount) in the order given; None when empty.

    Negative amounts (a month that was only reversed) are drawn as empty bars.
    """
    if not points:
        return None
    # A round step between grid lines (100.000, 250.000, ...), and the top four steps up.
    highest = max(max(amount for _, _, amount in points), 0)
    top = _nice_ceiling(-(-highest // TICKS)) * TICKS
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height
    slot = plot_width / len(points)
    bar_width = min(48.0, max(2.0, slot * 0.7))
    bars = []
    for index, (short, long, amount) in enumerate(points):
        height = plot_height * max(amount, 0) / top
        x = LEFT + index * slot + (slot - bar_width) / 2
        bars.append(
            Bar(
                x=round(x, 1),
                y=round(baseline - height, 1),
                width=round(bar_width, 1),
                height=round(height, 1),
                # Every month labelled when they fit; otherwise every few.
                label=short if len(points) <= 12 or index % max(1, len(points) // 12) == 0 else "",
                title=f"{long}: {rupiah(amount)}",
                label_x=round(x + bar_width / 2, 1),
            )
        )
    ticks = tuple(
        Tick(
            y=round(baseline - plot_height * step / TICKS, 1),
            label=_short(int(top * step / TICKS)),
        )
        for step in range(TICKS + 1)
    )
    return BarChart(
        width=WIDTH,
        height=HEIGHT,
        bars=tuple(bars),
        ticks=ticks,
        baseline=baseline,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        label_y=baseline + 18,
    )
