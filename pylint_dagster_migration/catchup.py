"""Airflow's catchup arguments, and how Dagster gets the same history.

An Airflow DAG with ``start_date`` and the default ``catchup=True`` runs once for every
interval since the start date when it is deployed. A Dagster schedule only ever launches its
latest tick. History needs a partitions definition that carries the start date and an explicit
backfill; ``start_date=`` is right on ``DailyPartitionsDefinition`` and nowhere else. The fixes
are written here once: ``assumed-catchup`` reports them, and ``unknown-dagster-argument``
teaches the same fix when ``assumed-catchup`` is disabled.
"""

from __future__ import annotations

from astroid import nodes

from pylint_dagster_migration import literals, names, retry_policies
from pylint_dagster_migration.checkers.base import excerpt

#: Airflow DAG arguments that encode catchup.
CATCHUP_KEYWORDS = frozenset({"catchup", "start_date", "end_date", "depends_on_past", "default_args"})

#: Dagster constructs that run or schedule work (not partitions definitions, where
#: ``start_date`` belongs).
SCHEDULED_CONSTRUCTS = frozenset(
    {
        "asset", "multi_asset", "graph_asset", "graph_multi_asset", "observable_source_asset",
        "op", "graph", "job", "asset_check", "multi_asset_check", "schedule",
        "ScheduleDefinition", "build_schedule_from_partitioned_job", "sensor",
        "SensorDefinition", "asset_sensor", "multi_asset_sensor", "run_status_sensor",
        "run_failure_sensor", "define_asset_job", "AssetSpec", "AssetOut",
    }
)

NEVER_CATCHES_UP = "Dagster schedules launch only the latest tick and never backfill on deploy"
BACKFILL = (
    "backfill history explicitly (UI, or dg launch / dagster asset materialize "
    "--partition-range START...END for assets with BackfillPolicy.single_run())"
)

#: Airflow schedule presets -> the partitions definition with the same period.
_PARTITIONS_FOR_SCHEDULE = {
    "@hourly": "HourlyPartitionsDefinition",
    "@weekly": "WeeklyPartitionsDefinition",
    "@monthly": "MonthlyPartitionsDefinition",
}
_SCHEDULE_KEYWORDS = ("schedule_interval", "schedule", "cron_schedule")


def declines_catchup(keyword: nodes.Keyword) -> bool:
    """``catchup=False``: what Dagster does anyway."""
    value = keyword.value
    return keyword.arg == "catchup" and isinstance(value, nodes.Const) and value.value is False


#: What deleting a catchup keyword changes (the unsafe fix); default_args holds more than
#: catchup and is never deleted.
DELETION_CHANGES = {
    "catchup": "the intervals since the start date never run until they are backfilled",
    "start_date": "the intervals since the start date never run until they are backfilled",
    "end_date": "nothing stops the runs at the end date",
    "depends_on_past": "each run goes ahead whether or not the previous one succeeded",
}


def asks_for_nothing(keyword: nodes.Keyword) -> bool:
    """``catchup=False``, ``depends_on_past=False``: what Dagster does anyway, so deleting the
    keyword changes nothing."""
    value = keyword.value
    return declines_catchup(keyword) or (
        keyword.arg == "depends_on_past" and isinstance(value, nodes.Const) and value.value is False
    )


def keyword_fix(keyword: nodes.Keyword, call: nodes.Call, callee: str) -> str:
    """How to get what a catchup keyword passed to ``callee`` asked for, in the user's values."""
    if declines_catchup(keyword):
        return "delete the keyword"
    prefix = names.dagster_prefix(call)
    if keyword.arg == "depends_on_past":
        asset = call.parent.parent.name if isinstance(call.parent, nodes.Decorators) else "<asset>"
        return (
            "each partition runs on its own; to make a partition wait for the previous one, "
            f"give the time-partitioned asset a self-dependency: deps=[{prefix}AssetDep("
            f"\"{asset}\", partition_mapping={prefix}TimeWindowPartitionMapping(start_offset=-1, "
            "end_offset=-1))]"
        )
    if keyword.arg != "default_args":
        return partitions_fix(call, {})
    entries = literals.dict_entries(keyword.value)
    fix = partitions_fix(call, entries)
    # Airflow's default_args carries the retries too; they need a home as well.
    retries = {k: v for k, v in entries.items() if k in retry_policies.FOREIGN_RETRY_KEYWORDS}
    if retries:
        policy = retry_policies.retry_policy_text(retries, prefix)
        fix += "; move its retries to " + retry_policies.policy_placement(callee, policy)
    return fix


def partitions_fix(call: nodes.Call, entries: dict[str, nodes.NodeNG]) -> str:
    """The partitions fix, written with the start date and schedule period of the call (or of
    the ``default_args`` entries it passes)."""
    start = names.keyword_argument(call, "start_date") or entries.get("start_date")
    start_text = excerpt(start, 40) if start is not None else '"2024-01-01"'
    partitions = "DailyPartitionsDefinition"
    for keyword in _SCHEDULE_KEYWORDS:
        schedule = names.keyword_argument(call, keyword) or entries.get(keyword)
        if isinstance(schedule, nodes.Const) and isinstance(schedule.value, str):
            partitions = _PARTITIONS_FOR_SCHEDULE.get(schedule.value, partitions)
    prefix = names.dagster_prefix(call)
    return (
        f"give the assets partitions_def={prefix}{partitions}(start_date={start_text}), "
        f"schedule their job with {prefix}build_schedule_from_partitioned_job(job), and "
        + BACKFILL
    )
