"""Airflow's Jinja macros left in Dagster strings: ``{{ ds }}``, ``{{ ti.xcom_pull(...) }}``.

Airflow renders the templated fields of its operators before a task runs, so a SQL file or a
bash command could say ``WHERE day = '{{ ds }}'``. Dagster renders no template: the braces
reach the database, the shell or the file system as they are written.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names
from pylint_dagster_migration.checkers.base import DagsterChecker, excerpt
from pylint_dagster_migration.model import DagsterModule, is_test_module

if TYPE_CHECKING:
    from pylint.lint import PyLinter

# What replaces each macro; ``{prefix}`` is the module's prefix for Dagster names.
_PARTITION_KEY = (
    "Put context.partition_key in the string at run time (an f-string or .format() in the "
    "asset; a {prefix}DailyPartitionsDefinition gives 'YYYY-MM-DD')"
)
_PARTITION_KEY_NODASH = (
    "Put context.partition_key.replace('-', '') in the string at run time (an f-string or "
    ".format() in an asset with a {prefix}DailyPartitionsDefinition)"
)
_WINDOW_START = (
    "Put context.partition_time_window.start in the string at run time (an f-string or "
    ".format() in an asset with a time-window partitions_def such as "
    "{prefix}DailyPartitionsDefinition)"
)
_WINDOW_END = (
    "Put context.partition_time_window.end in the string at run time (an f-string or "
    ".format() in an asset with a time-window partitions_def such as "
    "{prefix}DailyPartitionsDefinition)"
)
_WINDOW_OFFSET = (
    "Compute the date in the asset from context.partition_time_window (start - timedelta(...)) "
    "and put it in the string at run time; Dagster passes no previous or next run dates"
)
_PYTHON_DATES = (
    "Compute the value in Python inside the asset (datetime and timedelta on "
    "context.partition_time_window.start) and put it in the string at run time"
)
_XCOM = (
    "Take the upstream value as an asset input (a parameter named after the upstream asset) "
    "and put it in the string at run time; Dagster has no XCom"
)
_RUN_INFO = (
    "Put context.run_id, context.job_name or context.asset_key in the string at run time"
)
_RESOURCE = (
    "Read the value from a {prefix}ConfigurableResource field set with {prefix}EnvVar(...) in "
    "Definitions(resources=...) and put it in the string at run time"
)
_CONNECTION = (
    "Take the connection's fields from a {prefix}ConfigurableResource set with "
    "{prefix}EnvVar(...) and put them in the string at run time"
)
_RUN_CONFIG = (
    "Take the value from run config (a 'config' parameter annotated with a {prefix}Config "
    "subclass) and put it in the string at run time"
)

#: Airflow's template variables that stand alone (``{{ ds }}``, ``{{ ds | replace(...) }}``),
#: each with what replaces it.
VALUE_MACROS = {
    "ds": _PARTITION_KEY,
    "ds_nodash": _PARTITION_KEY_NODASH,
    "ts": _WINDOW_START,
    "ts_nodash": _WINDOW_START,
    "ts_nodash_with_tz": _WINDOW_START,
    "execution_date": _WINDOW_START,
    "logical_date": _WINDOW_START,
    "data_interval_start": _WINDOW_START,
    "data_interval_end": _WINDOW_END,
    "prev_ds": _WINDOW_OFFSET,
    "next_ds": _WINDOW_OFFSET,
    "prev_ds_nodash": _WINDOW_OFFSET,
    "next_ds_nodash": _WINDOW_OFFSET,
    "yesterday_ds": _WINDOW_OFFSET,
    "tomorrow_ds": _WINDOW_OFFSET,
    "yesterday_ds_nodash": _WINDOW_OFFSET,
    "tomorrow_ds_nodash": _WINDOW_OFFSET,
    "prev_execution_date": _WINDOW_OFFSET,
    "next_execution_date": _WINDOW_OFFSET,
    "prev_data_interval_start_success": _WINDOW_OFFSET,
    "prev_data_interval_end_success": _WINDOW_OFFSET,
    "prev_start_date_success": _WINDOW_OFFSET,
    "run_id": _RUN_INFO,
    "task_instance_key_str": _RUN_INFO,
}
#: Airflow's template objects, which a template reads through an attribute or a subscript
#: (``{{ var.value.bucket }}``, ``{{ params.region }}``): alone the names are too common.
OBJECT_MACROS = {
    "ti": _RUN_INFO,
    "task_instance": _RUN_INFO,
    "dag_run": _RUN_CONFIG,
    "params": _RUN_CONFIG,
    "var": _RESOURCE,
    "conn": _CONNECTION,
    "macros": _PYTHON_DATES,
    "dag": _RUN_INFO,
    "task": _RUN_INFO,
}
# Patterns are kept as text and matched through the ``re`` module's own cache
# (``re.search(PATTERN, text)``): each is compiled the first time it is needed, not when
# pylint loads the plugin.
#: ``{{ ... }}``, with Jinja's whitespace control (``{{- ds -}}``); not GitHub's ``${{ }}``.
_TEMPLATE = r"(?<!\$)\{\{-?\s*(?P<body>[^{}]*?)\s*-?\}\}"
_LEADING_NAME = r"(?s)\(*\s*(?P<name>[A-Za-z_]\w*)(?P<rest>.*)"
#: What the text after an object's name must start with: ``var`` only as ``var.value.x`` or
#: ``var.json.x`` (Airflow's Variables), the others with any attribute or subscript.
_OBJECT_ACCESS = {"var": r"\s*\.\s*(value|json)\s*\."}
_ANY_ACCESS = r"\s*[.\[]"

#: Calls whose string argument is a pattern to find or replace, not a string that is used.
_PATTERN_METHODS = frozenset(
    {"replace", "sub", "subn", "split", "rsplit", "startswith", "endswith", "find", "rfind",
     "index", "rindex", "count", "partition", "rpartition", "search", "match", "fullmatch",
     "findall", "finditer", "compile", "removeprefix", "removesuffix"}
)
_LOG_METHODS = frozenset(
    {"info", "debug", "warning", "warn", "error", "exception", "critical", "log", "print"}
)
#: Keywords whose string is documentation of a construct, not a value it uses.
_DOCUMENTING_KEYWORDS = frozenset({"description", "help", "doc", "docstring"})
#: How a module hands strings to a template engine (Jinja's Template, Environment.from_string,
#: .render(), a helper such as render_sql): it may render Airflow's macros itself.
_RENDERING = r"(?i)render|template|from_string"

_MACRO_LIMIT = 48


def airflow_macro(text: str) -> tuple[str, str] | None:
    """The first Airflow macro in ``text`` (the ``{{ ... }}`` as written) with the name that
    identifies it (``ds``, ``var``...), or None."""
    for template in re.finditer(_TEMPLATE, text):
        leading = re.match(_LEADING_NAME, template.group("body"))
        if leading is None:
            continue
        name, rest = leading.group("name"), leading.group("rest")
        if name in VALUE_MACROS:
            return template.group(0), name
        if name in OBJECT_MACROS and re.match(_OBJECT_ACCESS.get(name, _ANY_ACCESS), rest):
            if name in {"ti", "task_instance"} and "xcom_pull" in rest:
                return template.group(0), "xcom_pull"
            return template.group(0), name
    return None


def _fix(name: str) -> str:
    if name == "xcom_pull":
        return _XCOM
    return VALUE_MACROS.get(name) or OBJECT_MACROS[name]


class AirflowTemplateChecker(DagsterChecker):
    """Finds Airflow template macros in the strings of Dagster modules."""

    msgs = {
        "W7364": (
            "%s holds Airflow's macro '%s', which Dagster never renders: the braces reach "
            "the SQL, command or path as written. %s",
            "airflow-template-in-string",
            "A string in a Dagster module holds one of Airflow's Jinja macros: {{ ds }}, "
            "{{ ds_nodash }}, {{ ts }}, {{ execution_date }}, {{ logical_date }}, "
            "{{ data_interval_start }}/{{ data_interval_end }}, {{ prev_ds }}, "
            "{{ next_ds }}, {{ run_id }}, {{ ti.xcom_pull(...) }}, {{ task_instance... }}, "
            "{{ var.value.x }}/{{ var.json.x }}, {{ conn.x }}, {{ params.x }}, "
            "{{ dag_run.conf... }}, {{ macros.* }} (with Jinja filters and whitespace "
            "control too).\n\n"
            "Airflow renders the templated fields of its operators before a task runs; "
            "Dagster renders no template, so the text reaches the database, the shell or the "
            "file system with its braces, and the query fails or silently matches nothing. "
            "Put the value in at run time from what Dagster provides: context.partition_key "
            "and context.partition_time_window of a partitioned asset for the dates, run "
            "config (a dg.Config) for params and dag_run.conf, a dg.ConfigurableResource with "
            "dg.EnvVar for Variables and Connections, an asset input for XCom. Not reported: "
            "docstrings and bare strings, log and print messages, description= texts, "
            "patterns given to replace()/re.sub() or compared, modules that render templates "
            "themselves (Jinja, .render(), a render_* or *template* helper), test modules, "
            "the Airflow DAGs and operators of a half-migrated module (only strings in its "
            "Dagster definitions are judged), and f-strings whose {{ }} render as single "
            "braces.",
        ),
    }

    def __init__(self, linter: PyLinter) -> None:
        super().__init__(linter)
        self._rendering: tuple[nodes.Module | None, bool] = (None, False)

    @only_required_for_messages("airflow-template-in-string")
    def visit_const(self, node: nodes.Const) -> None:
        value = node.value
        if not isinstance(value, str) or "{{" not in value:
            return
        if isinstance(node.parent, (nodes.JoinedStr, nodes.FormattedValue)):
            return  # read with its f-string, as the f-string renders it
        if _is_format_receiver(node):
            # ``"{{ ds }}".format(...)`` renders the doubled braces as single ones.
            value = value.replace("{{", "{").replace("}}", "}")
        self._check(node, "String", value)

    @only_required_for_messages("airflow-template-in-string")
    def visit_joinedstr(self, node: nodes.JoinedStr) -> None:
        # The literal parts as the f-string renders them: f"{{ ds }}" is "{ ds }", no macro.
        parts = [
            part.value
            for part in node.values
            if isinstance(part, nodes.Const) and isinstance(part.value, str)
        ]
        if any("{{" in part for part in parts):
            self._check(node, "f-string", "\0".join(parts))

    def _check(self, node: nodes.NodeNG, kind: str, text: str) -> None:
        macro = airflow_macro(text)
        if macro is None or _is_documentation_or_pattern(node):
            return
        model = self.dagster_model(node)
        if is_test_module(model.module) or self._renders_templates(model):
            return
        if model.imports("airflow") and not _in_dagster_definition(node, model):
            return
        written, name = macro
        self.add_message(
            "airflow-template-in-string",
            node=node,
            args=(
                kind,
                excerpt(written, _MACRO_LIMIT, fold_whitespace=True),
                _fix(name).format(prefix=names.dagster_prefix(node)),
            ),
        )

    def _renders_templates(self, model: DagsterModule) -> bool:
        """Whether the module renders templates itself, worked out once per module."""
        cached_module, renders = self._rendering
        if cached_module is not model.module:
            renders = _renders_templates(model)
            self._rendering = (model.module, renders)
        return renders


def _is_format_receiver(node: nodes.Const) -> bool:
    parent = node.parent
    return (
        isinstance(parent, nodes.Attribute)
        and parent.attrname == "format"
        and parent.expr is node
        and isinstance(parent.parent, nodes.Call)
    )


def _is_documentation_or_pattern(node: nodes.NodeNG) -> bool:
    """A docstring or bare string, a log message, a description= text, a dict key, or a
    pattern searched for, replaced or compared (code that deals with the macro itself)."""
    parent = node.parent
    if isinstance(parent, (nodes.Expr, nodes.Compare)):
        return True
    if isinstance(parent, nodes.Dict):
        return any(key is node for key, _ in parent.items)
    if isinstance(parent, nodes.Keyword):
        if parent.arg in _DOCUMENTING_KEYWORDS:
            return True
        parent = parent.parent
    if isinstance(parent, nodes.Call) and node is not parent.func:
        callee = names.spelled_callee(parent)
        return callee in _LOG_METHODS or callee in _PATTERN_METHODS
    return False


def _renders_templates(model: DagsterModule) -> bool:
    """Whether a module hands strings to a template engine or renders macros by hand
    (``sql.replace("{{ ds }}", ...)``): its templates may well be rendered."""
    if model.imports("jinja2") or model.imports("jinja"):
        return True
    for call in model.module.nodes_of_class(nodes.Call):
        callee = names.spelled_callee(call) or ""
        if re.search(_RENDERING, callee):
            return True
        if callee in {"replace", "sub"} and call.args:
            pattern = call.args[0]
            if isinstance(pattern, nodes.Const) and "{{" in str(pattern.value):
                return True
    return False


def _in_dagster_definition(node: nodes.NodeNG, model: DagsterModule) -> bool:
    """In a module that also imports Airflow: whether ``node`` is in the body of a Dagster
    definition and not in an Airflow call or block inside it. Strings elsewhere may be the
    templated fields of the module's DAGs, which Airflow renders."""
    if model.enclosing_definition(node) is None:
        return False
    child = node
    while child.parent is not None and not isinstance(child, nodes.FunctionDef):
        parent = child.parent
        if isinstance(parent, nodes.Call) and (
            names.call_qualified_name(parent) or ""
        ).startswith("airflow."):
            return False
        child = parent
    return True


def register(linter: PyLinter) -> None:
    linter.register_checker(AirflowTemplateChecker(linter))
