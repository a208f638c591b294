"""Background posting: what a channel queues after recording a payment that settles an
invoice, so the workers' balances move without waiting for the nightly run.

    transaction.on_commit(lambda: post_invoices.enqueue([invoice.pk]))

Safe to queue twice or alongside `jamsos contributions post`: posting is idempotent.
"""

from __future__ import annotations

from django_tasks import task

from jamsos.ledger.posting import post_settled_invoices


@task()
def post_invoices(invoice_ids: list[int] | None = None) -> int:
    """Post the given settled invoices (all pending ones if None); returns lines posted."""
    return post_settled_invoices(invoice_ids=invoice_ids).lines
