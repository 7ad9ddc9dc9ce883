"""Resolve the names in a module to what they were imported as, from the syntax tree alone.

Every checker asks these functions what a name means (``dg.asset`` -> ``dagster.asset``,
``sleep`` -> ``time.sleep``). They read only the module's own import statements through
astroid's scope lookup, so they work where Dagster, Airflow or Prefect are not installed
and never infer into installed packages.
"""

from __future__ import annotations

from astroid import nodes

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


def is_dagster_module_name(modname: str) -> bool:
    """True for ``dagster``, its submodules, and the ``dagster_*`` integration packages."""
    top = modname.split(".", 1)[0]
    return top == "dagster" or top.startswith("dagster_")


def _absolute_module(importfrom: nodes.ImportFrom) -> str:
    if not importfrom.level:
        return importfrom.modname
    return importfrom.root().relative_to_absolute_name(importfrom.modname, importfrom.level)


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
