"""A worker's contribution for one month, as the registry and the demo need it today.

The contributions issue adds wage reports, invoices and payments on top; until then
`paid_on` is set directly by whoever records the payment (the demo loader).
"""

from __future__ import annotations

from django.db import models


class WorkerContribution(models.Model):
    # participant first: every per-participant table is keyed by it (see ARCHITECTURE.md).
    participant = models.ForeignKey(
        "registry.Participant", on_delete=models.PROTECT, related_name="contributions"
    )
    employment = models.ForeignKey(
        "registry.Employment", on_delete=models.PROTECT, related_name="contributions"
    )
    employer = models.ForeignKey(
        "registry.Employer", on_delete=models.PROTECT, related_name="contributions"
    )
    month = models.DateField("bulan iuran / contribution month (first day)")
    wage = models.PositiveBigIntegerField("upah / wage (Rp)")
    employer_amount = models.PositiveBigIntegerField("bagian pemberi kerja / employer share (Rp)")
    worker_amount = models.PositiveBigIntegerField("bagian pekerja / worker share (Rp)")
    jht_amount = models.PositiveBigIntegerField("JHT (Rp)")
    due_date = models.DateField("jatuh tempo / due date")
    paid_on = models.DateField("dibayar / paid on", null=True, blank=True)

    class Meta:
        db_table = "contributions_worker_contribution"
        verbose_name = "iuran pekerja / worker contribution"
        verbose_name_plural = "iuran pekerja / worker contributions"
        constraints = [
            models.UniqueConstraint(
                fields=["employment", "month"], name="one_contribution_per_month"
            ),
        ]
        indexes = [models.Index(fields=["participant", "month"])]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.month:%Y-%m}"
