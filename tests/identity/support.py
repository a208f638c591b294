"""Shared assertion for the identity tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from jamsos.ops.errors import JamsosError


@contextmanager
def refused_with(code: str) -> Iterator[pytest.ExceptionInfo[JamsosError]]:
    """Expect a JamsosError with `code` whose messages render in both languages."""
    with pytest.raises(JamsosError) as caught:
        yield caught
    assert caught.value.code == code
    assert caught.value.message("id")
    assert caught.value.message("en")
