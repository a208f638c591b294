"""Progress lines for long CLI jobs: what stage, how far, how fast."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, stage: str, total: int, *, stream: TextIO | None = None) -> None:
        self.stage = stage
        self.total = max(total, 1)
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.started = time.monotonic()
        self._last_print = 0.0
        self._printed_done = -1
        self._interactive = self.stream.isatty()

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if now - self._last_print >= (0.2 if self._interactive else 5.0):
            self._last_print = now
            self._print(final=False)

    def finish(self) -> float:
        if self._printed_done != self.done or self._interactive:
            self._print(final=True)
        return time.monotonic() - self.started

    def _print(self, *, final: bool) -> None:
        elapsed = time.monotonic() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        percent = 100 * self.done / self.total
        line = f"{self.stage:<28} {self.done:>10,}/{self.total:,} {percent:5.1f}% {rate:>10,.0f}/s"
        if self._interactive and not final:
            self.stream.write("\r" + line)
        else:
            self.stream.write(("\r" if self._interactive else "") + line + f"  {elapsed:.1f}s\n")
        self.stream.flush()
        self._printed_done = self.done
