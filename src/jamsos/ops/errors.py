"""One error vocabulary for the whole system.

Every refusal a person can meet has a stable code and a message in Indonesian
and English that says what to do next. Domain code raises `JamsosError`; each
channel turns it into an HTTP status, an HTML message or an SMS reply at its edge.

Pure Python: importable from the identity layer, which has no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ErrorSpec:
    code: str
    message_id: str
    message_en: str
    http_status: int = 400


_CATALOGUE: dict[str, ErrorSpec] = {}


def define_error(code: str, *, id: str, en: str, http_status: int = 400) -> ErrorSpec:
    """Declare an error once, next to the rule that raises it."""
    if code in _CATALOGUE and _CATALOGUE[code] != ErrorSpec(code, id, en, http_status):
        raise ValueError(f"error code {code} is defined twice with different texts")
    spec = ErrorSpec(code=code, message_id=id, message_en=en, http_status=http_status)
    _CATALOGUE[code] = spec
    return spec


def catalogue() -> dict[str, ErrorSpec]:
    return dict(_CATALOGUE)


class JamsosError(Exception):
    """A refusal with a stable code. `params` fill the `{placeholders}` of the messages."""

    def __init__(self, spec: ErrorSpec, *, field: str | None = None, **params: Any) -> None:
        self.spec = spec
        self.field = field
        self.params = params
        super().__init__(f"{spec.code}: {self.message('en')}")

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def http_status(self) -> int:
        return self.spec.http_status

    def message(self, language: str = "id") -> str:
        template = self.spec.message_en if language.startswith("en") else self.spec.message_id
        return template.format(**self.params)

    def bilingual(self) -> str:
        """One line for places that show both languages at once (back office, logs)."""
        return f"{self.code}: {self.message('id')} / {self.message('en')}"

    def for_terminal(self, option: str | None = None) -> str:
        """For the `jamsos` command: the code, the option it concerns, both messages."""
        named = option or (f"--{self.field.replace('_', '-')}" if self.field else "")
        where = f" ({named})" if named else ""
        return f"{self.code}{where}\n  id: {self.message('id')}\n  en: {self.message('en')}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "field": self.field,
            "message": {"id": self.message("id"), "en": self.message("en")},
        }
