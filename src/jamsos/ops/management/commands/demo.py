"""`jamsos demo`: migrate, fill with synthetic participants, create staff log-ins, serve."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from jamsos.audit.sealing import seal_pending, start_background_sealer
from jamsos.audit.services import record_event
from jamsos.channels.cs.login import issue_device
from jamsos.notify.delivery import start_background_deliverer
from jamsos.ops.demo.loader import load_demo_data
from jamsos.registry.models import Employment, Participant
from jamsos.registry.selectors import membership_status

# Back-office log-ins the demo creates, one per staff group, plus an administrator.
DEMO_STAFF = {
    "admin": None,
    "agen": "cs_agent",
    "cabang": "branch_officer",
    "klaim": "claims_officer",
    "supervisor": "supervisor",
}
SEAL_INTERVAL_SECONDS = 5


class Command(BaseCommand):
    help = "Create or migrate the demo database, load synthetic participants, and serve the site."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--participants", type=int, default=10_000, help="how many (default 10000)"
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="random seed for repeatable data"
        )
        parser.add_argument(
            "--reset", action="store_true", help="delete existing data and load anew"
        )
        parser.add_argument("--no-serve", action="store_true", help="prepare the data, then exit")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["participants"] < 1:
            raise CommandError("--participants must be at least 1 / minimal 1 peserta")
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        (settings.VAR_DIR / "static").mkdir(exist_ok=True)
        self.stdout.write(
            f"Basis data / database: {connection.vendor} {connection.settings_dict['NAME']}"
        )
        call_command("migrate", interactive=False, verbosity=0)
        if options["reset"]:
            if connection.vendor == "postgresql":
                # The audit log refuses TRUNCATE there, as it should; a demo starts over
                # with a fresh database instead.
                raise CommandError(
                    "--reset works on SQLite only; on PostgreSQL drop and recreate the "
                    "database / --reset hanya untuk SQLite; di PostgreSQL buat ulang basis datanya."
                )
            call_command("flush", interactive=False, verbosity=0)
        if Participant.objects.exists():
            self.stdout.write(
                "Data demo sudah ada / demo data already present (use --reset to reload)."
            )
        else:
            summary = load_demo_data(
                participants=options["participants"],
                as_of=timezone.localdate(),
                seed=options["seed"],
                progress_stream=self.stderr._out,
            )
            self.stdout.write(
                f"Dimuat / loaded: {summary.employers:,} employers, "
                f"{summary.participants:,} participants, {summary.employments:,} employments, "
                f"{summary.contributions:,} monthly contributions in {summary.seconds:.1f} s"
            )
        self._ensure_staff()
        self._print_samples()
        seal_pending()
        if options["no_serve"]:
            return
        start_background_sealer(interval=SEAL_INTERVAL_SECONDS)
        # Messages go out at once after commit; this picks up retries of failed ones.
        start_background_deliverer(interval=SEAL_INTERVAL_SECONDS)
        address = f"http://127.0.0.1:{options['port']}/"
        self.stdout.write(f"\nJamsos berjalan di / running at {address}  (Ctrl+C to stop)")
        call_command(
            "runserver", f"127.0.0.1:{options['port']}", use_reloader=False, skip_checks=True
        )

    def _ensure_staff(self) -> None:
        accounts_file = settings.VAR_DIR / "demo-accounts.txt"
        if accounts_file.exists():
            self.stdout.write(f"\nLog-in back office: see {accounts_file}")
            self.stdout.write(accounts_file.read_text())
            return
        user_model = get_user_model()
        lines = []
        for username, group_name in DEMO_STAFF.items():
            password = secrets.token_urlsafe(9)
            user, _ = user_model.objects.get_or_create(username=username)
            user.is_staff = True
            user.is_superuser = group_name is None
            user.set_password(password)
            user.save()
            if group_name:
                user.groups.set([Group.objects.get(name=group_name)])
            if group_name == "cs_agent":
                # As a supervisor would: the agent sets it up at the first console log-in.
                issue_device(user)
            lines.append(f"  {username:<11} {password:<14} {group_name or 'administrator'}")
        text = "\n".join(lines) + "\n"
        accounts_file.write_text(text)
        accounts_file.chmod(0o600)
        self.stdout.write(
            f"\nLog-in back office (http://127.0.0.1:8000/admin/), saved in {accounts_file}:"
        )
        self.stdout.write(text)

    def _print_samples(self) -> None:
        today = timezone.localdate()
        active, inactive = [], []
        for participant in Participant.objects.order_by("id")[:200]:
            status = membership_status(participant, as_of=today)
            (active if status.active else inactive).append((participant, status))
            if len(active) >= 3 and inactive:
                break
        if not inactive:
            ended = Employment.objects.filter(end_date__isnull=False).values("participant")
            for participant in Participant.objects.filter(pk__in=ended).exclude(
                employments__end_date__isnull=True
            )[:1]:
                inactive.append((participant, membership_status(participant, as_of=today)))
        self.stdout.write("\nContoh identitas untuk dicoba / sample identities to try:")
        for participant, status in [*active[:3], *inactive[:1]]:
            record_event(
                actor=None,
                actor_role="operator",
                channel="cli",
                action="participant.view",
                outcome="success",
                subject_participant_id=participant.pk,
                purpose="jamsos demo: sample identities",
            )
            state = "AKTIF" if status.active else f"TIDAK AKTIF ({status.reason})"
            employer = status.open_employments[-1].employer.name if status.open_employments else "-"
            # Synthetic people: the demo shows the whole phone number, which the SMS simulator
            # sends from and the call-centre console asks the last four digits of.
            self.stdout.write(
                f"  NIK {participant.nik}  {participant.full_name}, "
                f"lahir {participant.birth_date:%d/%m/%Y}  KPJ {participant.kpj}  {state}\n"
                f"      HP {participant.phone or '-'}  perusahaan / employer: {employer}"
            )
