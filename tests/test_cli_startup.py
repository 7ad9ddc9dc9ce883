"""What our command does before pylint runs. A command line of files (what pre-commit and editors
pass) goes to pylint as it is: reading the command line and the configuration as pylint does,
which costs a second linter's start-up, is left for the directories it would expand."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pylint.lint import Run
from pylint.reporters import CollectingReporter

from pylint_dagster_migration import cli
from pylint_dagster_migration.cli import ONLY_OUR_CHECKS, pylint_arguments

# deps given as one string: deps-not-a-list (E7305) at line 4, column 15; the asset called
# directly inside another: asset-called-directly, which the project's configuration disables.
BAD_ASSET = (
    'import dagster as dg\n\n\n@dg.asset(deps="raw_orders")\ndef orders():\n    return 1\n\n\n'
    "@dg.asset\ndef totals():\n    return orders()\n"
)


@pytest.fixture(name="project")
def configured_project(tmp_path, monkeypatch) -> Path:
    """A project whose configuration disables one of our messages; cwd is its root."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pylint."messages control"]\ndisable = ["fixme", "asset-called-directly"]\n',
        encoding="utf-8",
    )
    for relative in ["pipelines/orders.py", "pipelines/defs/more_orders.py"]:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(BAD_ASSET, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(name="configuration_reads")
def counted_configuration_reads(monkeypatch) -> list[list[str]]:
    """The command lines for which our command configures a linter as pylint would."""
    reads: list[list[str]] = []
    real = cli._configured_linter  # pylint: disable=protected-access

    def configured_linter(arguments, config_file):
        reads.append(list(arguments))
        return real(arguments, config_file)

    monkeypatch.setattr(cli, "_configured_linter", configured_linter)
    return reads


def _findings(arguments: list[str]) -> list[tuple[str, int, int, str]]:
    reporter = CollectingReporter()
    Run(["--persistent=n", *arguments], reporter=reporter, exit=False)
    return sorted(
        (Path(os.path.relpath(m.abspath)).as_posix(), m.line, m.column, m.symbol)
        for m in reporter.messages
    )


@pytest.mark.usefixtures("project")
@pytest.mark.parametrize(
    "argv",
    [
        ["pipelines/orders.py"],
        ["pipelines/orders.py", "pipelines/defs/more_orders.py"],
        ["--output-format", "text", "-j", "1", "pipelines/orders.py"],
        ["--", "pipelines/orders.py"],
        ["missing.py", "pipelines.orders"],  # pylint reports these itself
    ],
)
def test_a_command_line_without_directories_goes_to_pylint_as_it_is(argv, configuration_reads):
    arguments = pylint_arguments(argv)

    assert arguments == [*ONLY_OUR_CHECKS, "--disable=asset-called-directly", *argv]
    assert configuration_reads == []


@pytest.mark.usefixtures("project")
def test_files_alone_give_the_findings_of_the_files_in_their_directory(configuration_reads):
    files_alone = pylint_arguments(["pipelines/defs/more_orders.py", "pipelines/orders.py"])
    assert configuration_reads == []
    directory = pylint_arguments(["pipelines"])
    assert len(configuration_reads) == 1

    assert directory == files_alone
    assert _findings(files_alone) == [
        ("pipelines/defs/more_orders.py", 4, 15, "deps-not-a-list"),
        ("pipelines/orders.py", 4, 15, "deps-not-a-list"),
    ]


@pytest.mark.usefixtures("project")
@pytest.mark.parametrize(
    ("argv", "expanded"),
    [
        (["pipelines"], ["pipelines/defs/more_orders.py", "pipelines/orders.py"]),
        (["pipelines/*"], ["pipelines/defs/more_orders.py", "pipelines/orders.py"]),
        (["--", "pipelines/defs"], ["--", "pipelines/defs/more_orders.py"]),
        # A directory that is the value of an option is read as pylint reads it: not expanded.
        (["--ignore", "pipelines", "pipelines/orders.py"],
         ["--ignore", "pipelines", "pipelines/orders.py"]),
    ],
)
def test_a_directory_or_a_wildcard_is_read_as_pylint_reads_it(argv, expanded, configuration_reads):
    arguments = pylint_arguments(argv)

    assert arguments == [*ONLY_OUR_CHECKS, "--disable=asset-called-directly", *expanded]
    assert len(configuration_reads) == 1
