"""Run pylint and the plugin's own command as a user's shell, CI step or editor would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from linting import EMPTY_RCFILE

PLUGIN = "--load-plugins=pylint_dagster_migration"


def run(arguments, cwd: Path, stdin: str | None = None, timeout: int = 120):
    """``python -m <arguments>`` in ``cwd``, in strict mode so a bug in a check surfaces."""
    environment = {**os.environ, "PYLINT_DAGSTER_MIGRATION_STRICT": "1"}
    return subprocess.run(
        [sys.executable, "-m", *map(str, arguments)],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        timeout=timeout,
        check=False,
    )


def pylint(*arguments, cwd: Path, stdin: str | None = None):
    return run(["pylint", f"--rcfile={EMPTY_RCFILE}", "--persistent=n", *arguments], cwd, stdin)


def our_command(*arguments, cwd: Path, stdin: str | None = None):
    return run(["pylint_dagster_migration.cli", "--persistent=n", *arguments], cwd, stdin)
