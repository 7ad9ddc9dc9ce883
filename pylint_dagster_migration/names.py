"""Resolve the names in a module to what they were imported as, from the syntax tree alone.

Every checker asks these functions what a name means (``dg.asset`` -> ``dagster.asset``,
``sleep`` -> ``time.sleep``). They read only the module's own import statements through
astroid's scope lookup, so they work where Dagster, Airflow or Prefect are not installed
and never infer into installed packages.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from astroid import nodes
from astroid.exceptions import TooManyLevelsError

if TYPE_CHECKING:
    from pylint_dagster_migration.model import DagsterModule

#: Public names a ``from dagster import *`` brings in that the checks care about.
DAGSTER_STAR_NAMES = frozenset(
    {
        "asset", "multi_asset", "graph_asset", "graph_multi_asset", "op", "graph", "job",
        "asset_check", "multi_asset_check", "observable_source_asset", "schedule", "sensor",
        "asset_sensor", "multi_asset_sensor", "run_status_sensor", "run_failure_sensor",
        "Definitions", "AssetSpec", "AssetDep", "AssetIn", "AssetOut", "AssetKey",
        "ScheduleDefinition", "SensorDefinition", "RunRequest", "SkipReason", "SensorResult",
        "RetryPolicy", "Backoff", "Jitter", "ConfigurableResource", "ConfigurableIOManager",
        "Config", "EnvVar", "ResourceParam", "define_asset_job",
        "build_schedule_from_partitioned_job", "AssetSelection", "AssetsDefinition",
        "SourceAsset", "materialize", "MaterializeResult", "AssetExecutionContext",
        "OpExecutionContext", "PipesSubprocessClient", "DailyPartitionsDefinition",
        "HourlyPartitionsDefinition", "WeeklyPartitionsDefinition",
        "MonthlyPartitionsDefinition",
    }
)


# What Dagster defines, by the public name of its decorator: the one table of kinds that the
# module model (model.py) and the project index (project.py) both read.
ASSET_DECORATORS = frozenset(
    {"asset", "multi_asset", "graph_asset", "graph_multi_asset", "observable_source_asset"}
)
OP_DECORATORS = frozenset({"op"})
CHECK_DECORATORS = frozenset({"asset_check", "multi_asset_check"})
JOB_DECORATORS = frozenset({"job", "graph"})
SENSOR_DECORATORS = frozenset(
    {"sensor", "asset_sensor", "multi_asset_sensor", "run_status_sensor", "run_failure_sensor"}
)
SCHEDULE_DECORATORS = frozenset({"schedule"})
#: Module-level calls whose result, bound to a name, is a schedule, sensor or job (what a
#: ``Definitions`` must list for Dagster to run it).
REGISTRABLE_CALLS = {
    "ScheduleDefinition": "schedule",
    "build_schedule_from_partitioned_job": "schedule",
    "SensorDefinition": "sensor",
    "define_asset_job": "job",
}
#: Decorators of a module-level function that make it a schedule, sensor or job.
REGISTRABLE_DECORATORS = {
    **{name: "schedule" for name in SCHEDULE_DECORATORS},
    **{name: "sensor" for name in SENSOR_DECORATORS},
    "job": "job",
}
DEFINITION_DECORATORS = (
    ASSET_DECORATORS
    | OP_DECORATORS
    | CHECK_DECORATORS
    | JOB_DECORATORS
    | SENSOR_DECORATORS
    | SCHEDULE_DECORATORS
)

#: Dagster classes whose instances, bound to a module-level name, are asset definitions.
ASSET_OBJECT_CLASSES = frozenset({"AssetSpec", "SourceAsset"})

#: Dagster calls that name an asset key, and where: (keyword, position of the same argument).
KEY_ARGUMENTS = {
    "AssetSpec": ("key", 0),
    "SourceAsset": ("key", 0),
    "AssetKey": ("path", 0),
    "AssetKey.from_user_string": ("asset_key_string", 0),
    "AssetIn": ("key", 0),
    "AssetOut": ("key", 1),
    "AssetDep": ("asset", 0),
}


def last_key_segment(literal: object) -> str | None:
    """The last segment of the asset key a literal names: ``"orders"``, ``["raw", "orders"]``
    and the user string ``"raw/orders"`` all end in ``orders``; None for anything else.

    Checks match keys by their last segment, which is what a parameter name or a function
    name can spell.
    """
    if isinstance(literal, (list, tuple)) and literal:
        literal = literal[-1]
    if isinstance(literal, str) and literal:
        return literal.rsplit("/", 1)[-1] or None
    return None


def is_dagster_module_name(modname: str) -> bool:
    """True for ``dagster``, its submodules, and the ``dagster_*`` integration packages."""
    top = modname.split(".", 1)[0]
    return top == "dagster" or top.startswith("dagster_")


def _absolute_module(importfrom: nodes.ImportFrom) -> str:
    if not importfrom.level:
        return importfrom.modname
    try:
        return importfrom.root().relative_to_absolute_name(importfrom.modname, importfrom.level)
    except TooManyLevelsError:
        # A relative import in a module that is not in a package: keep it relative, so it
        # can never be mistaken for an absolute module such as ``dagster``.
        return "." * importfrom.level + (importfrom.modname or "")


def _binding(name: nodes.Name) -> nodes.NodeNG | None:
    """The statement that binds ``name`` where it is used, or None when unknown or ambiguous."""
    _, assignments = name.lookup(name.name)
    # With several bindings (try/except imports, a later reassignment) the last one wins,
    # as it does at run time for straight-line code.
    return assignments[-1] if assignments else None


def qualified_name(node: nodes.NodeNG) -> str | None:
    """The dotted name an expression was imported as, e.g. ``dagster.asset`` or ``time.sleep``.

    Handles ``import x``, ``import x as y``, ``import x.y``, ``from x import y [as z]``,
    relative imports (made absolute against the linted module's package), attribute chains
    (``dg.AssetSelection.keys`` -> ``dagster.AssetSelection.keys``) and ``from dagster
    import *``. Anything bound otherwise (a local function, an assignment, a parameter)
    gives None.
    """
    if isinstance(node, nodes.Attribute):
        base = qualified_name(node.expr)
        return f"{base}.{node.attrname}" if base else None
    if not isinstance(node, nodes.Name):
        return None
    binding = _binding(node)
    if binding is None:
        return _star_imported(node)
    if isinstance(binding, nodes.ImportFrom):
        real = binding.real_name(node.name)
        return f"{_absolute_module(binding)}.{real}"
    if isinstance(binding, nodes.Import):
        real = binding.real_name(node.name)
        # ``import a.b`` binds ``a``; ``import a.b as c`` binds ``c`` to ``a.b``.
        if real == node.name and "." in _imported_path(binding, node.name):
            return node.name
        return real
    return None


def _imported_path(binding: nodes.Import, local: str) -> str:
    for modname, alias in binding.names:
        if (alias or modname.split(".", 1)[0]) == local:
            return modname
    return local


def _star_imported(name: nodes.Name) -> str | None:
    if name.name not in DAGSTER_STAR_NAMES:
        return None
    for statement in name.root().body:
        if (
            isinstance(statement, nodes.ImportFrom)
            and statement.modname == "dagster"
            and statement.names[0][0] == "*"
        ):
            return f"dagster.{name.name}"
    return None


def dagster_name(node: nodes.NodeNG) -> str | None:
    """The public Dagster name of an expression (``asset``, ``AssetSelection.keys``), or None.

    Private paths such as ``dagster._core.definitions.decorators.asset_decorator.asset`` are
    reduced to their last segment, which is the public name for every object Dagster
    re-exports.
    """
    qualified = qualified_name(node)
    if not qualified or not qualified.startswith("dagster."):
        return None
    public = qualified[len("dagster.") :]
    if public.startswith("_"):
        return public.rsplit(".", 1)[-1]
    return public


def call_dagster_name(call: nodes.NodeNG) -> str | None:
    """For a call (``dg.asset(...)``) the Dagster name of the callee; for anything else None."""
    if isinstance(call, nodes.Call):
        return dagster_name(call.func)
    return None


def keyword_argument(call: nodes.Call, name: str) -> nodes.NodeNG | None:
    """The value passed as keyword ``name`` in ``call``, or None."""
    for keyword in call.keywords or ():
        if keyword.arg == name:
            return keyword.value
    return None


#: Functions that block the calling thread (or task) for a while, however they are imported.
SLEEP_FUNCTIONS = frozenset(
    {"time.sleep", "asyncio.sleep", "anyio.sleep", "trio.sleep", "gevent.sleep"}
)


def is_sleep_call(call: nodes.Call) -> bool:
    """``time.sleep(5)``, ``sleep(5)`` after ``from time import sleep``, ``asyncio.sleep(1)``..."""
    func = call.func
    # Cheap filter first: only a callee spelled ``...sleep`` is resolved through the imports.
    if isinstance(func, nodes.Attribute):
        spelled = func.attrname
    elif isinstance(func, nodes.Name):
        spelled = func.name
    else:
        return False
    return spelled.endswith("sleep") and qualified_name(func) in SLEEP_FUNCTIONS


def spelled_callee(call: nodes.Call) -> str | None:
    """The last name a call is spelled with (``run`` for ``subprocess.run(...)`` and for
    ``run(...)``): a cheap filter before resolving the callee through the imports. None for
    a callee that is itself a call (``factory()(...)``)."""
    return None if isinstance(call.func, nodes.Call) else spelled_name(call.func)


def spelled_name(node: nodes.NodeNG) -> str | None:
    """The last name an expression, a decorator or a call's callee is spelled with
    (``asset`` for ``dg.asset``, ``@asset`` and ``dg.asset(...)``)."""
    if isinstance(node, nodes.Call):
        node = node.func
    if isinstance(node, nodes.Attribute):
        return node.attrname
    if isinstance(node, nodes.Name):
        return node.name
    return None


def call_qualified_name(call: nodes.NodeNG) -> str | None:
    """For a call (``sp.run(...)`` after ``import subprocess as sp``) the dotted name its
    callee was imported as (``subprocess.run``); for anything else None."""
    if isinstance(call, nodes.Call):
        return qualified_name(call.func)
    return None


def is_builtin(node: nodes.NodeNG, name: str) -> bool:
    """True when ``node`` is the bare name ``name`` (``exec``, ``open``) and the module does
    not rebind it, so it is Python's builtin."""
    if not isinstance(node, nodes.Name) or node.name != name:
        return False
    scope, _ = node.lookup(name)
    return isinstance(scope, nodes.Module) and scope.name == "builtins"


def assigned_value(name: nodes.Name) -> nodes.NodeNG | None:
    """The value last assigned to ``name`` where it is used (``x = {...}``, ``x: T = ...``),
    or None when it is bound otherwise (a parameter, an import, a loop, unpacking)."""
    binding = _binding(name)
    if not isinstance(binding, nodes.AssignName):
        return None
    statement = binding.parent
    if isinstance(statement, (nodes.Assign, nodes.AnnAssign)):
        return statement.value
    return None


#: What ``datetime.timedelta``'s positional parameters are, in order, in seconds.
_TIMEDELTA_UNITS = (
    ("days", 86400), ("seconds", 1), ("microseconds", 1e-6), ("milliseconds", 1e-3),
    ("minutes", 60), ("hours", 3600), ("weeks", 604800),
)
TIMEDELTA_CALLABLES = frozenset({"datetime.timedelta", "pendulum.duration", "pandas.Timedelta"})


def is_timedelta_call(node: nodes.NodeNG) -> bool:
    """``timedelta(minutes=5)``, ``datetime.timedelta(...)``, ``pendulum.duration(...)``."""
    return call_qualified_name(node) in TIMEDELTA_CALLABLES


def timedelta_seconds(node: nodes.NodeNG) -> int | float | None:
    """The seconds a literal ``timedelta(...)`` call stands for (``timedelta(minutes=5)`` ->
    300), or None when it is not one or any argument is not a number literal."""
    if not isinstance(node, nodes.Call) or call_qualified_name(node) != "datetime.timedelta":
        return None
    units = dict(_TIMEDELTA_UNITS)
    given = [(unit, value) for (unit, _), value in zip(_TIMEDELTA_UNITS, node.args)]
    given += [(keyword.arg, keyword.value) for keyword in node.keywords or ()]
    total = 0.0
    for unit, value in given:
        if unit not in units or not (
            isinstance(value, nodes.Const)
            and isinstance(value.value, (int, float))
            and not isinstance(value.value, bool)
        ):
            return None
        try:
            total += value.value * units[unit]
        except OverflowError:  # an integer literal too large for a float
            return None
    if not math.isfinite(total):  # timedelta(seconds=1e999): no number to write
        return None
    return int(total) if total == int(total) else round(total, 6)


def construct_label(call: nodes.Call) -> str:
    """How the user spelled a call to a Dagster construct, for messages: ``@dg.asset 'orders'``
    for a decorator, ``dg.define_asset_job(...)`` for a plain call."""
    parent = call.parent
    if isinstance(parent, nodes.Decorators) and isinstance(parent.parent, nodes.FunctionDef):
        return f"@{call.func.as_string()} '{parent.parent.name}'"
    return f"{call.func.as_string()}(...)"


def dagster_prefix(node: nodes.NodeNG) -> str:
    """The prefix a module writes Dagster names with, for the fixes messages suggest.

    ``dg.`` where the node is a call spelled ``dg.asset(...)`` or the module does ``import
    dagster as dg``; ``dagster.`` after ``import dagster``; nothing where the module imports
    Dagster names directly (``from dagster import asset``), so that the suggested
    ``RetryPolicy(...)`` reads like the rest of the module. A module that imports no Dagster
    at all (an Airflow DAG file) gets the documented ``dg.``.
    """
    func = node.func if isinstance(node, nodes.Call) else None
    if isinstance(func, nodes.Attribute):
        base = qualified_name(func.expr)
        if base and is_dagster_module_name(base) and "." not in base:
            return f"{func.expr.as_string()}."
    from_imports = False
    for statement in node.root().body:
        if isinstance(statement, nodes.Import):
            for modname, alias in statement.names:
                if modname == "dagster":
                    return f"{alias or modname}."
        elif isinstance(statement, nodes.ImportFrom) and statement.modname == "dagster":
            from_imports = True
    return "" if from_imports else "dg."


def airflow_sensor_class(call: nodes.NodeNG) -> str | None:
    """The class name (``S3KeySensor``) of the Airflow sensor operator a call instantiates,
    resolved through the imports; None for anything else."""
    qualified = call_qualified_name(call)
    if not qualified or qualified.split(".", 1)[0] != "airflow":
        return None
    class_name = qualified.rsplit(".", 1)[-1]
    return class_name if "Sensor" in class_name else None


def under_airflow(call: nodes.Call) -> bool:
    """Whether Airflow, not Dagster, runs ``call``: it is given ``dag=``, or stands inside a
    ``with`` of an Airflow object (``with DAG(...)``, a task group) or in a function an Airflow
    decorator defines (``@dag``, ``@task``)."""
    if keyword_argument(call, "dag") is not None:
        return True
    node = call.parent
    while node is not None:
        if isinstance(node, nodes.With) and any(
            _is_airflow_name(call_qualified_name(item)) for item, _ in node.items
        ):
            return True
        if isinstance(node, nodes.FunctionDef) and node.decorators and any(
            _is_airflow_name(
                qualified_name(decorator.func if isinstance(decorator, nodes.Call) else decorator)
            )
            for decorator in node.decorators.nodes
        ):
            return True
        node = node.parent
    return False


def _is_airflow_name(qualified: str | None) -> bool:
    return bool(qualified) and qualified.startswith("airflow.")


#: Keys of Airflow's template context: what Airflow passes a task callable by parameter name
#: (``ds``, ``ti``, ``dag_run``...) and what Airflow code reads from its context dict.
AIRFLOW_CONTEXT_KEYS = frozenset(
    {
        "ds", "ds_nodash", "ts", "ts_nodash", "execution_date", "logical_date",
        "data_interval_start", "data_interval_end", "prev_ds", "next_ds", "yesterday_ds",
        "tomorrow_ds", "prev_execution_date", "next_execution_date", "ti", "task_instance",
        "dag_run", "dag", "task", "run_id", "params", "conf", "macros", "var",
        "templates_dict", "test_mode",
    }
)


def reads_airflow_context_key(name: nodes.Name) -> bool:
    """Whether ``name`` is read as Airflow's context dict where it is used: ``name["ds"]`` or
    ``name.get("ti")`` with a key of that context."""
    parent = name.parent
    if isinstance(parent, nodes.Subscript) and parent.value is name:
        key = parent.slice
    elif (
        isinstance(parent, nodes.Attribute)
        and parent.attrname == "get"
        and isinstance(parent.parent, nodes.Call)
        and parent.parent.func is parent
        and parent.parent.args
    ):
        key = parent.parent.args[0]
    else:
        return False
    return isinstance(key, nodes.Const) and key.value in AIRFLOW_CONTEXT_KEYS


def definition_kind_named_by(node: nodes.NodeNG, model: DagsterModule) -> str | None:
    """``"asset"`` or ``"op"`` when ``node`` names an asset or op definition (or an asset
    object such as an ``AssetSpec``) of the module or of its project, directly or, as in a job
    body, by calling it (``extract()``); None for anything else, a job or a sensor included."""
    if isinstance(node, nodes.Call):
        node = node.func
    if not isinstance(node, nodes.Name):
        return None
    if model.may_name_definition(node.name):
        definition = model.definition_referenced_by(node)
        if definition is not None and definition.is_asset:
            return "asset"
        if definition is not None and definition.kind == "op":
            return "op"
    if model.may_name_asset_object(node.name) and model.asset_object_referenced_by(node):
        return "asset"
    return None


def fill_in_fix(template: str, node: nodes.NodeNG, context_class: str) -> str:
    """``template``, a fix a message suggests, in the spelling of ``node``'s module:
    ``{prefix}`` becomes the prefix it writes Dagster names with (see ``dagster_prefix``) and
    ``{context}`` the context class ``context_class`` written with it, as in
    ``'context: dg.AssetExecutionContext'``."""
    prefix = dagster_prefix(node)
    return template.format(prefix=prefix, context=f"{prefix}{context_class}")
