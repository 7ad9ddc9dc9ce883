"""Black boxes in assets: an old script or a data tool's CLI run as a subprocess.

A cron line moved into an asset keeps shelling out: to the old Python script, or to ``dbt
run``/``sling run``/``meltano run``. Dagster then records one materialization and an exit code,
nothing of what the script reported or of the models and tables the tool built. Dagster Pipes
makes a script report; the tools have integrations that make each of their outputs an asset.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names
from pylint_dagster_migration.checkers.base import DagsterChecker, excerpt
from pylint_dagster_migration.expressions import call_argument, literal_text

if TYPE_CHECKING:
    from pylint.lint import PyLinter

#: Each function that runs a command, with the name of its command parameter.
SUBPROCESS_FUNCTIONS = {
    "subprocess.run": "args",
    "subprocess.call": "args",
    "subprocess.check_call": "args",
    "subprocess.check_output": "args",
    "subprocess.Popen": "args",
    "os.system": "command",
    "os.popen": "cmd",
}
RUNPY_FUNCTIONS = frozenset({"runpy.run_path", "runpy.run_module"})
SCRIPT_RUN_NAMES = frozenset(
    {name.rsplit(".", 1)[-1] for name in {*SUBPROCESS_FUNCTIONS, *RUNPY_FUNCTIONS}} | {"exec"}
)
# Patterns matched through re's cache: compiled on first use, not when pylint loads the plugin.
_PYTHON_EXECUTABLE = r"^(?:.*[/\\])?(?:python(?:\d+(?:\.\d+)?)?|py)(?:\.exe)?$"
#: ``python -m <module>`` runs of tools (installers, model downloads, linters), not of a
#: pipeline script.
_TOOL_MODULES = frozenset(
    {"pip", "venv", "ensurepip", "site", "pip._internal", "spacy", "nltk", "nltk.downloader",
     "playwright", "pytest", "unittest", "black", "ruff", "mypy", "uv", "pipx", "build",
     "twine", "http.server", "json.tool", "dbt", "dbt.cli.main", "dagster", "dagster_dbt",
     "alembic", "camelot", "textblob.download_corpora"}
)


# A plain class, not a dataclass: defining a dataclass costs every pylint run a millisecond.
class IntegratedTool:
    """A command-line tool whose Dagster integration makes each thing it builds an asset."""

    __slots__ = ("builds", "other_commands", "hidden", "fix")

    def __init__(
        self, *, builds: frozenset[str], other_commands: frozenset[str], hidden: str, fix: str
    ) -> None:
        self.builds = builds  # the subcommands that build or load something
        self.other_commands = other_commands  # the subcommands that do not (setup, inspection)
        self.hidden = hidden  # what Dagster does not see of a run of the command
        self.fix = fix  # the integration that replaces the command


#: The data tools with a Dagster integration. dlt is absent: it has no command that loads
#: data (a dlt pipeline is a Python script, which the Python branch reports).
INTEGRATED_TOOLS = {
    "dbt": IntegratedTool(
        builds=frozenset({"run", "build", "seed", "snapshot", "test", "retry"}),
        other_commands=frozenset(
            {"deps", "parse", "compile", "ls", "list", "debug", "docs", "clean", "init",
             "source", "run-operation", "show", "clone", "--version"}
        ),
        hidden="not the models it builds nor the tests it runs",
        fix=(
            "Load the project with dagster-dbt instead: @dbt_assets(manifest=...) yielding "
            'from dbt.cli(["build"], context=context).stream() makes each model an asset and '
            "each test an asset check"
        ),
    ),
    "sling": IntegratedTool(
        builds=frozenset({"run"}),
        other_commands=frozenset({"conns", "update", "--version", "cloud"}),
        hidden="not the streams it replicates",
        fix=(
            "Use dagster-sling instead: @sling_assets(replication_config=...) yielding from "
            "sling.replicate(context=context) makes each replicated stream an asset"
        ),
    ),
    "meltano": IntegratedTool(
        builds=frozenset({"run", "el", "elt"}),
        other_commands=frozenset(
            {"install", "invoke", "config", "add", "remove", "lock", "select", "state",
             "schedule", "job", "test", "init", "upgrade", "compile", "environment"}
        ),
        hidden="not the taps and targets it runs",
        fix=(
            "Use dagster-meltano instead: its meltano_run_op(\"tap-x target-y\") with "
            "meltano_resource runs the pipeline as a Dagster op with its logs"
        ),
    ),
}
#: Words that start a command line without being the command: ``uv run dbt build``,
#: ``exec dbt run``, ``DBT_TARGET=prod dbt run``.
_COMMAND_PREFIXES = frozenset({"exec", "time", "nohup", "env"})
_RUNNERS = frozenset({"uv", "poetry", "pipenv", "pdm", "hatch", "rye"})
_SHELLS = frozenset({"sh", "bash", "zsh"})
_ENVIRONMENT_LOOKUPS = frozenset({"os.getenv", "os.environ.get"})
#: Shell operators that separate the commands of one line.
_SHELL_SEPARATORS = r"&&|\|\||;|\||\n"


def _command_tokens(command: nodes.NodeNG, depth: int = 0) -> list[nodes.NodeNG | str] | None:
    """The leading words of a command, as strings where literal and nodes where not."""
    if isinstance(command, (nodes.List, nodes.Tuple)):
        tokens: list[nodes.NodeNG | str] = []
        for element in command.elts[:3]:
            if isinstance(element, nodes.Const) and isinstance(element.value, str):
                tokens.append(element.value)
            else:
                tokens.append(element)
        return tokens
    text = _command_text(command)
    if text is not None:
        # The first command of a shell line such as ``cd /app && python etl.py``.
        segment = re.split(r"&&|\|\||;|\|", text)[-1] if "cd " in text else text
        return list(segment.split()[:3])
    value = _assigned_command(command, depth)
    return _command_tokens(value, depth + 1) if value is not None else None


def _command_text(command: nodes.NodeNG) -> str | None:
    """The text of a command string: a literal, an f-string, or ``"python etl.py " + day``."""
    text = literal_text(command)
    if text is None and isinstance(command, nodes.BinOp) and command.op == "+":
        left = literal_text(command.left)
        text = left + " {...}" if left is not None else None
    return text


def _assigned_command(command: nodes.NodeNG, depth: int) -> nodes.NodeNG | None:
    """For ``command`` after ``command = [...]`` (one binding, one level): the value."""
    if isinstance(command, nodes.Name) and depth == 0:
        _, bindings = command.lookup(command.name)
        if len(bindings) == 1 and isinstance(bindings[0], nodes.AssignName):
            assign = bindings[0].parent
            if isinstance(assign, nodes.Assign) and len(assign.targets) == 1:
                return assign.value
    return None


def _python_script(command: nodes.NodeNG) -> str | None:
    """What a command runs, when it runs Python code: the script or module, else None."""
    tokens = _command_tokens(command)
    if not tokens:
        return None
    first, rest = tokens[0], tokens[1:]
    if isinstance(first, str):
        if first.endswith(".py"):
            return first
        if not re.match(_PYTHON_EXECUTABLE, first):
            return None
    elif not (
        "{sys.executable}" in first.as_string()
        or names.qualified_name(first) == "sys.executable"
    ):
        return None
    if not rest:
        return None
    script = rest[0]
    if isinstance(script, str):
        if script == "-m" and len(rest) > 1:
            module = rest[1]
            if isinstance(module, str) and module in _TOOL_MODULES:
                return None
            return f"-m {module if isinstance(module, str) else module.as_string()}"
        if script.startswith("-"):
            return None
        return script
    return script.as_string()


def _command_lines(command: nodes.NodeNG, depth: int = 0) -> list[list[str | None]]:
    """The commands a subprocess call runs, each as its words (None for a word the linter
    cannot read): one for an argument list, one per ``&&``/``;``/``|`` part of a shell line,
    and the line given to ``bash -c``."""
    if isinstance(command, (nodes.List, nodes.Tuple)):
        words = [_word(element) for element in command.elts[:12]]
        if len(words) >= 3 and words[0] in _SHELLS and words[1] in {"-c", "-lc", "-ec"}:
            return _command_lines(command.elts[2], depth + 1)
        return [words]
    text = _command_text(command)
    if text is not None:
        return [part.split()[:12] for part in re.split(_SHELL_SEPARATORS, text)]
    value = _assigned_command(command, depth)
    return _command_lines(value, depth + 1) if value is not None else []


def _word(element: nodes.NodeNG) -> str | None:
    """A command word: a string literal, or the string a name is bound to (``DBT = "dbt"``,
    ``dbt_bin = os.getenv("DBT_BIN", "dbt")`` by its default)."""
    if isinstance(element, nodes.Name):
        element = names.assigned_value(element) or element
    if names.call_qualified_name(element) in _ENVIRONMENT_LOOKUPS and len(element.args) > 1:
        element = element.args[1]
    if isinstance(element, nodes.Const) and isinstance(element.value, str):
        return element.value
    return None


def _tool_run(command: nodes.NodeNG) -> tuple[str, str] | None:
    """``("dbt", "build")`` when a command runs a tool of ``INTEGRATED_TOOLS`` to build
    something; None for any other command, and for the tools' setup and inspection commands
    (``dbt deps``, ``dbt docs generate``, ``sling conns test``)."""
    for words in _command_lines(command):
        while words and words[0] is not None and (words[0] in _COMMAND_PREFIXES or "=" in words[0]):
            words = words[1:]
        if len(words) > 1 and words[0] in _RUNNERS and words[1] == "run":
            words = words[2:]
        if not words or words[0] is None:
            continue
        tool_name = re.split(r"[/\\]", words[0])[-1].removesuffix(".exe")
        tool = INTEGRATED_TOOLS.get(tool_name)
        if tool is None:
            continue
        # Global options may come before the subcommand: ``dbt --no-use-colors run``.
        for word in words[1:]:
            if word in tool.builds:
                return tool_name, word
            if word in tool.other_commands:
                break
    return None


def _executed_source(call: nodes.Call) -> str | None:
    """For ``exec(open(path).read())`` / ``exec(Path(p).read_text())``: the file it runs."""
    if not call.args or not isinstance(call.args[0], nodes.Call):
        return None
    reader = call.args[0]
    if not isinstance(reader.func, nodes.Attribute):
        return None
    if reader.func.attrname == "read" and isinstance(reader.func.expr, nodes.Call):
        opened = reader.func.expr
        if names.is_builtin(opened.func, "open") and opened.args:
            return _display(opened.args[0])
    if reader.func.attrname == "read_text":
        return _display(reader.func.expr)
    return None


#: How much of a script path or module name a message quotes.
_TEXT_LIMIT = 48


def _display(node: nodes.NodeNG) -> str:
    text = literal_text(node)
    return excerpt(text if text is not None else node, _TEXT_LIMIT, fold_whitespace=True)


_RAISED = "Dagster sees only whether it raised"


def _pipes_fix(prefix: str) -> str:
    return (
        f"Run it with Dagster Pipes: a {prefix}PipesSubprocessClient resource, "
        "pipes_subprocess_client.run(command=[...], context=context).get_materialize_result(), "
        "and open_dagster_pipes() in the script to report logs and metadata"
    )


class ScriptRunChecker(DagsterChecker):
    """Finds scripts and data tools that an asset or op runs as a black box."""

    msgs = {
        "W7341": (
            "%s runs %s inside %s '%s' as a black box: %s. %s",
            "script-run-in-asset",
            "An asset or op body runs a Python script as a subprocess (python/sys.executable "
            "or a *.py path given to subprocess or os.system), with runpy, or with "
            "exec(open(...).read()); or runs a data tool that has a Dagster integration "
            "(dbt run/build/seed/snapshot/test, sling run, meltano run/el/elt) with "
            "subprocess or os.system.\n\n"
            "Dagster records nothing of what the command did: no logs in the run view (unless "
            "it prints), no metadata, no asset checks, one materialization for everything "
            "the tool built, and a failure is one exit code. Dagster Pipes keeps a script as "
            "it is and makes it report: declare pipes_subprocess_client: "
            "dg.PipesSubprocessClient as a resource, return "
            "pipes_subprocess_client.run(command=[sys.executable, \"etl.py\"], "
            "context=context).get_materialize_result(), and in the script use "
            "`with open_dagster_pipes() as pipes: pipes.report_asset_materialization("
            "metadata={...})`. For the tools, the integration makes each output an asset: "
            "dagster-dbt's @dbt_assets (one asset per model, tests as asset checks), "
            "dagster-sling's @sling_assets (one asset per replicated stream), dagster-meltano's "
            "meltano_run_op. Other commands (bash tools, dbt deps/parse/docs), python -m of "
            "tools (pip, spacy...) and PipesSubprocessClient itself are not reported.",
        ),
    }

    @only_required_for_messages("script-run-in-asset")
    def visit_call(self, node: nodes.Call) -> None:
        spelled = names.spelled_callee(node)
        if spelled not in SCRIPT_RUN_NAMES:
            return
        definition = self.dagster_model(node).enclosing_definition(node)
        if definition is None or not definition.is_compute:
            return
        found = self._black_box(node, spelled)
        if found is None:
            return
        runner, what, seen, fix = found
        self.add_message(
            "script-run-in-asset",
            node=node,
            args=(runner, what, definition.decorator_label, definition.name, seen, fix),
        )

    @staticmethod
    def _black_box(call: nodes.Call, spelled: str) -> tuple[str, str, str, str] | None:
        """(runner, what it runs, what Dagster sees, the fix) for a script or tool run."""
        pipes = _pipes_fix(names.dagster_prefix(call))
        if spelled == "exec":
            if not names.is_builtin(call.func, "exec"):
                return None
            source = _executed_source(call)
            if source is None:
                return None
            return "exec()", f"the Python script '{source}'", _RAISED, pipes
        qualified = names.qualified_name(call.func)
        if qualified in RUNPY_FUNCTIONS:
            target = call_argument(call, "path_name" if spelled == "run_path" else "mod_name", 0)
            kind = "script" if spelled == "run_path" else "module"
            what = f"the Python {kind}" + (f" '{_display(target)}'" if target is not None else "")
            return f"{qualified}()", what, _RAISED, pipes
        if qualified not in SUBPROCESS_FUNCTIONS:
            return None
        command = call_argument(call, SUBPROCESS_FUNCTIONS[qualified], 0)
        if command is None:
            return None
        exit_code = "Dagster sees only its exit code"
        script = _python_script(command)
        if script is not None:
            if script.startswith("-m "):
                return f"{qualified}()", f"the Python module '{script[3:]}'", exit_code, pipes
            return f"{qualified}()", f"the Python script '{script}'", exit_code, pipes
        tool_run = _tool_run(command)
        if tool_run is None:
            return None
        tool = INTEGRATED_TOOLS[tool_run[0]]
        return f"{qualified}()", f"'{' '.join(tool_run)}'", f"{exit_code}, {tool.hidden}", tool.fix


def register(linter: PyLinter) -> None:
    linter.register_checker(ScriptRunChecker(linter))
