"""Wage reports, contribution lines, invoices (tagihan), payments and their reversals.

The money flow: an employer reports the wages of one contribution month (`WageReport`);
each reported worker becomes one `ContributionLine` with every programme share computed
by the calculator; the lines of one report add up to one `Invoice`, due on the 15th of
the next month; the bank's transfers are recorded as `Payment` rows against the invoice;
a wrongly recorded payment is cancelled by a `PaymentReversal` row, never by editing it.
A settled invoice is then posted to the workers' JHT accounts (see jamsos.ledger).

A line carries the six shares as columns rather than six rows: the calculator always
yields the same six (JKK, JKM, JHT and JP; employer and worker), and one row per worker
keeps a million-worker report at a million rows.

The payment columns of `Invoice` (paid_amount, fine_amount, settled_on, status) are a
summary of its payment rows, recomputed by `jamsos.contributions.payments` in the same
transaction as every payment or reversal, and checked by `jamsos ledger verify`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class AppendOnly(Exception):
    """Someone tried to change or delete a payment or a reversal."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnly(f"{self.model.__name__} rows cannot be updated")

    update.alters_data = True  # type: ignore[attr-defined]

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly(f"{self.model.__name__} rows cannot be deleted")

    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]


class AppendOnlyModel(models.Model):
    """Rows are inserted once; on PostgreSQL a trigger refuses UPDATE and DELETE as well."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly(f"{type(self).__name__} rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly(f"{type(self).__name__} rows cannot be deleted")


class WageReport(models.Model):
    """The wages an employer reported for one contribution month, as applied.

    A report with any invalid row is refused whole and never stored (the refusal is
    audited); so every row here was valid, and became one `ContributionLine`.
    """

    employer = models.ForeignKey(
        "registry.Employer", on_delete=models.PROTECT, related_name="wage_reports"
    )
    month = models.DateField("bulan iuran / contribution month (first day)")
    row_count = models.PositiveIntegerField("jumlah baris / rows")
    wage_total = models.PositiveBigIntegerField("total upah / wage total (Rp)")
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(max_length=16)

    class Meta:
        db_table = "contributions_wage_report"
        verbose_name = "laporan upah / wage report"
        verbose_name_plural = "laporan upah / wage reports"
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "month"], name="one_wage_report_per_employer_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer_id} {self.month:%Y-%m}"


class InvoiceStatus(models.TextChoices):
    UNPAID = "unpaid", "Belum dibayar / Unpaid"
    PARTIAL = "partial", "Dibayar sebagian / Partly paid"
    PAID = "paid", "Lunas / Paid"


class Invoice(models.Model):
    """The tagihan of one employer for one contribution month: the sum of its lines."""

    number = models.CharField("nomor tagihan / invoice number", max_length=20, unique=True)
    employer = models.ForeignKey(
        "registry.Employer", on_delete=models.PROTECT, related_name="invoices"
    )
    month = models.DateField("bulan iuran / contribution month (first day)")
    wage_report = models.OneToOneField(WageReport, on_delete=models.PROTECT, related_name="invoice")
    due_date = models.DateField("jatuh tempo / due date")
    worker_count = models.PositiveIntegerField("jumlah pekerja / workers")
    employer_amount = models.BigIntegerField("bagian pemberi kerja / employer share (Rp)")
    worker_amount = models.BigIntegerField("bagian pekerja / worker share (Rp)")
    amount = models.BigIntegerField("iuran / contribution total (Rp)")
    # The rates and caps the lines were computed with, with their regulations: the
    # printable invoice explains itself even after the parameters change.
    rates = models.JSONField(default=list)
    relief_applied = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    # Summary of the payment rows; see jamsos.contributions.payments.settle.
    paid_amount = models.BigIntegerField("dibayar / paid (Rp)", default=0)
    fine_amount = models.BigIntegerField("denda / late fine (Rp)", default=0)
    settled_on = models.DateField("lunas pada / settled on", null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=InvoiceStatus.choices, default=InvoiceStatus.UNPAID
    )

    # Posting to the JHT ledger (jamsos.ledger.posting). Each time the invoice becomes
    # settled starts a new cycle; posting_cursor is the last line id posted in it.
    settlement_cycle = models.PositiveIntegerField(default=0)
    posting_cursor = models.BigIntegerField(default=0)
    posted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "contributions_invoice"
        verbose_name = "tagihan / invoice"
        verbose_name_plural = "tagihan / invoices"
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "month"], name="one_invoice_per_employer_month"
            ),
            models.CheckConstraint(
                condition=Q(amount=F("employer_amount") + F("worker_amount")),
                name="invoice_amount_is_sum_of_parties",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0, paid_amount__gte=0, fine_amount__gte=0),
                name="invoice_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(status="paid", settled_on__isnull=False)
                | Q(status__in=["unpaid", "partial"], settled_on__isnull=True),
                name="invoice_settled_when_paid",
            ),
            models.CheckConstraint(
                condition=Q(posted_at__isnull=True) | Q(status="paid"),
                name="invoice_posted_only_when_paid",
            ),
        ]
        indexes = [models.Index(fields=["status", "posted_at"], name="invoice_posting_idx")]

    def __str__(self) -> str:
        return self.number

    @property
    def outstanding(self) -> int:
        """What the employer still owes on this invoice (contribution and charged fine)."""
        return max(self.amount + self.fine_amount - self.paid_amount, 0)

    @property
    def overpaid(self) -> int:
        """Paid beyond contribution and fine: a credit for the employer."""
        return max(self.paid_amount - self.amount - self.fine_amount, 0)


SHARE_COLUMNS = ("jkk", "jkm", "jht_employer", "jht_worker", "jp_employer", "jp_worker")


class ContributionLine(models.Model):
    """One worker's contribution for one month with one employer, share by share."""

    # No single-column indexes on invoice and participant: the unique constraint and the
    # history index start with them. None on employment either: lines are only ever read by
    # invoice or participant, and an employment with lines is never deleted (PROTECT).
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="lines", db_index=False
    )
    participant = models.ForeignKey(
        "registry.Participant",
        on_delete=models.PROTECT,
        related_name="contribution_lines",
        db_index=False,
    )
    employment = models.ForeignKey(
        "registry.Employment",
        on_delete=models.PROTECT,
        related_name="contribution_lines",
        db_index=False,
    )
    # The invoice's month again, so a participant's history is one index range.
    month = models.DateField()
    row_number = models.PositiveIntegerField("baris laporan / report row")
    wage = models.BigIntegerField("upah / wage (Rp)")
    jp_base = models.BigIntegerField("dasar JP / JP wage base (Rp)")
    jkk = models.BigIntegerField("JKK (Rp)")
    jkm = models.BigIntegerField("JKM (Rp)")
    jht_employer = models.BigIntegerField("JHT pemberi kerja / employer (Rp)")
    jht_worker = models.BigIntegerField("JHT pekerja / worker (Rp)")
    jp_employer = models.BigIntegerField("JP pemberi kerja / employer (Rp)")
    jp_worker = models.BigIntegerField("JP pekerja / worker (Rp)")
    total = models.BigIntegerField("jumlah / total (Rp)")

    class Meta:
        db_table = "contributions_line"
        verbose_name = "iuran pekerja / contribution line"
        verbose_name_plural = "iuran pekerja / contribution lines"
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "participant"], name="one_line_per_worker_per_invoice"
            ),
            models.CheckConstraint(
                condition=Q(
                    total=F("jkk")
                    + F("jkm")
                    + F("jht_employer")
                    + F("jht_worker")
                    + F("jp_employer")
                    + F("jp_worker")
                ),
                name="line_total_is_sum_of_shares",
            ),
            models.CheckConstraint(
                condition=Q(
                    wage__gt=0,
                    jp_base__gte=0,
                    jkk__gte=0,
                    jkm__gte=0,
                    jht_employer__gte=0,
                    jht_worker__gte=0,
                    jp_employer__gte=0,
                    jp_worker__gte=0,
                ),
                name="line_amounts_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["participant", "month"], name="line_participant_month")]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.month:%Y-%m}"

    @property
    def jht(self) -> int:
        return self.jht_employer + self.jht_worker

    @property
    def jp(self) -> int:
        return self.jp_employer + self.jp_worker

    @property
    def employer_total(self) -> int:
        return self.jkk + self.jkm + self.jht_employer + self.jp_employer

    @property
    def worker_total(self) -> int:
        return self.jht_worker + self.jp_worker


class Payment(AppendOnlyModel):
    """Money received for an invoice, identified by the bank's reference. Never edited."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    bank_reference = models.CharField("referensi bank / bank reference", max_length=64)
    amount = models.BigIntegerField("jumlah / amount (Rp)")
    paid_on = models.DateField("tanggal bayar / paid on")
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(max_length=16)

    class Meta:
        db_table = "contributions_payment"
        verbose_name = "pembayaran / payment"
        verbose_name_plural = "pembayaran / payments"
        constraints = [
            models.UniqueConstraint(fields=["bank_reference"], name="one_payment_per_reference"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.bank_reference} {self.amount}"


class PaymentReversal(AppendOnlyModel):
    """The correcting entry that cancels a wrongly recorded payment."""

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="reversal")
    reason = models.CharField("alasan / reason", max_length=200)
    reversed_on = models.DateField("tanggal / date")
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(max_length=16)

    class Meta:
        db_table = "contributions_payment_reversal"
        verbose_name = "koreksi pembayaran / payment reversal"
        verbose_name_plural = "koreksi pembayaran / payment reversals"

    def __str__(self) -> str:
        return f"reversal of {self.payment_id}"
