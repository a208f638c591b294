"""The one `jamsos` command: every operator task, as a Django management command.

`jamsos demo` first makes sure a demo configuration exists in var/ (SQLite, fresh
keys) so that a fresh checkout runs with no other set-up.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from jamsos.conf.env import ConfigurationError

DEMO_ENV_FILE = "demo.env"


def _prepare_demo_environment() -> None:
    from jamsos.privacy.keys import generate_environment

    var_dir = Path(os.environ.get("JAMSOS_VAR_DIR", Path.cwd() / "var"))
    var_dir.mkdir(parents=True, exist_ok=True)
    env_file = var_dir / DEMO_ENV_FILE
    saved: dict[str, str] = {}
    if env_file.exists():
        for line in env_file.read_text().splitlines():
            name, sep, value = line.partition("=")
            if sep and not name.startswith("#"):
                saved[name.strip()] = value.strip()
    # Secrets added by a newer version are generated once; existing ones are kept, or the
    # demo's encrypted data would become unreadable.
    missing = {k: v for k, v in generate_environment().items() if k not in saved}
    if missing:
        with env_file.open("a") as out:
            out.writelines(f"{name}={value}\n" for name, value in missing.items())
        env_file.chmod(0o600)
    for name, value in {**saved, **missing}.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("JAMSOS_DEMO", "1")
    os.environ.setdefault("JAMSOS_VAR_DIR", str(var_dir))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "jamsos"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jamsos.settings")
    if argv[1:3] == ["keys", "generate"]:
        # Needs no configuration: it is how a new server gets its configuration.
        from jamsos.privacy.keys import generate_environment

        for name, value in generate_environment().items():
            print(f"{name}={value}")
        return 0
    if len(argv) > 1 and argv[1] == "demo":
        _prepare_demo_environment()
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(argv)
    except ConfigurationError as exc:
        print(f"jamsos: configuration error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
