"""pylint-dagster-migration: pylint checks for code moved from Airflow, Prefect and cron to Dagster.

Load it with ``pylint --load-plugins=pylint_dagster_migration``; run only its checks with
``--disable=all --enable=dagster-migration``.
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from pylint.lint import PyLinter

__version__ = "0.1.0"


def register(linter: PyLinter) -> None:
    """Register every checker module of ``pylint_dagster_migration.checkers``, and the
    ``sarif`` output format (``--output-format=sarif:results.sarif``)."""
    # pylint: disable-next=import-outside-toplevel
    from pylint_dagster_migration import checkers, compat, sarif

    linter.register_reporter(sarif.SarifReporter)
    load_option_defaults = _put_off_option_defaults(linter)
    try:
        compat.register(linter)
        for name in _module_names(checkers.__path__[0]):
            module = importlib.import_module(f"{checkers.__name__}.{name}")
            if hasattr(module, "register"):
                module.register(linter)
    finally:
        load_option_defaults()


def _module_names(directory: str) -> list[str]:
    """The modules and packages of the package ``directory``, sorted by name: what
    ``pkgutil.iter_modules`` lists for Python sources, without importing ``pkgutil`` (a
    millisecond of every pylint run)."""
    found = set()
    with os.scandir(directory) as entries:
        for entry in entries:
            name, extension = os.path.splitext(entry.name)
            if "." in name or name == "__init__":
                continue
            if extension == ".py" and entry.is_file():
                found.add(name)
            elif not extension and os.path.isfile(os.path.join(entry.path, "__init__.py")):
                found.add(name)
    return sorted(found)


def _put_off_option_defaults(linter: PyLinter) -> Callable[[], None]:
    """Make the checkers about to be created load pylint's option defaults once, not once each.

    Creating a checker makes pylint load the default of every option of the run again
    (``_load_default_argument_values``, a parse of an empty command line: about 0.2 ms, 5 ms
    for our checkers, in every pylint run). None of our checkers reads an option while it is
    created, and loading the defaults sets only the options not set yet, so one load after the
    last checker leaves the same configuration. The returned function does that load and puts
    pylint's method back. A pylint without that method, or a linter whose method something
    else has replaced, is left alone."""
    name = "_load_default_argument_values"
    if name in vars(linter) or not callable(getattr(type(linter), name, None)):
        return lambda: None
    setattr(linter, name, lambda: None)

    def load_once() -> None:
        delattr(linter, name)
        getattr(linter, name)()

    return load_once


def load_configuration(linter: PyLinter) -> None:
    """pylint's hook once the configuration is read (in the main process and in each ``-j``
    worker): switches the compatibility layer for pylint's own checks on or off."""
    # pylint: disable-next=import-outside-toplevel
    from pylint_dagster_migration import compat

    compat.load_configuration(linter)
