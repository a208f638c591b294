"""The registry: one participant per person, employers, and the employments between them.

NIK, phone and e-mail are stored only as ciphertext (`EncryptedTextField`) with a
keyed blind index beside them for exact look-up; see jamsos.privacy.crypto.
Membership status is never stored: jamsos.registry.selectors derives it from
employments and paid contributions.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from jamsos.privacy.fields import EncryptedTextField

PROGRAMS = ("JKK", "JKM", "JHT", "JP", "JKP")
MANDATORY_PROGRAMS = ("JKK", "JKM")


class Sex(models.TextChoices):
    MALE = "M", "Laki-laki / Male"
    FEMALE = "F", "Perempuan / Female"


class Participant(models.Model):
    kpj = models.CharField("KPJ", max_length=11, unique=True)
    nik = EncryptedTextField("NIK", context="registry.participant.nik")
    nik_index = models.CharField(max_length=64, unique=True, editable=False)
    full_name = models.CharField("nama lengkap / full name", max_length=100)
    # Normalised for matching (no titles, case or punctuation); full_name keeps what was written.
    name_key = models.CharField(max_length=100, editable=False)
    birth_date = models.DateField("tanggal lahir / birth date")
    sex = models.CharField("jenis kelamin / sex", max_length=1, choices=Sex.choices)
    phone = EncryptedTextField(
        "telepon / phone", context="registry.participant.phone", null=True, blank=True
    )
    # Not unique: family members often share one phone. NULL, like the ciphertext, when absent.
    phone_index = models.CharField(  # noqa: DJ001
        max_length=64, null=True, blank=True, db_index=True, editable=False
    )
    phone_verified_at = models.DateTimeField(null=True, blank=True)
    email = EncryptedTextField(
        "e-mail", context="registry.participant.email", null=True, blank=True
    )
    email_index = models.CharField(  # noqa: DJ001
        max_length=64, null=True, blank=True, db_index=True, editable=False
    )
    email_verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "registry_participant"
        verbose_name = "peserta / participant"
        verbose_name_plural = "peserta / participants"
        constraints = [
            models.CheckConstraint(condition=Q(sex__in=["M", "F"]), name="participant_sex_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.kpj} {self.full_name}"


class Sector(models.TextChoices):
    FOOD = "food", "Makanan, minuman, tembakau / Food, beverages, tobacco"
    TEXTILE = "textile", "Tekstil dan pakaian / Textiles and apparel"
    LEATHER = "leather", "Kulit / Leather goods"
    FOOTWEAR = "footwear", "Alas kaki / Footwear"
    TOYS = "toys", "Mainan anak / Children's toys"
    FURNITURE = "furniture", "Furnitur / Furniture"
    CONSTRUCTION = "construction", "Konstruksi / Construction"
    MINING = "mining", "Pertambangan / Mining"
    MANUFACTURING = "manufacturing", "Manufaktur lain / Other manufacturing"
    TRADE = "trade", "Perdagangan / Trade"
    TRANSPORT = "transport", "Transportasi / Transport"
    SERVICES = "services", "Jasa / Services"
    FINANCE = "finance", "Keuangan / Finance"
    AGRICULTURE = "agriculture", "Pertanian / Agriculture"


class Employer(models.Model):
    npp = models.CharField("NPP", max_length=8, unique=True)
    name = models.CharField("nama / name", max_length=200)
    address = models.CharField("alamat / address", max_length=300, blank=True)
    city = models.CharField("kota / city", max_length=100, blank=True)
    risk_class = models.PositiveSmallIntegerField("kelas risiko / JKK risk class")
    sector = models.CharField("sektor / sector", max_length=20, choices=Sector.choices)
    registered_on = models.DateField("terdaftar / registered on")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "registry_employer"
        verbose_name = "perusahaan / employer"
        verbose_name_plural = "perusahaan / employers"
        constraints = [
            models.CheckConstraint(
                condition=Q(risk_class__gte=1, risk_class__lte=5), name="employer_risk_class_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.npp} {self.name}"


class EndReason(models.TextChoices):
    RESIGNED = "resigned", "Mengundurkan diri / Resigned"
    DISMISSED = "dismissed", "PHK / Dismissed"
    CONTRACT_ENDED = "contract_ended", "Kontrak berakhir / Contract ended"
    RETIRED = "retired", "Pensiun / Retired"
    DIED = "died", "Meninggal dunia / Died"


class Employment(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="employments"
    )
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="employments")
    start_date = models.DateField("mulai / start date")
    end_date = models.DateField("berakhir / end date", null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    wage = models.PositiveBigIntegerField("upah dilaporkan / reported monthly wage (Rp)")
    programs = models.JSONField("program", default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "registry_employment"
        verbose_name = "hubungan kerja / employment"
        verbose_name_plural = "hubungan kerja / employments"
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "employer"],
                condition=Q(end_date__isnull=True),
                name="one_open_employment_per_employer",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="employment_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True, end_reason="")
                | Q(end_date__isnull=False) & ~Q(end_reason=""),
                name="employment_end_has_reason",
            ),
            models.CheckConstraint(condition=Q(wage__gt=0), name="employment_wage_positive"),
        ]
        indexes = [models.Index(fields=["employer", "end_date"])]

    def __str__(self) -> str:
        return f"{self.participant_id}@{self.employer_id} from {self.start_date}"


class SerialCounter(models.Model):
    """Issuance counters on engines without sequences (SQLite, where writers are serialised).

    On PostgreSQL the numbers come from real sequences (see jamsos.registry.serials).
    """

    name = models.CharField(max_length=20, primary_key=True)
    last_value = models.BigIntegerField(default=0)

    class Meta:
        db_table = "registry_serial_counter"

    def __str__(self) -> str:
        return f"{self.name}={self.last_value}"


# Digital cards


class CardRevocationReason(models.TextChoices):
    LOST = "lost", "Hilang / Lost"
    STOLEN = "stolen", "Dicuri / Stolen"
    MISUSED = "misused", "Disalahgunakan / Misused"
    # Set by jamsos.registry.cards when the name or the signing key changed since issue.
    REPLACED = "replaced", "Diganti kartu baru / Replaced by a new card"


class IssuedCard(models.Model):
    """One digital membership card. Its id is the card serial signed into the QR code.

    A participant has at most one live (unrevoked) card: downloading the card again
    re-renders that one, so a lost card is withdrawn by revoking one serial. The payload
    is the signed QR text; it is not a secret (it is printed on the card) and it holds
    only the KPJ, the masked name, the issue date and the serial.
    """

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="cards")
    issued_on = models.DateField("terbit / issued on")
    payload = models.CharField("isi QR / QR payload", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField("dicabut / revoked at", null=True, blank=True)
    revoked_reason = models.CharField(
        "alasan pencabutan / revocation reason",
        max_length=20,
        choices=CardRevocationReason.choices,
        blank=True,
    )

    class Meta:
        db_table = "registry_issued_card"
        verbose_name = "kartu digital / digital card"
        verbose_name_plural = "kartu digital / digital cards"
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_card_per_participant",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revoked_reason="")
                | Q(revoked_at__isnull=False) & ~Q(revoked_reason=""),
                name="card_revocation_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"card {self.pk} of {self.participant_id}"
