from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class MaintenanceWindow(models.Model):
    """A planned outage. Pages warn before it; during it every channel answers 503."""

    starts_at = models.DateTimeField("mulai / starts at")
    ends_at = models.DateTimeField("selesai / expected end")
    message_id = models.CharField("pesan (Indonesia)", max_length=300)
    message_en = models.CharField("message (English)", max_length=300)
    # How long before the start pages begin to show the notice.
    notice_hours = models.PositiveSmallIntegerField("pemberitahuan / notice (hours)", default=48)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "ops_maintenance_window"
        verbose_name = "jadwal pemeliharaan / maintenance window"
        verbose_name_plural = "jadwal pemeliharaan / maintenance windows"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="maintenance_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["ends_at"])]

    def __str__(self) -> str:
        return f"{self.starts_at:%d/%m/%Y %H:%M}–{self.ends_at:%d/%m/%Y %H:%M}"


class RateCounter(models.Model):
    """Hits per key per fixed window, shared by every server process through the database."""

    key = models.CharField(max_length=120)
    window_start = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "ops_rate_counter"
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="one_counter_per_window"),
        ]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.key}@{self.window_start:%H:%M}={self.hits}"
