"""Formatting for the portal's pages: money as Indonesians write it."""

from __future__ import annotations

from django import template

from jamsos.channels.portal.charts import rupiah as _rupiah

register = template.Library()


@register.filter
def rupiah(amount: int | None) -> str:
    return "—" if amount is None else _rupiah(int(amount))
