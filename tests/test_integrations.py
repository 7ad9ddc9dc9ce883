"""Where users meet the linter: our command, pre-commit, editors (--from-stdin), --help-msg, and
bad input in every output format."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from commands import PLUGIN, our_command, pylint, run
from linting import FIXTURES, ROOT

from pylint_dagster_migration import catalog
from pylint_dagster_migration.cli import pylint_arguments

# A cron script half-moved to Dagster; line 8 column 19 is the parameter 'df'.
PORTED_SOURCE = """\
import os

import dagster as dg

@dg.asset
def raw_orders() -> list[dict]: ...

@dg.asset(deps=[raw_orders])
def cleaned_orders(df):
    return [row for row in df if row["amount"]]
"""
PORTED_FINDING = {
    "symbol": "deps-value-expected", "messageId": "E7301",
    "line": 9, "column": 19, "endLine": 9, "endColumn": 21,
}


def _positions(message: dict) -> dict:
    return {key: message[key] for key in PORTED_FINDING if key in message} | {
        "messageId": message.get("messageId", message.get("message-id"))
    }


# --- our command ------------------------------------------------------------------------------


def test_console_script_is_declared():
    (script,) = entry_points(group="console_scripts", name="pylint-dagster-migration")
    assert script.value == "pylint_dagster_migration.cli:main"


def test_our_command_runs_only_our_checks(tmp_path):
    (tmp_path / "orders.py").write_text(PORTED_SOURCE, encoding="utf-8")

    result = our_command("--output-format=json2", "orders.py", cwd=tmp_path)

    assert result.stderr == ""
    messages = json.loads(result.stdout)["messages"]
    # unused-import (W0611) and the docstring conventions are pylint's, not ours.
    assert [_positions(m) for m in messages] == [PORTED_FINDING]
    assert result.returncode == 2  # pylint's bit for "an error was reported"


def test_our_command_passes_good_code(tmp_path):
    result = our_command(FIXTURES / "deps-value-expected" / "good.py", cwd=tmp_path)

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_our_command_passes_pylint_options_through(tmp_path):
    (tmp_path / "orders.py").write_text(PORTED_SOURCE, encoding="utf-8")

    silenced = our_command("--disable=deps-value-expected", "orders.py", cwd=tmp_path)
    widened = our_command("--enable=unused-import", "--output-format=parseable", "orders.py",
                          cwd=tmp_path)

    assert (silenced.returncode, silenced.stdout) == (0, "")
    assert "orders.py:1: [W0611(unused-import), ] Unused import os" in widened.stdout
    assert "orders.py:9: [E7301(deps-value-expected), cleaned_orders]" in widened.stdout


def test_our_command_keeps_the_projects_disables_of_our_messages(tmp_path):
    (tmp_path / "orders.py").write_text(PORTED_SOURCE, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pylint."messages control"]\n'
        'disable = ["missing-module-docstring", "deps-value-expected", "W7302"]\n',
        encoding="utf-8",
    )

    result = our_command("orders.py", cwd=tmp_path)

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_only_our_messages_of_a_configuration_are_repeated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "setup.cfg").write_text(
        "[pylint.messages_control]\ndisable =\n    fixme,\n    asset-called-directly,\n    E7305\n",
        encoding="utf-8",
    )
    rcfile = tmp_path / "strict.toml"
    rcfile.write_text('[tool.pylint.main]\ndisable = "all"\n', encoding="utf-8")

    assert pylint_arguments(["src/"]) == [
        PLUGIN, "--disable=all", "--enable=dagster-migration", "--score=n",
        "--disable=E7305,asset-called-directly", "src/",
    ]
    assert pylint_arguments([f"--rcfile={rcfile}", "src/"])[3:] == [
        "--score=n", f"--rcfile={rcfile}", "src/",
    ]


# --- editors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("output_format", ["json2", "json"])
def test_findings_come_out_of_from_stdin_at_the_offending_node(tmp_path, output_format):
    # The editor's unsaved buffer arrives on stdin; the file on disk is older (or absent).
    (tmp_path / "pipelines").mkdir()
    (tmp_path / "pipelines" / "orders.py").write_text("import dagster as dg\n", encoding="utf-8")

    result = pylint(PLUGIN, f"--output-format={output_format}", "--from-stdin",
                    "pipelines/orders.py", cwd=tmp_path, stdin=PORTED_SOURCE)

    assert result.stderr == ""
    output = json.loads(result.stdout)
    messages = output["messages"] if output_format == "json2" else output
    ours = [_positions(m) for m in messages if m["symbol"] in _our_symbols()]
    assert ours == [PORTED_FINDING]
    assert {m["symbol"] for m in messages} > {"deps-value-expected", "unused-import"}


def test_our_command_reads_from_stdin_too(tmp_path):
    result = our_command("--output-format=json2", "--from-stdin", "orders.py", cwd=tmp_path,
                         stdin=PORTED_SOURCE)

    assert [_positions(m) for m in json.loads(result.stdout)["messages"]] == [PORTED_FINDING]


# --- pylint --help-msg ------------------------------------------------------------------------


def test_help_msg_prints_each_messages_rationale(tmp_path):
    messages = catalog.messages()

    result = pylint(PLUGIN, "--help-msg=" + ",".join(m.symbol for m in messages), cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    # pylint wraps the text, also after a hyphen ("foreign-" / "runtime-api"): compare without
    # the breaks it makes.
    printed = re.sub(r"-\s+", "-", " ".join(result.stdout.split()))
    for message in messages:
        assert f":{message.symbol} ({message.msgid}):" in printed
        expected = re.sub(r"-\s+", "-", f"{message.summary} {message.rationale}")
        assert expected in printed, message.symbol


# --- bad input --------------------------------------------------------------------------------


def _output_formats() -> list[str]:
    from pylint.lint import PyLinter  # pylint: disable=import-outside-toplevel

    from pylint_dagster_migration import register  # pylint: disable=import-outside-toplevel

    linter = PyLinter()
    linter.load_default_plugins()
    register(linter)
    return sorted(linter._reporters)  # pylint: disable=protected-access


def _our_symbols() -> set[str]:
    return {message.symbol for message in catalog.messages()}


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("bad_inputs")
    (directory / "syntax_error.py").write_text(
        "import dagster as dg\n\n@dg.asset(deps=[raw]\ndef orders(rows):\n", encoding="utf-8"
    )
    (directory / "latin1.py").write_bytes(
        b"import dagster as dg\n\n@dg.asset(deps=['raw'])\ndef caf\xe9(rows):\n    return rows\n"
    )
    (directory / "empty.py").write_bytes(b"")
    return directory


@pytest.mark.parametrize(
    ("command", "output_format"),
    [("pylint", name) for name in _output_formats()]
    + [("pylint-dagster-migration", name) for name in ("text", "json2", "github", "sarif")],
)
def test_bad_input_gives_pylints_own_messages_and_no_traceback(
    bad_inputs, output_format, command
):
    arguments = ("does_not_exist.py", "syntax_error.py", "latin1.py", "empty.py")
    formats = f"{output_format},sarif:{bad_inputs / f'{command}-{output_format}.sarif'}"
    if command == "pylint":
        result = pylint(PLUGIN, f"--output-format={formats}", *arguments, cwd=bad_inputs)
    else:
        result = our_command(f"--output-format={formats}", *arguments, cwd=bad_inputs)

    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert "astroid-error" not in output and "F0002" not in output
    for expected in ("does_not_exist.py", "syntax_error.py", "latin1.py"):
        assert expected in result.stdout, (expected, result.stdout)
    sarif = json.loads((bad_inputs / f"{command}-{output_format}.sarif").read_text("utf-8"))
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} == {"F0001", "E0001", "F0010"}
    assert result.returncode & 1  # pylint's fatal bit, for the missing file


# --- pre-commit -------------------------------------------------------------------------------


def _git(*arguments, cwd: Path) -> None:
    subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.com",
         "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *arguments],
        cwd=cwd, check=True, capture_output=True,
    )


def _hook_repository(destination: Path) -> Path:
    """This checkout's work tree, uncommitted changes included, as a repository of its own."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    _git("init", "-q", cwd=destination)
    _git("add", "-A", cwd=destination)
    _git("commit", "-q", "-m", "hook under test", cwd=destination)
    return destination


@pytest.fixture(scope="session")
def pre_commit(tmp_path_factory):
    if shutil.which("git") is None:
        pytest.skip("pre-commit needs git")
    pytest.importorskip("pre_commit")
    hooks = _hook_repository(tmp_path_factory.mktemp("hook_repository"))
    project = tmp_path_factory.mktemp("project")
    for name in ("bad.py", "good.py"):
        shutil.copy(FIXTURES / "deps-value-expected" / name, project / name)
    _git("init", "-q", cwd=project)
    _git("add", "-A", cwd=project)
    # One store for the session: the hook's environment is built once.
    home = tmp_path_factory.mktemp("pre_commit_home")

    def try_repo(*files: str):
        environment = {**os.environ, "PRE_COMMIT_HOME": str(home)}
        environment.pop("PYLINT_DAGSTER_MIGRATION_STRICT", None)
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(hooks),
             "pylint-dagster-migration", "--verbose", "--files", *files],
            cwd=project, env=environment, capture_output=True, text=True, timeout=600,
            check=False,
        )

    return try_repo


def test_pre_commit_hook_fails_on_bad_code_naming_our_message(pre_commit):
    result = pre_commit("bad.py")

    assert result.returncode == 1, result.stdout + result.stderr
    assert "bad.py:13:19: E7301:" in result.stdout
    assert "(deps-value-expected)" in result.stdout
    assert "missing-module-docstring" not in result.stdout


def test_pre_commit_hook_passes_good_code(pre_commit):
    result = pre_commit("good.py")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout
