from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jamsos.privacy.rotation import reencrypt_all


class Command(BaseCommand):
    help = (
        "Personal-data keys. `generate` prints fresh secrets (it runs without any "
        "configuration); `reencrypt` moves every encrypted value to the current key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("generate", help="print fresh secrets as NAME=value lines")
        reencrypt = sub.add_parser("reencrypt", help="re-encrypt values under older keys")
        reencrypt.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "generate":
            from jamsos.privacy.keys import generate_environment

            for name, value in generate_environment().items():
                self.stdout.write(f"{name}={value}")
            return
        moved = reencrypt_all(batch_size=options["batch_size"], progress_stream=self.stderr._out)
        for label, count in moved.items():
            self.stdout.write(f"{label}: {count:,} rows re-encrypted")
