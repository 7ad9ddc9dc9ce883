"""pylint-dagster-migration: pylint checks for code moved from Airflow, Prefect and cron to Dagster.

Load it with ``pylint --load-plugins=pylint_dagster_migration``; run only its checks with
``--disable=all --enable=dagster-migration``.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pylint.lint import PyLinter

__version__ = "0.1.0"


def register(linter: PyLinter) -> None:
    """Register every checker module of ``pylint_dagster_migration.checkers``, and the
    ``sarif`` output format (``--output-format=sarif:results.sarif``)."""
    # pylint: disable-next=import-outside-toplevel
    from pylint_dagster_migration import checkers, compat, sarif

    linter.register_reporter(sarif.SarifReporter)
    compat.register(linter)

    for module_info in sorted(pkgutil.iter_modules(checkers.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{checkers.__name__}.{module_info.name}")
        if hasattr(module, "register"):
            module.register(linter)


def load_configuration(linter: PyLinter) -> None:
    """pylint's hook once the configuration is read (in the main process and in each ``-j``
    worker): switches the compatibility layer for pylint's own checks on or off."""
    # pylint: disable-next=import-outside-toplevel
    from pylint_dagster_migration import compat

    compat.load_configuration(linter)
