"""``pylint-dagster-migration [pylint options] [paths...]``: pylint with only this plugin's checks.

For users who want the migration checks without adopting pylint's whole rule set, and for the
pre-commit hook. It is ``pylint --load-plugins=pylint_dagster_migration --disable=all
--enable=dagster-migration``, and every pylint option passes through (``--output-format``,
``--from-stdin``, ``--rcfile``, ``--disable=<one of ours>``, ...).

``--enable=dagster-migration`` on the command line would otherwise undo a project's
configuration that turns one of our messages off (``disable = ["asset-called-directly"]`` in
``pyproject.toml``), because pylint applies the command line after the configuration file; such
configured disables of our messages are therefore repeated after it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from pylint.config import find_default_config_files
from pylint.lint import Run

from pylint_dagster_migration import catalog
from pylint_dagster_migration.checkers.base import CHECKER_NAME

ONLY_OUR_CHECKS = (
    "--load-plugins=pylint_dagster_migration",
    "--disable=all",
    f"--enable={CHECKER_NAME}",
    # A score out of our checks alone says nothing about the code; --score=y brings it back.
    "--score=n",
)


def pylint_arguments(argv: Sequence[str]) -> list[str]:
    """The pylint command line that runs only our checks on ``argv``."""
    disabled = sorted(set(_configured_disables_of_ours(_config_file(argv))))
    repeated = [f"--disable={','.join(disabled)}"] if disabled else []
    return [*ONLY_OUR_CHECKS, *repeated, *argv]


def _config_file(argv: Sequence[str]) -> Path | None:
    """The configuration file pylint will read: ``--rcfile``'s, else its default search."""
    for position, argument in enumerate(argv):
        if argument.startswith("--rcfile="):
            return Path(argument.partition("=")[2])
        if argument == "--rcfile" and position + 1 < len(argv):
            return Path(argv[position + 1])
    return next(find_default_config_files(), None)


def _configured_disables_of_ours(config_file: Path | None) -> Iterator[str]:
    if config_file is None or not config_file.is_file():
        return
    try:
        # pylint's own reader, so that every file format it accepts is read alike.
        # pylint: disable-next=import-outside-toplevel
        from pylint.config.config_file_parser import _RawConfParser

        _, config_args = _RawConfParser.parse_config_file(config_file, False)
    except Exception:  # pylint: disable=broad-exception-caught
        # pylint reports an unreadable configuration itself when it reads it.
        return
    ours = {name for m in catalog.messages() for name in (m.symbol, m.msgid.upper())}
    for option, value in zip(config_args[::2], config_args[1::2]):
        if option != "--disable":
            continue
        for name in value.split(","):
            name = name.strip()
            if name in ours or name.upper() in ours:
                yield name


def main(argv: Sequence[str] | None = None) -> None:
    """Run pylint; exits with pylint's exit status."""
    Run(pylint_arguments(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    main()
