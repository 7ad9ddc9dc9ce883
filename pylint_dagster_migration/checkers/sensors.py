"""Sensors replace polling: waiting is the sensor daemon's job, not a run's or a tick's.

Airflow waits with sensor operators that poke in a loop; scripts and Prefect flows wait with
``while not ready: time.sleep(n)``. In Dagster a ``@dg.sensor`` checks once per tick (every
30 s by default, cut off after 60 s) and returns ``RunRequest(run_key=...)`` or ``SkipReason``,
with a cursor for progress; the daemon does the repeating.
"""

from __future__ import annotations

import re
import weakref
from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import literals, names
from pylint_dagster_migration.checkers.base import DagsterChecker, excerpt
from pylint_dagster_migration.model import (
    ASSET_DECORATORS,
    COMPOSITION_DECORATORS,
    COMPUTE_DECORATORS,
    DagsterModule,
    Definition,
)

if TYPE_CHECKING:
    from pylint.lint import PyLinter

#: What a loop waits for, by kind of probe, as the message says it.
PROBE_DESCRIPTIONS = {
    "path": "a file or path to exist",
    "object": "an object to appear in a storage listing",
    "query": "a query to return rows",
    "status": "a status or readiness flag to change",
    "http": "an HTTP endpoint to answer",
    "time": "a time budget to run out",
}
#: Probes that also end bounded retries of one operation ("until the request succeeds",
#: "until the deadline"): alone they do not make a retry loop a wait.
WEAK_PROBES = frozenset({"http", "time"})

PATH_PROBE_CALLS = frozenset(
    {
        "exists", "lexists", "isfile", "isdir", "is_file", "is_dir", "glob", "iglob",
        "listdir", "scandir", "iterdir", "getmtime", "getsize",
    }
)
OBJECT_PROBE_CALLS = frozenset(
    {
        "list_objects", "list_objects_v2", "head_object", "list_blobs", "check_for_key",
        "check_for_prefix", "check_for_wildcard_key", "list_keys", "list_prefixes",
        "get_blob_properties", "list_files",
    }
)
QUERY_PROBE_CALLS = frozenset({"fetchone", "scalar", "count", "count_documents"})
TIME_FUNCTIONS = frozenset(
    {
        "time.time", "time.monotonic", "time.perf_counter", "datetime.datetime.now",
        "datetime.datetime.utcnow", "pendulum.now",
    }
)
HTTP_STATUS_ATTRIBUTES = frozenset({"status_code", "ok"})
#: Identifier words that name a status (``job.state``, ``get_run_status()``, ``["status"]``).
STATUS_WORDS = frozenset(
    {
        "status", "statuses", "state", "states", "phase", "done", "ready", "finished",
        "complete", "completed", "succeeded", "terminated", "available", "poll", "exists",
    }
)
#: Identifier words of a time budget (``deadline``, ``timeout``, ``max_wait``).
TIME_WORDS = frozenset({"deadline", "timeout", "elapsed", "waited"})
#: Status values a wait loop compares with.
STATUS_LITERALS = frozenset(
    {
        "SUCCESS", "SUCCEEDED", "SUCCESSFUL", "COMPLETE", "COMPLETED", "DONE", "FINISHED",
        "READY", "RUNNING", "PENDING", "QUEUED", "FAILED", "FAILURE", "TERMINATED", "ERROR",
        "CANCELLED", "CANCELED", "AVAILABLE", "ACTIVE", "IN_PROGRESS", "INPROGRESS",
    }
)
COUNT_QUERY = r"(?i)\bcount\s*\(|\bselect\s+1\b|\bexists\s*\("  # compiled on first use (re's cache)
#: Words of a counter that bounds a retry loop (``while attempt < 5``).
RETRY_WORDS = frozenset({"attempt", "attempts", "retry", "retries", "tries", "try", "tried"})
#: Calls that make a loop iteration do real work (pagination, batches, uploads).
WORK_CALLS = frozenset(
    {
        "append", "extend", "add", "update", "write", "writerow", "writerows", "writelines",
        "insert", "insert_one", "insert_many", "executemany", "upload_file", "upload_fileobj",
        "put_object", "to_csv", "to_parquet", "to_sql", "send", "put", "process",
    }
)
#: Words of a call that starts the work a loop may then wait for (``run_now``, ``submit``):
#: waiting for a job the asset itself launched is the asset's job, not a sensor's.
START_WORDS = frozenset(
    {
        "submit", "start", "trigger", "launch", "run", "create", "execute", "invoke", "post",
        "popen", "enqueue", "queue", "kick", "begin", "deploy", "refresh", "sync", "insert",
        "load", "copy", "export", "query", "send", "publish", "spawn", "request", "apply",
        "restart", "resume", "build", "upload",
    }
)
#: Words of a call that only looks something up (``get_run``, ``describe_job``).
LOOKUP_WORDS = frozenset(
    {"get", "describe", "list", "check", "fetch", "read", "is", "has", "wait", "status", "state"}
)
#: Names too common to link a loop to the call that started its job.
GENERIC_NAMES = frozenset({"self", "cls", "context", "os", "time", "datetime", "logger", "log", "logging"})
CURSOR_ATTRIBUTES = frozenset(
    {"cursor", "update_cursor", "advance_cursor", "advance_all_cursors"}
)
#: What a sensor's context tells of earlier ticks and runs: read, it lets the sensor window
#: or dedupe its requests by hand (``context.instance`` looks up its earlier runs).
CONTEXT_HISTORY_ATTRIBUTES = frozenset(
    {"cursor", "instance", "last_completion_time", "last_tick_completion_time", "last_run_key"}
)
#: Sensors whose events Dagster delivers once each: a RunRequest there needs no run key.
SELF_DEDUPING_SENSORS = frozenset({"asset_sensor", "run_status_sensor", "run_failure_sensor"})
#: Airflow sensors grouped by what replaces them in Dagster (``{dg}``: the module's prefix
#: for Dagster names).
AIRFLOW_SENSOR_REPLACEMENTS = (
    (
        ("ExternalTask", "ExternalDag", "DagState", "DagRun"),
        "Make the upstream an asset dependency (deps=[...]) and let it trigger with "
        "automation_condition, or react to it with @{dg}asset_sensor (an asset) or "
        "@{dg}run_status_sensor (a job)",
    ),
    (
        ("DateTime", "TimeDelta", "TimeSensor", "DayOfWeek", "Weekday"),
        "Start the run at that time with a @{dg}schedule (cron_schedule=...) instead of waiting "
        "for it",
    ),
    (
        ("File", "Key", "Object", "Blob", "Prefix", "Hdfs", "Sftp", "SFTP", "Wasb", "Gcs", "GCS"),
        "Write a @{dg}sensor that lists the files once per tick, keeps the newest modification "
        "time in context.cursor and yields {dg}RunRequest(run_key=<path and mtime>) for each new "
        "file",
    ),
)
AIRFLOW_PROBE_REPLACEMENT = (
    "Write a @{dg}sensor that probes once per tick and returns {dg}RunRequest(run_key=...) when "
    "ready or {dg}SkipReason(...) when not"
)
#: Where a polling loop's wait belongs instead.
_SENSOR_FIX = (
    "a @{dg}sensor that checks once per tick and yields {dg}RunRequest(run_key=...) or "
    "{dg}SkipReason(...)"
)
DEFAULT_SENSOR_INTERVAL = "30 s, the default"
_TEXT_LIMIT = 60


def _words(identifier: str) -> set[str]:
    return set(identifier.lower().split("_"))


def _sensor_name(sensor: Definition) -> str:
    """The name Dagster gives the sensor: ``name=``, SensorDefinition's first argument, or
    the function's name."""
    name = sensor.keyword("name")
    if name is None and isinstance(sensor.decorator, nodes.Call) and sensor.decorator.args:
        if names.call_dagster_name(sensor.decorator) == "SensorDefinition":
            name = sensor.decorator.args[0]
    if isinstance(name, nodes.Const) and isinstance(name.value, str):
        return name.value
    return sensor.name


def _interval(sensor: Definition) -> str:
    interval = sensor.keyword("minimum_interval_seconds")
    if interval is None:
        return DEFAULT_SENSOR_INTERVAL
    seconds = _seconds(interval)
    if seconds is not None:
        return f"{seconds} s"
    return f"minimum_interval_seconds={excerpt(interval, _TEXT_LIMIT, fold_whitespace=True)}"


def _seconds(node: nodes.NodeNG, depth: int = 0) -> int | None:
    """The whole seconds an interval is written as: ``300``, ``60 * 5``, ``INTERVAL``."""
    node = literals.resolved(node)
    if isinstance(node, nodes.Const) and type(node.value) is int:
        return node.value
    if isinstance(node, nodes.BinOp) and node.op in {"*", "+"} and depth < 4:
        left, right = _seconds(node.left, depth + 1), _seconds(node.right, depth + 1)
        if left is not None and right is not None:
            return left * right if node.op == "*" else left + right
    return None


class SensorsChecker(DagsterChecker):
    """Finds waiting done by runs and sensor ticks instead of by the sensor daemon."""

    msgs = {
        "W7320": (
            "This loop in %s '%s' sleeps while it waits for %s (%s), holding a run worker. "
            "Move the wait into %s, and let the %s start when the condition is true",
            "polling-loop-in-asset",
            "Inside an asset, op or job body, a loop sleeps between checks of a condition (a "
            "file exists, a query returns rows, an HTTP or job status, an object listing, a "
            "time budget) instead of doing work each iteration.\n\n"
            "A run that polls occupies a worker and shows as in progress for as long as the "
            "condition stays false, and nothing records why it is waiting. Dagster polls with "
            "sensors: a @dg.sensor checks the condition once per tick and yields "
            "dg.RunRequest(run_key=...) when it holds (dg.SkipReason otherwise), so the asset "
            "starts only when its input is there. Pagination and batch loops that sleep for "
            "rate limits, bounded retries of one call, and waits for a job the asset itself "
            "launched are not reported.",
        ),
        "W7321": (
            "Airflow sensor %s(...) in a Dagster module: Dagster never pokes Airflow operators, "
            "and running it inside a run blocks a worker until it succeeds. %s",
            "airflow-sensor-operator",
            "In a Dagster module, an Airflow sensor (FileSensor, ExternalTaskSensor, HttpSensor, "
            "S3KeySensor, SqlSensor, PythonSensor, DateTimeSensor, ...) is instantiated.\n\n"
            "Airflow sensors are tasks that poke in a loop inside the Airflow scheduler. Dagster "
            "does not run Airflow operators, and calling their poke or execute inside an asset "
            "turns the run into a polling loop. In Dagster the sensor daemon does the waiting: "
            "a file sensor becomes a @dg.sensor with a cursor over modification times, an "
            "external task sensor an asset dependency, @dg.asset_sensor or "
            "@dg.run_status_sensor, a time sensor a schedule, and HTTP/SQL/Python sensors a "
            "@dg.sensor that probes once per tick. Operators inside an Airflow DAG (dag=..., "
            "with DAG(...), @dag) and modules proxied with dagster-airlift are left alone.",
        ),
        "W7322": (
            "%s in sensor '%s', which keeps no cursor: every tick "
            "(every %s) that reaches it launches another run for the same event. Pass "
            "run_key=<a stable id of what triggered the run> so Dagster skips duplicates, or "
            "record progress with context.update_cursor(...) / %sSensorResult(cursor=...)",
            "sensor-without-run-key",
            "A sensor evaluation function returns or yields RunRequest(...) without run_key, "
            "and the sensor keeps no cursor.\n\n"
            "Dagster evaluates a sensor on every tick and launches every RunRequest it gets, "
            "unless the request carries a run_key that an earlier run of the sensor already "
            "used. Without a run key or a cursor, a sensor whose condition stays true launches "
            "a run every 30 seconds. run_key=None, and None passed first (RunRequest(None): "
            "run_key is RunRequest's first parameter), are no run key either. Give each "
            "request a run_key derived from what triggered it (a file name and modification "
            "time, an upstream run id), or keep a cursor. Sensors built with "
            "dg.SensorDefinition(evaluation_fn=...), from a function or a lambda, are judged "
            "like @dg.sensor. A sensor that reads its cursor, its last tick's time or run key, "
            "or the instance's runs is taken to dedupe by hand. Schedules, @asset_sensor "
            "(Dagster keeps its cursor) and run status sensors are not reported.",
        ),
        "W7323": (
            "%s in sensor '%s' blocks the tick%s: a sensor evaluation must return quickly "
            "(Dagster cuts it off after 60 s) and the daemon already re-runs it every %s. "
            "Check once and return %sSkipReason(...) when not ready; set "
            "minimum_interval_seconds= to check less often",
            "blocking-wait-in-sensor",
            "Inside a sensor evaluation function (or a function defined in it), time.sleep or "
            "asyncio.sleep is called, alone or in a polling loop.\n\n"
            "The sensor daemon evaluates each sensor once per tick and times the evaluation "
            "out after 60 seconds; a sleeping sensor delays every other sensor of its code "
            "location and fails with a timeout instead of launching runs. The daemon already "
            "provides the polling: check the condition once, return dg.RunRequest when it "
            "holds and dg.SkipReason otherwise, and tune the pace with "
            "minimum_interval_seconds.",
        ),
    }

    def __init__(self, linter: PyLinter) -> None:
        super().__init__(linter)
        self._judged_loops: set[nodes.NodeNG] = set()
        self._cursor_keeping: dict[nodes.FunctionDef, bool] = {}

    def open(self) -> None:
        self._forget_nodes()

    def visit_module(self, node: nodes.Module) -> None:
        del node
        self._forget_nodes()

    def _forget_nodes(self) -> None:
        # Per module: keeping nodes across a run would keep every linted tree in memory.
        self._judged_loops = set()
        self._cursor_keeping = {}

    @only_required_for_messages(
        "polling-loop-in-asset",
        "airflow-sensor-operator",
        "sensor-without-run-key",
        "blocking-wait-in-sensor",
    )
    def visit_call(self, node: nodes.Call) -> None:
        spelled = names.spelled_callee(node)
        if spelled is None:
            return
        if spelled.endswith("sleep"):
            if names.is_sleep_call(node):
                self._check_sleep(node, self.dagster_model(node))
        elif spelled == "RunRequest":
            self._check_run_request(node, self.dagster_model(node))
        elif "Sensor" in spelled or spelled in _airflow_sensor_aliases(node.root()):
            self._check_airflow_sensor(node)

    # polling-loop-in-asset / blocking-wait-in-sensor -----------------------------------------

    def _check_sleep(self, sleep: nodes.Call, model: DagsterModule) -> None:
        sensor = model.enclosing_sensor(sleep)
        if sensor is not None:
            loop = _nearest_loop(sleep)
            if loop is None:
                where = ""
            else:
                where = " in a polling loop" if _wait_condition(loop) else " in a loop"
            self.add_message(
                "blocking-wait-in-sensor",
                node=sleep,
                args=(
                    f"{excerpt(sleep.func, _TEXT_LIMIT, fold_whitespace=True)}()",
                    _sensor_name(sensor),
                    where,
                    _interval(sensor),
                    names.dagster_prefix(sleep),
                ),
            )
            return
        definition = model.enclosing_definition(sleep)
        if definition is None or definition.kind not in COMPUTE_DECORATORS | COMPOSITION_DECORATORS:
            return
        loop = _nearest_loop(sleep)
        if loop is None or loop in self._judged_loops:
            return
        self._judged_loops.add(loop)
        wait = _wait_condition(loop)
        if wait is None:
            return
        kind, condition = wait
        self.add_message(
            "polling-loop-in-asset",
            node=loop,
            args=(
                definition.decorator_label,
                definition.name,
                PROBE_DESCRIPTIONS[kind],
                excerpt(condition, _TEXT_LIMIT, fold_whitespace=True),
                _SENSOR_FIX.format(dg=names.dagster_prefix(loop)),
                "asset" if definition.kind in ASSET_DECORATORS else definition.kind,
            ),
        )

    # airflow-sensor-operator ---------------------------------------------------------------

    def _check_airflow_sensor(self, call: nodes.Call) -> None:
        class_name = names.airflow_sensor_class(call)
        if class_name is None or names.under_airflow(call):
            return
        if self.dagster_model(call).imports("dagster_airlift.in_airflow"):
            return
        replacement = AIRFLOW_PROBE_REPLACEMENT
        for markers, shape in AIRFLOW_SENSOR_REPLACEMENTS:
            if any(marker in class_name for marker in markers):
                replacement = shape
                break
        self.add_message(
            "airflow-sensor-operator",
            node=call,
            args=(class_name, replacement.format(dg=names.dagster_prefix(call))),
        )

    # sensor-without-run-key -------------------------------------------------------------------

    def _check_run_request(self, call: nodes.Call, model: DagsterModule) -> None:
        if names.call_dagster_name(call) != "RunRequest":
            return
        missing = _missing_run_key(call)
        if missing is None:
            return
        sensor = model.enclosing_sensor(call)
        if sensor is None or sensor.kind in SELF_DEDUPING_SENSORS:
            return
        if self._keeps_cursor(sensor.function):
            return
        self.add_message(
            "sensor-without-run-key",
            node=call,
            args=(missing, _sensor_name(sensor), _interval(sensor), names.dagster_prefix(call)),
        )

    def _keeps_cursor(self, function: nodes.FunctionDef) -> bool:
        if function not in self._cursor_keeping:
            self._cursor_keeping[function] = _keeps_cursor(function)
        return self._cursor_keeping[function]


def _missing_run_key(call: nodes.Call) -> str | None:
    """How a ``RunRequest(...)`` goes without a run key, as the message says it, or None when
    it may carry one: a first positional argument (``run_key`` is RunRequest's first
    parameter) or ``run_key=`` other than a literal None, or a ``*``/``**`` expansion."""
    if call.args:
        run_key = call.args[0]
        if isinstance(run_key, nodes.Starred):
            return None
    else:
        run_key = names.keyword_argument(call, "run_key")
        if run_key is None:
            if any(keyword.arg is None for keyword in call.keywords or ()):
                return None
            return "RunRequest without run_key"
    if isinstance(run_key, nodes.Const) and run_key.value is None:
        return "RunRequest with run_key None"
    return None


def _keeps_cursor(function: nodes.FunctionDef) -> bool:
    """Whether a sensor evaluation function reads or advances its cursor, or may do so
    through a helper it hands its context to."""
    arguments = function.args.args or []
    context = arguments[0].name if arguments else None
    for node in function.nodes_of_class((nodes.Attribute, nodes.Call, nodes.Name)):
        if isinstance(node, nodes.Attribute):
            if node.attrname in CURSOR_ATTRIBUTES - {"cursor"}:
                return True
            if (
                node.attrname in CONTEXT_HISTORY_ATTRIBUTES
                and isinstance(node.expr, nodes.Name)
                and node.expr.name == context
            ):
                return True
        elif isinstance(node, nodes.Call):
            if names.keyword_argument(node, "cursor") is not None and names.call_dagster_name(node) == "SensorResult":
                return True
        elif (
            context is not None
            and node.name == context
            and isinstance(node.parent, (nodes.Call, nodes.Keyword))
            and not (isinstance(node.parent, nodes.Call) and node.parent.func is node)
        ):
            call = node.parent.parent if isinstance(node.parent, nodes.Keyword) else node.parent
            if not names.call_dagster_name(call):
                return True  # An unseen helper may keep the cursor: in doubt, stay silent.
    return False


def _airflow_sensor_aliases(module: nodes.Module) -> frozenset[str]:
    """Local names of Airflow sensors imported under another name (``import X as Wait``)."""
    aliases = _AIRFLOW_SENSOR_ALIASES.get(module)
    if aliases is None:
        statements = [*module.body]
        for statement in module.body:
            if isinstance(statement, (nodes.If, nodes.Try)):
                statements.extend(statement.body)
        aliases = frozenset(
            alias
            for statement in statements
            if isinstance(statement, nodes.ImportFrom)
            and statement.modname.split(".", 1)[0] == "airflow"
            for name, alias in statement.names
            if alias and "Sensor" in name
        )
        _AIRFLOW_SENSOR_ALIASES[module] = aliases
    return aliases


_AIRFLOW_SENSOR_ALIASES: weakref.WeakKeyDictionary[nodes.Module, frozenset[str]] = (
    weakref.WeakKeyDictionary()
)


# Loop analysis ---------------------------------------------------------------------------------


def _nearest_loop(node: nodes.NodeNG) -> nodes.For | nodes.While | None:
    """The innermost loop around ``node`` within its own function."""
    child, parent = node, node.parent
    while parent is not None and not isinstance(parent, (nodes.FunctionDef, nodes.Lambda, nodes.Module, nodes.ClassDef)):
        if isinstance(parent, (nodes.For, nodes.While)) and child not in (
            getattr(parent, "iter", None),
            getattr(parent, "test", None),
        ) and child not in parent.orelse:
            return parent
        child, parent = parent, parent.parent
    return None


def _wait_condition(loop: nodes.For | nodes.While) -> tuple[str, nodes.NodeNG] | None:
    """(kind of probe, condition) when ``loop`` waits on a condition rather than doing work."""
    conditions = _exit_conditions(loop)
    if not conditions or _does_work(loop):
        return None
    scope = loop.scope()
    strong, weak = [], []
    for condition in conditions:
        for kind, _ in _probes(condition, scope):
            (weak if kind in WEAK_PROBES else strong).append((kind, condition))
    if not strong and _is_retry_shaped(loop):
        return None
    found = strong or weak
    if not found or _waits_for_own_work(loop, scope):
        return None
    return found[0]


def _exit_conditions(loop: nodes.For | nodes.While) -> list[nodes.NodeNG]:
    """The loop's test and the tests of the ``if`` statements that guard its break/return."""
    conditions: list[nodes.NodeNG] = []
    if isinstance(loop, nodes.While) and not (
        isinstance(loop.test, nodes.Const) and loop.test.value
    ):
        conditions.append(loop.test)
    for statement in _body_nodes(loop, (nodes.Break, nodes.Return)):
        if isinstance(statement, nodes.Break) and _nearest_loop(statement) is not loop:
            continue
        child, parent = statement, statement.parent
        while parent is not loop:
            if isinstance(parent, nodes.If) and child is not parent.test:
                conditions.append(parent.test)
            child, parent = parent, parent.parent
    return conditions


#: What a loop body may define without running it in the loop's iterations.
_NESTED_SCOPES = (nodes.FunctionDef, nodes.ClassDef, nodes.Lambda)


def _body_nodes(loop: nodes.NodeNG, klass) -> list[nodes.NodeNG]:
    """Nodes of ``klass`` in the loop body, not inside functions or classes defined there."""
    return [
        node
        for statement in loop.body
        # ``skip_klass`` skips only what is below the statement, not the statement itself.
        if not isinstance(statement, _NESTED_SCOPES)
        for node in statement.nodes_of_class(klass, skip_klass=_NESTED_SCOPES)
    ]


def _does_work(loop: nodes.For | nodes.While) -> bool:
    """Whether each iteration produces something: yields, appends, writes, uploads..."""
    for node in _body_nodes(loop, (nodes.Call, nodes.Yield)):
        if isinstance(node, nodes.Yield):
            return True
        if names.spelled_callee(node) in WORK_CALLS:
            return True
    return False


def _is_retry_shaped(loop: nodes.For | nodes.While) -> bool:
    """``for attempt in range(5)`` or ``while attempt < max_retries``: a bounded retry."""
    if isinstance(loop, nodes.For):
        return isinstance(loop.iter, nodes.Call) and names.spelled_callee(loop.iter) == "range"
    return any(
        _words(name.name) & RETRY_WORDS
        for name in loop.test.nodes_of_class(nodes.Name)
    )


def _probes(expression: nodes.NodeNG, scope: nodes.NodeNG, depth: int = 0) -> list[tuple[str, nodes.NodeNG]]:
    """Probes (kind, node) an expression depends on, following local assignments."""
    found: list[tuple[str, nodes.NodeNG]] = []
    for node in expression.nodes_of_class(nodes.NodeNG):
        kind = _probe_kind(node)
        if kind:
            found.append((kind, node))
        elif isinstance(node, nodes.Name) and depth < 3:
            for value in _assigned_values(node.name, scope):
                if value is not expression:
                    found.extend(_probes(value, scope, depth + 1))
    return found


def _assigned_values(name: str, scope: nodes.NodeNG) -> list[nodes.NodeNG]:
    values = []
    for binding in scope.locals.get(name, ()):
        if not isinstance(binding, nodes.AssignName):
            continue
        assignment = binding.parent
        if isinstance(assignment, (nodes.Assign, nodes.AnnAssign, nodes.NamedExpr)) and assignment.value is not None:
            values.append(assignment.value)
        elif isinstance(assignment, nodes.For) and binding is assignment.target:
            values.append(assignment.iter)
        elif isinstance(assignment, nodes.With):
            values.extend(item for item, alias in assignment.items if alias is binding)
        elif isinstance(assignment, nodes.Tuple) and isinstance(assignment.parent, nodes.Assign):
            values.append(assignment.parent.value)
    return values


def _probe_kind(node: nodes.NodeNG) -> str | None:
    if isinstance(node, nodes.Call):
        return _call_probe_kind(node)
    if isinstance(node, nodes.Attribute):
        if node.attrname in HTTP_STATUS_ATTRIBUTES:
            return "http"
        if _words(node.attrname) & STATUS_WORDS:
            return "status"
        return None
    if isinstance(node, nodes.Subscript):
        key = node.slice
        if isinstance(key, nodes.Const) and isinstance(key.value, str) and _words(key.value) & STATUS_WORDS:
            return "status"
        return None
    if isinstance(node, nodes.Compare):
        operands = [node.left, *(operand for _, operand in node.ops)]
        for operand in operands:
            literals = operand.elts if isinstance(operand, (nodes.Tuple, nodes.List, nodes.Set)) else [operand]
            if any(
                isinstance(literal, nodes.Const)
                and isinstance(literal.value, str)
                and literal.value.upper() in STATUS_LITERALS
                for literal in literals
            ):
                return "status"
        return None
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return "query" if re.search(COUNT_QUERY, node.value) else None
    if isinstance(node, nodes.Name):
        words = _words(node.name)
        if words & TIME_WORDS:
            return "time"
        # Constants such as TERMINAL_STATES name a set of statuses.
        if node.name.isupper() and words & STATUS_WORDS:
            return "status"
    return None


def _call_probe_kind(call: nodes.Call) -> str | None:
    callee = names.spelled_callee(call)
    if callee is None:
        return None
    if callee in PATH_PROBE_CALLS:
        return "path"
    if callee in OBJECT_PROBE_CALLS:
        return "object"
    if callee in QUERY_PROBE_CALLS:
        return "query"
    if callee == "get" and call.args:
        key = call.args[0]
        if isinstance(key, nodes.Const) and isinstance(key.value, str) and _words(key.value) & STATUS_WORDS:
            return "status"
    if callee in {"time", "monotonic", "perf_counter", "now", "utcnow"}:
        return "time" if names.qualified_name(call.func) in TIME_FUNCTIONS else None
    words = _words(callee)
    if "exists" in words or "exist" in words:
        return "path"
    if words & STATUS_WORDS:
        return "status"
    return None


def _waits_for_own_work(loop: nodes.For | nodes.While, scope: nodes.NodeNG) -> bool:
    """Whether the loop follows a job this function started before it (``run =
    client.run_now()``, ``proc = subprocess.Popen(...)``, ``cf.create_stack(...)``): waiting
    for it is the asset's own work."""
    used = set()
    for part in [loop.test] if isinstance(loop, nodes.While) else [loop.iter]:
        used |= _names_followed(part, scope)
    for statement in loop.body:
        used |= _names_followed(statement, scope)
    used -= GENERIC_NAMES
    for call in scope.nodes_of_class(nodes.Call, skip_klass=(nodes.FunctionDef, nodes.ClassDef)):
        if call.fromlineno >= loop.fromlineno:
            continue
        callee = names.spelled_callee(call)
        words = _words(callee) if callee else set()
        if not words & START_WORDS or words & LOOKUP_WORDS:
            continue
        assigned = call.parent
        while isinstance(assigned, (nodes.Attribute, nodes.Subscript, nodes.Call, nodes.Await)):
            assigned = assigned.parent
        started = {
            target.name
            for target in getattr(assigned, "targets", None) or [getattr(assigned, "target", None)]
            if isinstance(target, nodes.AssignName)
        }
        started |= {
            name.name
            for argument in [call.func, *call.args, *(k.value for k in call.keywords or ())]
            for name in argument.nodes_of_class(nodes.Name)
        }
        if started & used:
            return True
    return False


def _names_followed(expression: nodes.NodeNG, scope: nodes.NodeNG) -> set[str]:
    """Names an expression depends on, through local assignments."""
    followed: set[str] = set()
    pending = [expression]
    while pending and len(followed) < 50:
        current = pending.pop()
        for name in current.nodes_of_class(nodes.Name):
            if name.name not in followed:
                followed.add(name.name)
                pending.extend(_assigned_values(name.name, scope))
    return followed


def register(linter: PyLinter) -> None:
    linter.register_checker(SensorsChecker(linter))
