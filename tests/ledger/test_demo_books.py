import datetime as dt

import pytest

from jamsos.contributions.models import ContributionLine, Invoice, InvoiceStatus, Payment
from jamsos.ledger.models import JhtAccount
from jamsos.ledger.verify import verify_ledger
from jamsos.ops.demo.loader import load_demo_data
from jamsos.programs.contributions import compute_contribution
from jamsos.registry.models import Participant
from jamsos.registry.selectors import membership_status

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 25)


def test_the_demo_loads_twelve_months_of_books_that_verify():
    summary = load_demo_data(participants=600, as_of=TODAY, seed=7)

    assert verify_ledger().ok
    months = sorted({i.month for i in Invoice.objects.all()})
    assert len(months) == 12 and months[-1] == dt.date(2026, 10, 1)
    assert summary.contributions == ContributionLine.objects.count()
    assert summary.invoices == Invoice.objects.count()
    assert summary.paid_invoices == Payment.objects.count()
    late = Invoice.objects.filter(fine_amount__gt=0)
    assert late.exists()
    assert all(i.paid_amount == i.amount + i.fine_amount for i in late)
    assert Invoice.objects.exclude(status=InvoiceStatus.PAID).exists()
    assert JhtAccount.objects.count() > 0.9 * summary.participants
    states = {
        membership_status(p, as_of=TODAY).reason for p in Participant.objects.order_by("id")[:600]
    }
    assert {"active", "contributions_unpaid", "no_open_employment"} <= states


def test_every_demo_invoice_is_the_sum_of_the_calculator_lines():
    load_demo_data(participants=200, as_of=TODAY, seed=3)

    for line in ContributionLine.objects.select_related("invoice__employer")[:300]:
        breakdown = compute_contribution(
            wage=line.wage, risk_class=line.invoice.employer.risk_class, month=line.month
        )
        assert line.total == breakdown.total
