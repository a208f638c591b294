"""Individual JHT accounts, their append-only entries, and the JP contribution record.

An account's balance is the sum of its entries. `JhtAccount.balance` stores that sum so
a member's balance is one row away; every service that adds entries updates it in the
same transaction, and `jamsos ledger verify` proves the two agree for every account.

Entries are never changed or deleted: a posting is undone by a reversing entry (see
jamsos.ledger.posting). Unique constraints make every bulk job safe to re-run:
  - one contribution entry, and at most one reversing entry, per contribution line and
    settlement cycle (an invoice un-settled by a payment reversal and settled again is
    posted again in its next cycle);
  - one yearly-return entry per account and year.
The same holds for `JpMonth`, the per-month JP wage record kept for the pension formula.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from jamsos.contributions.models import AppendOnlyModel


class JhtAccount(models.Model):
    # The participant's own id is the account's key (see ARCHITECTURE.md: sharding).
    participant = models.OneToOneField(
        "registry.Participant",
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="jht_account",
    )
    balance = models.BigIntegerField("saldo / balance (Rp)", default=0)
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "ledger_jht_account"
        verbose_name = "rekening JHT / JHT account"
        verbose_name_plural = "rekening JHT / JHT accounts"

    def __str__(self) -> str:
        return f"JHT {self.participant_id}: {self.balance}"


class EntryKind(models.TextChoices):
    CONTRIBUTION = "contribution", "Iuran / Contribution"
    CONTRIBUTION_REVERSAL = "contribution_reversal", "Koreksi iuran / Contribution reversed"
    RETURN = "return", "Hasil pengembangan / Yearly return"
    WITHDRAWAL = "withdrawal", "Pencairan / Withdrawal"


class JhtEntry(AppendOnlyModel):
    # No single-column indexes on the keys: the composite indexes below start with them.
    account = models.ForeignKey(
        JhtAccount, on_delete=models.PROTECT, related_name="entries", db_index=False
    )
    kind = models.CharField(max_length=24, choices=EntryKind.choices)
    # Signed: contributions and returns are positive, reversals and withdrawals negative.
    amount = models.BigIntegerField("jumlah / amount (Rp)")
    # From when the money counts for the yearly return: the invoice's settlement date for
    # a contribution, 31 December for a year's return.
    value_date = models.DateField()
    source_line = models.ForeignKey(
        "contributions.ContributionLine",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="jht_entries",
        db_index=False,
    )
    cycle = models.PositiveIntegerField(default=0)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "ledger_jht_entry"
        verbose_name = "mutasi JHT / JHT entry"
        verbose_name_plural = "mutasi JHT / JHT entries"
        constraints = [
            models.UniqueConstraint(
                fields=["source_line", "kind", "cycle"],
                condition=Q(source_line__isnull=False),
                name="jht_one_posting_per_line_kind_cycle",
            ),
            models.UniqueConstraint(
                fields=["account", "year"],
                condition=Q(kind="return"),
                name="jht_one_return_per_account_year",
            ),
            models.CheckConstraint(condition=~Q(amount=0), name="jht_entry_amount_not_zero"),
            models.CheckConstraint(
                condition=Q(kind="return", year__isnull=False, amount__gt=0)
                | (~Q(kind="return") & Q(year__isnull=True)),
                name="jht_entry_return_has_year",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=["contribution", "contribution_reversal"],
                    source_line__isnull=False,
                    cycle__gte=1,
                )
                | (~Q(kind__in=["contribution", "contribution_reversal"]) & Q(source_line=None)),
                name="jht_entry_contribution_has_line",
            ),
        ]
        indexes = [models.Index(fields=["account", "value_date"], name="jht_entry_account_date")]

    def __str__(self) -> str:
        return f"{self.account_id} {self.kind} {self.amount}"


class JpMonthKind(models.TextChoices):
    POSTED = "posted", "Dicatat / Recorded"
    REVERSED = "reversed", "Dibatalkan / Reversed"


class JpMonth(AppendOnlyModel):
    """One paid JP contribution month and its wage base, for the pension formula later."""

    participant = models.ForeignKey(
        "registry.Participant", on_delete=models.PROTECT, related_name="jp_months", db_index=False
    )
    month = models.DateField()
    kind = models.CharField(max_length=10, choices=JpMonthKind.choices)
    wage_base = models.BigIntegerField("upah JP / JP wage base (Rp)")
    # Employer and worker JP shares; negative on a reversing row.
    amount = models.BigIntegerField("iuran JP / JP contribution (Rp)")
    source_line = models.ForeignKey(
        "contributions.ContributionLine",
        on_delete=models.PROTECT,
        related_name="jp_months",
        db_index=False,
    )
    cycle = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "ledger_jp_month"
        verbose_name = "bulan iuran JP / JP contribution month"
        verbose_name_plural = "bulan iuran JP / JP contribution months"
        constraints = [
            models.UniqueConstraint(
                fields=["source_line", "kind", "cycle"], name="jp_one_record_per_line_kind_cycle"
            ),
        ]
        indexes = [models.Index(fields=["participant", "month"], name="jp_month_participant")]

    def __str__(self) -> str:
        return f"JP {self.participant_id} {self.month:%Y-%m}"


class YearlyReturn(models.Model):
    """The declared JHT return of one year, and how far its crediting has gone."""

    year = models.PositiveSmallIntegerField(unique=True)
    rate_percent = models.DecimalField(max_digits=7, decimal_places=4)
    declared_at = models.DateTimeField(default=timezone.now)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The last account (participant id) processed; crediting resumes after it.
    cursor = models.BigIntegerField(default=0)
    accounts_credited = models.PositiveIntegerField(default=0)
    total_credited = models.BigIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "ledger_yearly_return"
        verbose_name = "hasil pengembangan tahunan / yearly return"
        verbose_name_plural = "hasil pengembangan tahunan / yearly returns"

    def __str__(self) -> str:
        return f"{self.year}: {self.rate_percent}%"
