"""Write ``dagster_signatures.py``: the keyword arguments each Dagster callable accepts.

Run it in an environment where Dagster is installed, after a Dagster upgrade::

    python -m pylint_dagster_migration.generate_signatures

The checkers read the generated table at lint time without importing Dagster, and
``tests/test_schedules.py`` fails when the table no longer matches the installed Dagster.

A callable's accepted keywords are its signature's parameters plus the hidden, deprecated
keywords Dagster still takes through ``**kwargs``. A callable whose ``**kwargs`` Dagster does
not close (by calling ``only_allow_hidden_params_in_kwargs``) accepts anything, so it is left
out of the table and never judged.
"""

from __future__ import annotations

import importlib.metadata
import inspect
import re
import sys
from pathlib import Path

#: The public Dagster callables whose keywords the checkers judge.
CALLABLES = (
    "asset", "multi_asset", "graph_asset", "graph_multi_asset", "observable_source_asset",
    "op", "graph", "job", "asset_check", "multi_asset_check",
    "schedule", "ScheduleDefinition", "build_schedule_from_partitioned_job",
    "sensor", "SensorDefinition", "asset_sensor", "multi_asset_sensor",
    "run_status_sensor", "run_failure_sensor",
    "define_asset_job", "Definitions",
    "AssetSpec", "AssetOut", "AssetIn", "AssetDep", "AssetCheckSpec", "In", "Out",
    "RetryPolicy", "RunRequest", "SensorResult", "MaterializeResult", "materialize",
    "DailyPartitionsDefinition", "HourlyPartitionsDefinition", "WeeklyPartitionsDefinition",
    "MonthlyPartitionsDefinition", "TimeWindowPartitionsDefinition",
    "StaticPartitionsDefinition",
    # Methods, judged on a name the module binds to an asset definition (model.py).
    "AssetsDefinition.with_attributes",
)

OUTPUT = Path(__file__).with_name("dagster_signatures.py")

_KWARGS_READ = re.compile(r"""kwargs(?:\.get\(|\.pop\(|\[)\s*["'](\w+)["']""")
_CLOSES_KWARGS = "only_allow_hidden_params_in_kwargs("


def _implementations(obj) -> list:
    """The functions whose source decides what ``**kwargs`` may hold."""
    if inspect.isclass(obj):
        found = []
        for klass in obj.__mro__:
            for attribute in ("__new__", "__init__"):
                function = klass.__dict__.get(attribute)
                if function is not None:
                    found.append(inspect.unwrap(getattr(function, "__func__", function)))
            if found:
                break
        return found
    return [inspect.unwrap(obj)]


def _source(obj) -> str:
    texts = []
    for function in _implementations(obj):
        try:
            texts.append(inspect.getsource(function))
        except (OSError, TypeError):
            pass
    return "\n".join(texts)


def accepted_keywords(obj) -> frozenset[str] | None:
    """Keywords ``obj`` accepts, or None when it accepts any keyword."""
    # pylint: disable=import-outside-toplevel
    from dagster._symbol_annotations.lifecycle import get_deprecated_params, has_deprecated_params

    parameters = inspect.signature(obj).parameters.values()
    accepted = {
        parameter.name
        for parameter in parameters
        if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY)
        and parameter.name != "self"  # a method's instance, which no call passes by keyword
    }
    if any(parameter.kind is parameter.VAR_KEYWORD for parameter in parameters):
        source = _source(obj)
        if _CLOSES_KWARGS not in source:
            return None
        if has_deprecated_params(obj):
            accepted |= set(get_deprecated_params(obj))
        accepted |= set(_KWARGS_READ.findall(source))
    return frozenset(accepted)


def dagster_minor_version(version: str) -> str:
    return ".".join(version.split(".")[:2])


def table() -> tuple[dict[str, frozenset[str]], list[str]]:
    """(accepted keywords per judged callable, callables left out because they are open)."""
    import dagster  # pylint: disable=import-outside-toplevel

    judged: dict[str, frozenset[str]] = {}
    open_callables = []
    for name in CALLABLES:
        obj = dagster
        for attribute in name.split("."):
            obj = getattr(obj, attribute)
        keywords = accepted_keywords(obj)
        if keywords is None:
            open_callables.append(name)
        else:
            judged[name] = keywords
    return judged, open_callables


def render() -> str:
    """The text of ``dagster_signatures.py`` for the installed Dagster."""
    judged, open_callables = table()
    version = dagster_minor_version(importlib.metadata.version("dagster"))
    lines = [
        '"""Keyword arguments each Dagster callable accepts (generated; do not edit).',
        "",
        "Regenerate with ``python -m pylint_dagster_migration.generate_signatures``.",
        "Left out because they accept any keyword:",
        *(f"- {name}" for name in open_callables),
        '"""',
        "",
        f'DAGSTER_VERSION = "{version}"',
        "",
        "KEYWORDS = {",
    ]
    for name in sorted(judged):
        lines.append(f'    "{name}": frozenset(')
        lines.append("        {")
        lines.extend(f'            "{keyword}",' for keyword in sorted(judged[name]))
        lines.append("        }")
        lines.append("    ),")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> int:
    text = render()
    if not OUTPUT.exists() or OUTPUT.read_text(encoding="utf-8") != text:
        OUTPUT.write_text(text, encoding="utf-8")
        print(f"{OUTPUT}: updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
