"""Which keyword arguments a Dagster callable rejects, from the table generated from Dagster.

``dagster_signatures.py`` lists the keywords each callable accepts in one Dagster version.
Another version may accept keywords that table lacks, so a keyword missing from it counts as
rejected only when the Dagster installed next to the linter is the version the table was
generated from, or when it is one of the Airflow and Prefect keywords that no Dagster version
takes. Reading the installed version uses package metadata; Dagster is never imported.
"""

from __future__ import annotations

import functools

from pylint_dagster_migration.dagster_signatures import DAGSTER_VERSION, KEYWORDS

#: Airflow and Prefect keywords that Dagster has never accepted under these names.
FOREIGN_KEYWORDS = frozenset(
    {
        # Airflow DAG and task arguments
        "task_id", "dag_id", "default_args", "provide_context", "trigger_rule",
        "depends_on_past", "owner", "email", "email_on_failure", "email_on_retry",
        "on_failure_callback", "on_success_callback", "on_retry_callback",
        "on_execute_callback", "sla_miss_callback", "schedule_interval", "schedule",
        "timetable", "start_date", "end_date", "catchup", "max_active_runs",
        "max_active_tasks", "concurrency", "is_paused_upon_creation", "dagrun_timeout",
        "execution_timeout", "doc_md", "priority_weight", "weight_rule", "queue",
        "pool_slots", "poke_interval", "timeout", "soft_fail", "exponential_backoff",
        "retries", "retry_delay", "retry_exponential_backoff", "max_retry_delay",
        # Prefect flow and task arguments
        "retry_delay_seconds", "retry_jitter_factor", "retry_jitter", "timeout_seconds",
        "log_prints", "cache_key_fn", "cache_expiration", "cache_policy", "persist_result",
        "result_storage", "result_serializer", "task_runner", "validate_parameters",
        "flow_run_name", "task_run_name", "interval_seconds", "cron", "timezone",
    }
)


def accepted_keywords(callee: str | None) -> frozenset[str] | None:
    """The keywords a Dagster callable (``asset``, ``ScheduleDefinition``) accepts, or None
    when it is not in the table (unknown, or it accepts any keyword)."""
    return KEYWORDS.get(callee) if callee else None


def rejects(callee: str | None, keyword: str) -> bool:
    """True when Dagster is known to reject ``keyword`` on ``callee``."""
    accepted = accepted_keywords(callee)
    if accepted is None or keyword in accepted:
        return False
    return keyword in FOREIGN_KEYWORDS or table_matches_installed_dagster()


@functools.cache
def table_matches_installed_dagster() -> bool:
    """Whether the Dagster installed beside the linter is the version the table describes."""
    # Imported on first use: importlib.metadata brings email, zipfile and csv with it, which a
    # lint run that never meets an unknown keyword need not pay for at startup.
    import importlib.metadata  # pylint: disable=import-outside-toplevel

    try:
        version = importlib.metadata.version("dagster")
    except importlib.metadata.PackageNotFoundError:
        return False
    return ".".join(version.split(".")[:2]) == DAGSTER_VERSION
