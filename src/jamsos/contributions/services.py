"""The contribution services, in one place for the channels to import.

Each is one transaction with its audit row: see `reports` (wage reports and invoices)
and `payments` (payments, reversals and the invoice's payment state). Posting to the
JHT accounts lives in jamsos.ledger.posting.
"""

from jamsos.contributions.payments import PaymentResult, record_payment, reverse_payment
from jamsos.contributions.reports import (
    RowProblem,
    WageReportRejected,
    WageReportResult,
    WageRow,
    submit_wage_report,
)

__all__ = [
    "PaymentResult",
    "RowProblem",
    "WageReportRejected",
    "WageReportResult",
    "WageRow",
    "record_payment",
    "reverse_payment",
    "submit_wage_report",
]
