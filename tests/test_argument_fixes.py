"""The fixes of unknown-dagster-argument: Airflow and Prefect keywords that Dagster has under
another name are renamed, values it takes in another form rewritten, and keywords it has no
equivalent for deleted (unsafe, unless their value asks for what Dagster does anyway).

Each fix is shown on exact text, and Dagster then loads the fixed module with the meaning kept
(the cron string, the timezone, the interval, the name, the tags...). The near misses, where
Dagster would not take the value as written or the keyword would be given twice, are reported
and left as they are. The value checks (cron strings, names, positional parameters) are held
against Dagster's own."""

from __future__ import annotations

import inspect
import textwrap

import pytest
from fix_runs import fixed_text, load_fixed, symbols_left
from linting import PLUGIN_ARGS, lint
from pylint.lint import Run

from pylint_dagster_migration import argument_fixes
from pylint_dagster_migration.checkers import arguments
from pylint_dagster_migration.checkers.arguments import ArgumentsChecker
from pylint_dagster_migration.checkers.base import STRICT_ENV
from pylint_dagster_migration.dagster_signatures import KEYWORDS
from pylint_dagster_migration.fixes import FixCollector

HEADER = "import dagster as dg\n\n\n@dg.asset\ndef orders() -> None: ...\n\n\n"

_fix = fixed_text
_symbols = symbols_left
_load = load_fixed


def _dedent(source: str) -> str:
    return textwrap.dedent(source).lstrip("\n")


def test_the_message_declares_a_safe_fix():
    declared = ArgumentsChecker.fixes["unknown-dagster-argument"]
    assert declared.safe
    assert "cron_schedule=" in declared.does and "--unsafe-fixes" in declared.does


# --- renames: the value as written, under Dagster's name -------------------------------------

RENAMES = [
    # (written, fixed, what the loaded definition then holds)
    (
        'd = dg.ScheduleDefinition(name="d", target=orders, schedule_interval="0 6 * * *")',
        'd = dg.ScheduleDefinition(name="d", target=orders, cron_schedule="0 6 * * *")',
        lambda m: m.d.cron_schedule == "0 6 * * *",
    ),
    (
        'd = dg.ScheduleDefinition(name="d", target=orders, schedule_interval="@daily")',
        'd = dg.ScheduleDefinition(name="d", target=orders, cron_schedule="@daily")',
        lambda m: m.d.cron_schedule == "@daily",
    ),
    (
        'd = dg.ScheduleDefinition("d", target=orders, schedule="*/15 * * * MON-FRI")',
        'd = dg.ScheduleDefinition("d", target=orders, cron_schedule="*/15 * * * MON-FRI")',
        lambda m: m.d.cron_schedule == "*/15 * * * MON-FRI",
    ),
    (
        '@dg.schedule("0 6 * * *", target=orders, timezone="America/New_York")\ndef d(): ...',
        '@dg.schedule("0 6 * * *", target=orders, execution_timezone="America/New_York")\ndef d(): ...',
        lambda m: m.d.execution_timezone == "America/New_York",
    ),
    (
        "@dg.sensor(target=orders, poke_interval=120)\ndef d(): ...",
        "@dg.sensor(target=orders, minimum_interval_seconds=120)\ndef d(): ...",
        lambda m: m.d.minimum_interval_seconds == 120,
    ),
    (
        '@dg.asset(task_id="d")\ndef d() -> None: ...',
        '@dg.asset(name="d")\ndef d() -> None: ...',
        lambda m: m.d.key.path == ["d"],
    ),
    (
        'd = dg.define_asset_job(dag_id="nightly", selection=[orders])',
        'd = dg.define_asset_job(name="nightly", selection=[orders])',
        lambda m: m.d.name == "nightly",
    ),
    (
        '@dg.asset(doc_md="""Orders, *as exported*.""")\ndef d() -> None: ...',
        '@dg.asset(description="""Orders, *as exported*.""")\ndef d() -> None: ...',
        lambda m: m.d.descriptions_by_key[m.d.key] == "Orders, *as exported*.",
    ),
]


@pytest.mark.parametrize(("written", "fixed", "meaning"), RENAMES, ids=[r[1].split("(")[1][:40] for r in RENAMES])
def test_a_renamed_keyword_keeps_its_value_and_dagster_loads_it(project, written, fixed, meaning):
    assert _fix(project, HEADER + written + "\n") == HEADER + fixed + "\n"
    assert "unknown-dagster-argument" not in _symbols(project)
    assert meaning(_load(project, HEADER + fixed + "\n"))


def test_renames_keep_comments_and_layout(project):
    source = HEADER + _dedent('''
        nightly = dg.ScheduleDefinition(
            name="nightly",  # the ops team's
            schedule_interval = "@daily" ,  # from the DAG
            target=orders,
            timezone='UTC',
        )
    ''')

    assert _fix(project, source) == (
        source.replace('schedule_interval = "@daily"', 'cron_schedule = "@daily"')
        .replace("timezone='UTC'", "execution_timezone='UTC'")
    )


# --- values Dagster takes in another form ------------------------------------------------------

REWRITES = [
    (
        '@dg.asset(tags=["sales", "daily"])\ndef d() -> None: ...',
        '@dg.asset(tags={"sales": "", "daily": ""})\ndef d() -> None: ...',
        lambda m: m.d.tags_by_key[m.d.key] == {"sales": "", "daily": ""},
    ),
    (
        "@dg.op(tags=('etl', 'team/crm'))\ndef d() -> None: ...",
        "@dg.op(tags={'etl': \"\", 'team/crm': \"\"})\ndef d() -> None: ...",
        lambda m: m.d.tags == {"etl": "", "team/crm": ""},
    ),
    (
        '@dg.job(tags=("nightly",))\ndef d(): ...',
        '@dg.job(tags={"nightly": ""})\ndef d(): ...',
        lambda m: m.d.tags == {"nightly": ""},
    ),
    (
        'd = dg.define_asset_job("d", tags={"nightly", "crm"})',
        'd = dg.define_asset_job("d", tags={"nightly": "", "crm": ""})',
        lambda m: m.d.tags == {"nightly": "", "crm": ""},
    ),
    (
        "@dg.asset(tags=[])\ndef d() -> None: ...",
        "@dg.asset(tags={})\ndef d() -> None: ...",
        lambda m: m.d.tags_by_key[m.d.key] == {},
    ),
    (
        '@dg.asset(owner="data-eng@example.com")\ndef d() -> None: ...',
        '@dg.asset(owners=["data-eng@example.com"])\ndef d() -> None: ...',
        lambda m: m.d.owners_by_key[m.d.key] == ["data-eng@example.com"],
    ),
    (
        'd = dg.ScheduleDefinition(name="d", cron_schedule="@daily", target=orders, '
        "is_paused_upon_creation=False)",
        'd = dg.ScheduleDefinition(name="d", cron_schedule="@daily", target=orders, '
        "default_status=dg.DefaultScheduleStatus.RUNNING)",
        lambda m: m.d.default_status.name == "RUNNING",
    ),
    (
        "@dg.sensor(target=orders, is_paused_upon_creation=False)\ndef d(): ...",
        "@dg.sensor(target=orders, default_status=dg.DefaultSensorStatus.RUNNING)\ndef d(): ...",
        lambda m: m.d.default_status.name == "RUNNING",
    ),
]


@pytest.mark.parametrize(("written", "fixed", "meaning"), REWRITES, ids=[r[1].split("(")[1][:40] for r in REWRITES])
def test_a_value_dagster_takes_in_another_form_is_rewritten(project, written, fixed, meaning):
    assert _fix(project, HEADER + written + "\n") == HEADER + fixed + "\n"
    assert "unknown-dagster-argument" not in _symbols(project)
    assert meaning(_load(project, HEADER + fixed + "\n"))


def test_the_status_is_imported_where_the_module_imports_names_one_by_one(project):
    source = _dedent('''
        from dagster import asset, schedule

        @asset
        def orders() -> None: ...

        @schedule(cron_schedule="@daily", target=orders, is_paused_upon_creation=False)
        def nightly(): ...
    ''')

    fixed = _fix(project, source)

    assert fixed == source.replace(
        "from dagster import asset, schedule\n",
        "from dagster import asset, schedule\nfrom dagster import DefaultScheduleStatus\n",
    ).replace("is_paused_upon_creation=False", "default_status=DefaultScheduleStatus.RUNNING")
    assert _load(project, fixed).nightly.default_status.name == "RUNNING"


# --- deletions ----------------------------------------------------------------------------------

SAFE_DELETIONS = [
    # Each asks for what Dagster does anyway.
    ("@dg.asset(email_on_failure=False, group_name=\"sales\")", '@dg.asset(group_name="sales")'),
    ("@dg.asset(group_name=\"sales\", provide_context=False)", '@dg.asset(group_name="sales")'),
    ('@dg.asset(trigger_rule="all_success")', "@dg.asset()"),
    ("@dg.asset(on_failure_callback=None)", "@dg.asset()"),
    ("@dg.op(log_prints=False)", "@dg.op()"),
    ("@dg.asset(execution_timeout=None)", "@dg.asset()"),
]


@pytest.mark.parametrize(("written", "fixed"), SAFE_DELETIONS)
def test_a_keyword_asking_for_what_dagster_does_anyway_is_deleted_safely(project, written, fixed):
    source = HEADER + written + "\ndef d() -> None: ...\n"

    assert _fix(project, source) == HEADER + fixed + "\ndef d() -> None: ...\n"
    _load(project, HEADER + fixed + "\ndef d() -> None: ...\n")


def test_schedules_and_sensors_already_start_stopped(project):
    source = HEADER + "@dg.sensor(target=orders, is_paused_upon_creation=True)\ndef d(): ...\n"

    fixed = _fix(project, source)

    assert fixed == HEADER + "@dg.sensor(target=orders)\ndef d(): ...\n"
    assert _load(project, fixed).d.default_status.name == "STOPPED"


UNSAFE_DELETIONS = [
    "provide_context=True",
    'email="oncall@example.com"',
    "email_on_failure=True",
    "email_on_retry=True",
    "on_failure_callback=alert",
    "on_retry_callback=alert",
    "on_success_callback=alert",
    "sla_miss_callback=alert",
    "execution_timeout=timedelta(minutes=30)",
    'trigger_rule="all_done"',
    "log_prints=True",
    "cache_key_fn=alert",
    "cache_expiration=timedelta(days=1)",
    "persist_result=True",
    "max_active_runs=1",
    "priority_weight=10",
]


@pytest.mark.parametrize("keyword", UNSAFE_DELETIONS)
def test_a_keyword_dagster_has_no_equivalent_for_is_deleted_only_with_unsafe_fixes(project, keyword):
    source = _dedent(f'''
        from datetime import timedelta

        import dagster as dg


        def alert(context) -> None: ...


        @dg.asset(
            group_name="sales",
            {keyword},  # from the Airflow task
        )
        def orders() -> None: ...
    ''')
    fixed = source.replace(f"    {keyword},  # from the Airflow task\n", "")

    assert _fix(project, source) == source
    assert _fix(project, source, unsafe=True) == fixed
    assert "unknown-dagster-argument" not in _symbols(project)
    assert _load(project, fixed).orders.group_names_by_key


def test_the_pool_of_a_job_is_deleted_only_with_unsafe_fixes(project):
    source = HEADER + '@dg.op\ndef step() -> None: ...\n\n\n@dg.job(pool="db")\ndef d():\n    step()\n'
    fixed = source.replace('@dg.job(pool="db")', "@dg.job()")

    assert _fix(project, source) == source
    assert _fix(project, source, unsafe=True) == fixed
    _load(project, fixed)


def test_unsafe_fixes_say_what_they_change(project, capsys):
    source = "from datetime import timedelta\n" + HEADER + _dedent('''
        @dg.asset(execution_timeout=timedelta(hours=1), email_on_failure=False)
        def d() -> None: ...


        @dg.asset(task_id="extract_e")
        def e() -> None: ...
    ''')
    path = project / "pipeline.py"
    path.write_text(source, encoding="utf-8")
    collector = FixCollector()
    Run([*PLUGIN_ARGS, str(path)], reporter=collector, exit=False)

    fixes = [(fix.safe, fix.description) for _, fix in collector.fixes_by_file()[str(path)]]
    assert fixes == [
        (False, "removes the keyword; nothing limits the run time until the job has the "
                "dagster/max_runtime tag"),
        (True, "removes the keyword, which asks for what Dagster does anyway"),
        (False, "gives task_id= as name=, which renames the definition from e to extract_e: "
                "references to e (deps, ins, job_name=, selections) no longer find it"),
    ]
    _fix(project, source)
    assert "2 more with unsafe fixes" in capsys.readouterr().err


def test_a_task_id_that_is_not_the_functions_name_renames_the_asset_only_when_unsafe(project):
    source = HEADER + '@dg.asset(task_id="extract_orders")\ndef raw_orders() -> None: ...\n'
    fixed = source.replace("task_id=", "name=")

    assert _fix(project, source) == source  # the asset key would change from raw_orders
    assert _fix(project, source, unsafe=True) == fixed
    assert _load(project, fixed).raw_orders.key.path == ["extract_orders"]


def test_an_owner_that_is_no_email_address_becomes_a_team_only_when_unsafe(project):
    source = HEADER + '@dg.asset(owner="data-eng")\ndef d() -> None: ...\n'
    fixed = source.replace('owner="data-eng"', 'owners=["team:data-eng"]')

    assert _fix(project, source) == source
    assert _fix(project, source, unsafe=True) == fixed
    module = _load(project, fixed)
    assert module.d.owners_by_key[module.d.key] == ["team:data-eng"]


def test_catchup_keywords_are_fixed_here_while_assumed_catchup_is_disabled(project):
    disabled = "--disable=assumed-catchup"
    source = HEADER + _dedent('''
        @dg.asset(catchup=False, group_name="sales")
        def d() -> None: ...


        @dg.asset(group_name="sales", depends_on_past=True)
        def e() -> None: ...
    ''')
    safe = source.replace('catchup=False, group_name="sales"', 'group_name="sales"')

    assert _fix(project, source, disabled) == safe
    assert _fix(project, source, disabled, unsafe=True) == safe.replace(", depends_on_past=True", "")
    assert _symbols(project, disabled) == []


def test_default_args_holds_more_than_catchup_and_is_never_deleted(project):
    disabled = "--disable=assumed-catchup"
    source = HEADER + '@dg.asset(default_args={"owner": "data-eng", "catchup": False})\ndef d() -> None: ...\n'

    assert _fix(project, source, disabled, unsafe=True) == source
    assert _symbols(project, disabled) == ["unknown-dagster-argument"]


def test_a_deletion_that_cannot_read_the_call_reports_the_finding_without_a_fix(
    project, monkeypatch
):
    def unreadable(call, keyword):
        raise ValueError("the module's source cannot be read")

    monkeypatch.setattr(argument_fixes, "remove_argument", unreadable)
    monkeypatch.delenv(STRICT_ENV, raising=False)
    source = HEADER + "@dg.asset(provide_context=True)\ndef d() -> None: ...\n"

    assert _fix(project, source, unsafe=True) == source
    assert _symbols(project) == ["unknown-dagster-argument"]
    monkeypatch.setenv(STRICT_ENV, "1")  # the test suite sees the error instead
    with pytest.raises(ValueError, match="cannot be read"):
        arguments._fix(unreadable, None, None)  # pylint: disable=protected-access


# --- near misses: reported, and left as they are -----------------------------------------------

NEAR_MISSES = [
    # Values Dagster would not take as written.
    'dg.ScheduleDefinition(name="d", target=orders, schedule_interval=timedelta(days=1))',
    'dg.ScheduleDefinition(name="d", target=orders, schedule_interval=None)',
    'dg.ScheduleDefinition(name="d", target=orders, schedule_interval="@once")',
    'dg.ScheduleDefinition(name="d", target=orders, schedule_interval="@quarterly")',
    'dg.ScheduleDefinition(name="d", target=orders, schedule_interval="0 0 0 * * *")',
    'dg.ScheduleDefinition(name="d", target=orders, schedule_interval=CRON)',
    'dg.ScheduleDefinition(name="d", target=orders, cron_schedule="@daily", timezone=TZ.zone)',
    "dg.sensor(target=orders, poke_interval=60.0)",
    "dg.sensor(target=orders, poke_interval=timedelta(minutes=1))",
    'dg.asset(task_id="extract-orders")',
    'dg.asset(task_id="class")',
    'dg.asset(tags=["sales", "my tag"])',
    'dg.asset(tags=["sales", "sales"])',
    "dg.asset(tags=[DOMAIN])",
    'dg.asset(owner="airflow")',
    'dg.asset(owner="alice,bob")',
    "dg.asset(owner=OWNER)",
    "dg.sensor(target=orders, is_paused_upon_creation=PAUSED)",
    "dg.sensor(target=orders, default_status=dg.DefaultSensorStatus.STOPPED, is_paused_upon_creation=False)",
    # The new keyword is given already, or would be twice.
    'dg.ScheduleDefinition(name="d", target=orders, cron_schedule="@daily", schedule_interval="@daily")',
    'dg.ScheduleDefinition(name="d", target=orders, schedule="@daily", schedule_interval="@daily")',
    'dg.ScheduleDefinition("d", target=orders, cron_schedule="@daily", task_id="d")',
    'dg.asset(key=["raw", "orders"], task_id="orders")',
    'dg.asset(name="orders", task_id="orders")',
    'dg.asset(owners=["team:sales"], owner="sales@example.com")',
    'dg.ScheduleDefinition(name="d", target=orders, schedule_interval="@daily", **EXTRA)',
    'dg.run_failure_sensor("d", 30, poke_interval=60)',
    'dg.ScheduleDefinition(*ARGS, target=orders, schedule_interval="@daily")',
    # The hint is not the keyword's own: no fix names the replacement.
    'dg.asset(schedule_interval="@daily")',
    'dg.asset(timezone="UTC")',
    'dg.op(poke_interval=60)',
    'dg.asset(group="sales")',
    'orders.with_attributes(group_name="sales")',
]


@pytest.mark.parametrize("call", NEAR_MISSES)
def test_near_misses_are_reported_and_left_as_they_are(project, call):
    source = (
        "from datetime import timedelta\n\n" + HEADER
        + 'CRON, TZ, DOMAIN, EXTRA, OWNER, PAUSED, ARGS = "@daily", None, "sales", {}, "x", True, ()\n'
        + f"d = {call}\n"
    )

    assert _fix(project, source, unsafe=True) == source
    assert "unknown-dagster-argument" in _symbols(project)


# --- the value checks, held against Dagster's own ------------------------------------------------

CRON_STRINGS = [
    "@hourly", "@daily", "@weekly", "@monthly", "@yearly", "@annually", "@midnight", "@once",
    "@quarterly", "@continuous", "@reboot", "0 6 * * *", "*/15 * * * *", "0 0 * * 1-5",
    "0 0 * * 7", "0 0 * * sun", "0 9 1,15 jan-mar *", "0-59/5 * * * *", "0 0 0 * * *", "60 * * * *",
    "0 24 * * *", "0 0 0 * *", "0 0 * 13 *", "0 0 * * 8", "*/0 * * * *", "1-2-3 * * * *",
    "5-1 * * * *", "0 0 30 2 *", "H 6 * * *", "0 0 L * *", "", "daily",
]


RARER_CRON_SYNTAX = {"0 0 L * *", "5-1 * * * *"}  # a day of the month, a range that wraps


@pytest.mark.parametrize("cron", CRON_STRINGS)
def test_a_cron_string_is_renamed_only_when_dagster_parses_it(cron):
    schedules = pytest.importorskip("dagster._utils.schedules")
    import astroid  # pylint: disable=import-outside-toplevel

    takes = argument_fixes.is_dagster_cron(astroid.extract_node(f"x = {cron!r}").value)
    if cron in RARER_CRON_SYNTAX:
        # Dagster's own parser accepts more (L, #...): no fix there, and never a wrong one.
        assert schedules.is_valid_cron_string(cron) and not takes
    else:
        assert takes == schedules.is_valid_cron_string(cron)


def test_the_cron_strings_airflow_writes_are_renamed():
    import astroid  # pylint: disable=import-outside-toplevel

    for cron in ("@hourly", "@daily", "@weekly", "@monthly", "@yearly", "0 6 * * *", "*/10 * * * *"):
        assert argument_fixes.is_dagster_cron(astroid.extract_node(f"x = {cron!r}").value), cron


@pytest.mark.parametrize(
    "name", ["orders", "extract_orders_2", "extract-orders", "a/b", "has space", "class", "input", "context", ""]
)
def test_a_name_is_written_only_when_dagster_takes_it(name):
    utils = pytest.importorskip("dagster._core.definitions.utils")
    import astroid  # pylint: disable=import-outside-toplevel

    takes = argument_fixes.is_dagster_name(astroid.extract_node(f"x = {name!r}").value)
    assert takes == (utils.is_valid_name(name) and name not in utils.DISALLOWED_NAMES)


def test_the_reserved_names_are_dagsters():
    utils = pytest.importorskip("dagster._core.definitions.utils")
    import keyword  # pylint: disable=import-outside-toplevel

    assert set(utils.DISALLOWED_NAMES) <= argument_fixes._RESERVED_NAMES | set(keyword.kwlist)  # pylint: disable=protected-access


def test_the_positions_of_the_keywords_written_are_dagsters():
    dg = pytest.importorskip("dagster")
    positions = {}
    for callee in KEYWORDS:
        owner, _, method = callee.partition(".")
        function = getattr(getattr(dg, owner), method) if method else getattr(dg, owner)
        parameters = [
            p.name for p in inspect.signature(function).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name != "self"
        ]
        written = {name: i for i, name in enumerate(parameters) if name in argument_fixes.WRITTEN_KEYWORDS}
        if written:
            positions[callee] = written

    assert positions == argument_fixes.POSITIONS


# --- a partitioned job's schedule: no rename, and a hint of its own ---------------------------------

PARTITIONED = HEADER.replace(
    "@dg.asset\n", '@dg.asset(partitions_def=dg.DailyPartitionsDefinition("2024-01-01"))\n'
) + 'daily_job = dg.define_asset_job("daily_job", selection=[orders])\n'


@pytest.mark.parametrize(
    ("keyword", "hint"),
    [
        ('timezone="Europe/Berlin"', "dg.DailyPartitionsDefinition(..., timezone='Europe/Berlin')"),
        ('schedule_interval="0 6 * * *"', "choose the time with minute_of_hour=/hour_of_day="),
    ],
)
def test_the_schedule_of_a_partitioned_job_is_not_renamed(project, keyword, hint):
    source = PARTITIONED + f"d = dg.build_schedule_from_partitioned_job(daily_job, {keyword})\n"

    assert _fix(project, source, unsafe=True) == source
    (finding,) = lint([project / "pipeline.py"])
    assert hint in finding.msg and "statically partitioned jobs only" in finding.msg


def test_a_time_partitioned_jobs_schedule_takes_its_timezone_and_time_from_the_partitions(project):
    dg = pytest.importorskip("dagster")
    renamed = PARTITIONED + 'd = dg.build_schedule_from_partitioned_job(daily_job, execution_timezone="UTC")\n'
    check = pytest.importorskip("dagster_shared.check")
    with pytest.raises(check.CheckError, match="execution_timezone to build_schedule_from_partitioned_job"):
        _load(project, renamed)

    hinted = PARTITIONED.replace(
        'DailyPartitionsDefinition("2024-01-01")',
        'DailyPartitionsDefinition("2024-01-01", timezone="Europe/Berlin")',
    ) + "d = dg.build_schedule_from_partitioned_job(daily_job, hour_of_day=6)\n"
    module = _load(project, hinted)
    defs = dg.Definitions(assets=[module.orders], jobs=[module.daily_job], schedules=[module.d])
    schedule = defs.get_schedule_def("daily_job_schedule")
    assert (schedule.cron_schedule, schedule.execution_timezone) == ("0 6 * * *", "Europe/Berlin")
