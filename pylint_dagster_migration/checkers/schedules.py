"""Schedules: Airflow's catchup, which no Dagster schedule performs.

An Airflow DAG with ``start_date`` and the default ``catchup=True`` runs once for every
interval since the start date when it is deployed. A Dagster schedule only ever launches its
latest tick. History needs a partitions definition that carries the start date and an explicit
backfill; ``start_date=`` is right on ``DailyPartitionsDefinition`` and nowhere else. The fixes
the messages suggest are written by ``catchup.py``; which keywords ``assumed-catchup`` reports,
rather than ``unknown-dagster-argument``, is decided by ``keyword_owners.py``.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names, signatures
from pylint_dagster_migration.catchup import (
    BACKFILL,
    CATCHUP_KEYWORDS,
    NEVER_CATCHES_UP,
    SCHEDULED_CONSTRUCTS,
    declines_catchup,
    keyword_fix,
    partitions_fix,
)
from pylint_dagster_migration.checkers.base import DagsterChecker, excerpt
from pylint_dagster_migration.keyword_owners import reports
from pylint_dagster_migration.literals import dict_entries
from pylint_dagster_migration.retry_policies import FOREIGN_RETRY_KEYWORDS

if TYPE_CHECKING:
    from pylint.lint import PyLinter

TIME_WINDOW_PARTITIONS = frozenset(
    {
        "DailyPartitionsDefinition", "HourlyPartitionsDefinition", "WeeklyPartitionsDefinition",
        "MonthlyPartitionsDefinition", "TimeWindowPartitionsDefinition",
    }
)
#: Keywords worth resolving a call's callee for (None is a ``**`` expansion).
_INTERESTING_KEYWORDS = CATCHUP_KEYWORDS | {None, "execution_fn"}

#: Calls that build a fixed date: ``datetime(2024, 1, 1)``, ``pendulum.datetime(...)``.
_DATE_CONSTRUCTORS = frozenset(
    {
        "datetime.datetime", "datetime.date", "pendulum.datetime", "pendulum.date",
        "pandas.Timestamp", "datetime.datetime.strptime", "datetime.datetime.fromisoformat",
        "datetime.date.fromisoformat", "pendulum.parse", "dateutil.parser.parse",
    }
)
#: Calls that iterate dates between a start and an end.
_DATE_RANGES = frozenset({"pandas.date_range", "pendulum.period", "pendulum.interval", "dateutil.rrule.rrule"})
_COMPREHENSIONS = (nodes.ListComp, nodes.GeneratorExp, nodes.SetComp)
#: A look-back window that reaches further than this many days re-requests, on every tick,
#: what earlier ticks already ran: a hand-rolled catchup. A shorter window (late data, a
#: restatement period of up to a month) is deliberate and not reported.
LOOKBACK_LIMIT_DAYS = 31
#: Days one unit of a ``timedelta`` keyword stands for.
_DAYS_PER_UNIT = {"weeks": 7, "days": 1, "hours": 1 / 24, "minutes": 1 / 1440}
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}"  # compiled on first use (re's cache)
_TEXT_LIMIT = 50


class ScheduleChecker(DagsterChecker):
    """Finds Airflow catchup carried over to Dagster assets, jobs and schedules."""

    msgs = {
        "W7330": (
            f"%s %s. {NEVER_CATCHES_UP}: %s",
            "assumed-catchup",
            "Airflow catchup arguments (catchup, start_date, end_date, depends_on_past, "
            "default_args) on a Dagster asset, op, job, schedule or sensor, or a schedule that "
            "loops over past dates or partitions yielding a RunRequest for each: every date "
            "since a fixed start, or a look-back window of more than 31 days (range(90, 0, -1) "
            "with now - timedelta(days=offset), in a for or a while loop).\n\n"
            "Airflow runs a DAG once per interval since start_date when it is deployed "
            "(catchup=True is the default). Dagster has no such arguments (the module fails "
            "to load with TypeError) and no such behaviour: a schedule launches only its latest "
            "tick, and a schedule that requests every past date re-requests all of history on "
            "every tick. Put the start date on a partitions definition "
            "(partitions_def=dg.DailyPartitionsDefinition(start_date=\"2024-01-01\")), schedule "
            "the partitioned job with dg.build_schedule_from_partitioned_job, and backfill "
            "history once, explicitly: from the UI, or with dg launch / dagster asset "
            "materialize --partition-range for assets with BackfillPolicy.single_run(). "
            "start_date= on DailyPartitionsDefinition and the other partitions definitions is "
            "right and not reported, and so are look-back windows of up to 31 days (late data, "
            "restatements), loops over static partitions, files or runs, and sensors: a sensor "
            "launches each run_key once ever, and sensor-without-run-key reports a request "
            "without one.",
        ),
    }

    @only_required_for_messages("assumed-catchup")
    def visit_call(self, node: nodes.Call) -> None:
        if not any(k.arg in _INTERESTING_KEYWORDS for k in node.keywords or ()):
            return
        callee = names.call_dagster_name(node)
        if callee == "ScheduleDefinition":
            self._check_evaluation_function(names.keyword_argument(node, "execution_fn"), node)
        if callee not in SCHEDULED_CONSTRUCTS:
            return
        for keyword in node.keywords or ():
            if keyword.arg is None:
                self._check_expansion(keyword, node, callee)
            elif reports("assumed-catchup", callee, keyword.arg):
                self._report_keyword(keyword, node, callee)

    @only_required_for_messages("assumed-catchup")
    def visit_functiondef(self, node: nodes.FunctionDef) -> None:
        definition = self.dagster_model(node).definition(node)
        if definition is not None and definition.kind == "schedule":
            for loop, reach in _catchup_loops(node):
                self._report_loop(loop, reach, node.name, definition.decorator)

    visit_asyncfunctiondef = visit_functiondef

    # Keywords -----------------------------------------------------------------------------

    def _report_keyword(self, keyword: nodes.Keyword, call: nodes.Call, callee: str) -> None:
        consequence = "is Airflow's: Dagster has no such argument and rejects it with TypeError when the module loads"
        if declines_catchup(keyword):
            consequence = (
                "is rejected with TypeError when the module loads; Dagster never catches up, "
                "so catchup=False is already what it does"
            )
        elif keyword.arg == "default_args":
            held = sorted(set(dict_entries(keyword.value)) & (CATCHUP_KEYWORDS | FOREIGN_RETRY_KEYWORDS))
            if held:
                consequence = f"(holding {', '.join(held)}) " + consequence
        self.add_message(
            "assumed-catchup",
            node=keyword,
            args=(
                f"{excerpt(keyword, _TEXT_LIMIT)} on {names.construct_label(call)}",
                consequence,
                keyword_fix(keyword, call, callee),
            ),
        )

    def _check_expansion(self, keyword: nodes.Keyword, call: nodes.Call, callee: str) -> None:
        """``**default_args`` where the dict holds Airflow catchup arguments."""
        entries = dict_entries(keyword.value)
        held = sorted(k for k in entries if k in CATCHUP_KEYWORDS and signatures.rejects(callee, k))
        if not held:
            return
        self.add_message(
            "assumed-catchup",
            node=keyword,
            args=(
                f"{excerpt(keyword, _TEXT_LIMIT)} on {names.construct_label(call)}",
                f"passes Airflow's {', '.join(held)}: Dagster has no such arguments and "
                "rejects them with TypeError when the module loads",
                partitions_fix(call, entries),
            ),
        )

    # Hand-rolled catchup in a schedule's evaluation function -------------------------------

    def _check_evaluation_function(self, function: nodes.NodeNG | None, call: nodes.Call) -> None:
        if not isinstance(function, nodes.Name):
            return
        _, bindings = function.lookup(function.name)
        if bindings and isinstance(bindings[-1], nodes.FunctionDef):
            for loop, reach in _catchup_loops(bindings[-1]):
                self._report_loop(loop, reach, bindings[-1].name, call)

    def _report_loop(
        self, loop: nodes.NodeNG, reach: float, schedule: str, construct: nodes.NodeNG
    ) -> None:
        """``reach`` is how many days back the loop goes, ``inf`` from a fixed start."""
        kind = "comprehension" if isinstance(loop, _COMPREHENSIONS) else f"{type(loop).__name__.lower()} loop"
        prefix = names.dagster_prefix(construct)
        if reach == math.inf:
            consequence = (
                "requests a run for every past date or partition on each tick: this hand-rolled "
                "catchup re-requests all of history every time (run_key only dedupes within one "
                "tick)"
            )
        else:
            consequence = (
                f"requests a run for each of the past {round(reach)} days on every tick: this "
                "hand-rolled catchup requests again the days earlier ticks already ran (run_key "
                "only dedupes within one tick)"
            )
        self.add_message(
            "assumed-catchup",
            node=loop,
            args=(
                f"The {kind} in schedule '{schedule}'",
                consequence,
                f"give the assets a partitions_def such as {prefix}DailyPartitionsDefinition"
                f"(start_date=...), schedule the job with {prefix}"
                "build_schedule_from_partitioned_job(job) so each tick requests its own "
                "partition, and " + BACKFILL,
            ),
        )


def _scope_nodes(function: nodes.FunctionDef):
    """The nodes of a function's own body, not those of nested functions or classes."""
    stack = list(function.body)
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (nodes.FunctionDef, nodes.ClassDef, nodes.Lambda)):
            stack.extend(node.get_children())


def _requests_runs(node: nodes.NodeNG) -> bool:
    """Whether ``node`` builds a RunRequest (itself or anywhere inside, nested functions aside)."""
    return any(
        isinstance(child, nodes.Call) and names.call_dagster_name(child) == "RunRequest"
        for child in [node, *_subtree(node)]
    )


def _subtree(node: nodes.NodeNG):
    stack = list(node.get_children())
    while stack:
        child = stack.pop()
        yield child
        if not isinstance(child, (nodes.FunctionDef, nodes.ClassDef, nodes.Lambda)):
            stack.extend(child.get_children())


def _catchup_loops(function: nodes.FunctionDef) -> list[tuple[nodes.NodeNG, float]]:
    """Loops and comprehensions of a schedule function that yield a RunRequest per date or
    partition since a fixed start or over a look-back window longer than
    ``LOOKBACK_LIMIT_DAYS``, each with how many days back it reaches (``inf`` from a fixed
    start: all of history)."""
    found = []
    for node in _scope_nodes(function):
        reach = None
        if isinstance(node, nodes.For) and _requests_runs(node):
            reach = _loop_reach(node.iter, node.target, node.body)
        elif isinstance(node, nodes.While) and _requests_runs(node):
            reach = _while_reach(node)
        elif isinstance(node, _COMPREHENSIONS) and _requests_runs(node.elt):
            reach = max(
                (_loop_reach(g.iter, g.target, [node.elt]) or 0 for g in node.generators), default=0
            )
        if reach and reach > LOOKBACK_LIMIT_DAYS:
            found.append((node, reach))
    return sorted(found, key=lambda found_loop: (found_loop[0].lineno, found_loop[0].col_offset))


def _loop_reach(iterable: nodes.NodeNG, target: nodes.NodeNG, body: list[nodes.NodeNG]) -> float | None:
    """How many days back a loop over ``iterable`` reaches: ``inf`` for every date or
    partition since a fixed start, the days of a look-back window (``range(90)`` with
    ``now - timedelta(days=offset)``, ``pd.date_range(end=now, periods=90)``), else None."""
    if _is_history(iterable):
        return math.inf
    reach = _date_range_reach(iterable)
    if reach is None and isinstance(target, nodes.AssignName):
        steps = _range_reach(iterable)
        unit = _offset_unit(body, target.name) if steps else None
        reach = steps * unit if unit else None
    return reach


def _while_reach(loop: nodes.While) -> float | None:
    """``_loop_reach`` for a while loop: a date stepped from a fixed start or from
    ``now - timedelta(days=90)``, or a counter of days (``offset = 90 ... offset -= 1``)."""
    start = _stepped_date_start(loop)
    if start is not None:
        return math.inf if _is_fixed_date(start) else _days_before(start)
    return _counter_reach(loop)


def _is_history(iterable: nodes.NodeNG) -> bool:
    """Whether a loop's iterable walks every date or partition since a fixed start."""
    if isinstance(iterable, nodes.Name):
        value = names.assigned_value(iterable)
        return value is not None and _is_history(value)
    if not isinstance(iterable, nodes.Call):
        return False
    func = iterable.func
    if isinstance(func, nodes.Attribute) and func.attrname == "get_partition_keys":
        return _is_time_window_partitions(func.expr)
    qualified = names.call_qualified_name(iterable)
    if qualified in _DATE_RANGES:
        start = names.keyword_argument(iterable, "start") or names.keyword_argument(iterable, "dtstart")
        if start is None and iterable.args:
            start = iterable.args[0] if qualified != "dateutil.rrule.rrule" else None
        return start is not None and _is_fixed_date(start)
    if names.is_builtin(func, "range"):
        return any(_days_since_fixed_date(argument) for argument in iterable.args)
    return False


def _days_since_fixed_date(node: nodes.NodeNG) -> bool:
    """``(today - START_DATE).days`` anywhere inside ``node`` (or the value it names)."""
    if isinstance(node, nodes.Name):
        node = names.assigned_value(node) or node
    for child in [node, *_subtree(node)]:
        if isinstance(child, nodes.Attribute) and child.attrname == "days":
            difference = child.expr
            if isinstance(difference, nodes.BinOp) and difference.op == "-" and _is_fixed_date(difference.right):
                return True
    return False


def _stepped_date_start(loop: nodes.While) -> nodes.NodeNG | None:
    """The start of ``day`` in ``day = <start>; while ...: ...; day += timedelta(days=1)``."""
    for node in _subtree(loop):
        if isinstance(node, nodes.AugAssign) and node.op == "+=" and names.is_timedelta_call(node.value):
            target = node.target
            if isinstance(target, nodes.AssignName):
                starts = _values_assigned_before(loop, target.name)
                if starts:
                    return starts[-1]
    return None


def _values_assigned_before(loop: nodes.NodeNG, name: str) -> list[nodes.NodeNG]:
    return [
        assign.value
        for assign in loop.scope().nodes_of_class(nodes.Assign)
        if assign.lineno < loop.lineno
        and any(isinstance(t, nodes.AssignName) and t.name == name for t in assign.targets)
    ]


def _counter_reach(loop: nodes.While) -> float | None:
    """``offset = 90; while offset > 0: day = now - timedelta(days=offset); ...; offset -= 1``:
    the days back the counter reaches (its start or its bound, whichever is further)."""
    test = loop.test
    if not (isinstance(test, nodes.Compare) and isinstance(test.left, nodes.Name) and len(test.ops) == 1):
        return None
    counter, bound = test.left.name, _int_literal(test.ops[0][1])
    steps = any(
        isinstance(node, nodes.AugAssign)
        and node.op in {"+=", "-="}
        and isinstance(node.target, nodes.AssignName)
        and node.target.name == counter
        for node in _subtree(loop)
    )
    starts = _values_assigned_before(loop, counter)
    start = _int_literal(starts[-1]) if starts else None
    if not steps or bound is None or start is None:
        return None
    unit = _offset_unit(loop.body, counter)
    return max(abs(start), abs(bound)) * unit if unit else None


def _range_reach(iterable: nodes.NodeNG) -> int | None:
    """The furthest from zero a ``range(...)`` of literal bounds goes: 90 for
    ``range(90, 0, -1)``, 89 for ``range(90)``; None for anything else."""
    if not isinstance(iterable, nodes.Call) or not names.is_builtin(iterable.func, "range"):
        return None
    bounds = [_int_literal(argument) for argument in iterable.args]
    if not 1 <= len(bounds) <= 3 or None in bounds or iterable.keywords:
        return None
    if len(bounds) == 3 and bounds[2] == 0:
        return None  # range() rejects a step of 0
    walked = range(*bounds)
    return max(abs(walked[0]), abs(walked[-1])) if walked else None


def _int_literal(node: nodes.NodeNG | None) -> int | None:
    """An int written literally (``90``, ``-90``) or through a name bound to one."""
    if isinstance(node, nodes.Name):
        node = names.assigned_value(node)
    if isinstance(node, nodes.UnaryOp) and node.op == "-":
        value = _int_literal(node.operand)
        return -value if value is not None else None
    if isinstance(node, nodes.Const) and type(node.value) is int:
        return node.value
    return None


def _offset_unit(body: list[nodes.NodeNG], variable: str) -> float | None:
    """The days one step of ``variable`` moves a date back in ``<date> - timedelta(days=
    variable)`` (or ``hours=``, ``weeks=``...) inside ``body``; None when it moves none."""
    for statement in body:
        for node in [statement, *_subtree(statement)]:
            if isinstance(node, nodes.BinOp) and node.op == "-" and names.is_timedelta_call(node.right):
                unit = _unit_of(node.right, variable)
                if unit:
                    return unit
    return None


def _unit_of(delta: nodes.Call, variable: str) -> float | None:
    if names.call_qualified_name(delta) == "datetime.timedelta" and delta.args:
        return 1 if _names(delta.args[0], variable) else None
    for keyword in delta.keywords or ():
        if keyword.arg in _DAYS_PER_UNIT and _names(keyword.value, variable):
            return _DAYS_PER_UNIT[keyword.arg]
    return None


def _names(node: nodes.NodeNG, variable: str) -> bool:
    return isinstance(node, nodes.Name) and node.name == variable


def _date_range_reach(iterable: nodes.NodeNG) -> float | None:
    """How many days back ``pd.date_range(now - timedelta(days=90), now)`` or
    ``pd.date_range(end=now, periods=90)`` starts; None for anything else."""
    if names.call_qualified_name(iterable) != "pandas.date_range":
        return None
    start = names.keyword_argument(iterable, "start") or (iterable.args[0] if iterable.args else None)
    if start is not None:
        return _days_before(start)
    end = names.keyword_argument(iterable, "end")
    freq = names.keyword_argument(iterable, "freq")
    periods = _int_literal(names.keyword_argument(iterable, "periods"))
    daily = freq is None or (isinstance(freq, nodes.Const) and freq.value in {"D", "1D"})
    return periods if end is not None and daily and periods else None


def _days_before(node: nodes.NodeNG) -> float | None:
    """90 for ``<date> - timedelta(days=90)`` (or a name bound to it); None for anything else."""
    if isinstance(node, nodes.Name):
        node = names.assigned_value(node)
    if isinstance(node, nodes.BinOp) and node.op == "-":
        seconds = names.timedelta_seconds(node.right)
        return seconds / 86400 if seconds else None
    return None


def _is_fixed_date(node: nodes.NodeNG, depth: int = 0) -> bool:
    """A date that does not move with the tick: a literal, a constant, a partitions start."""
    if depth > 3:
        return False
    if isinstance(node, nodes.Const):
        return isinstance(node.value, str) and bool(re.match(_ISO_DATE, node.value))
    if isinstance(node, nodes.Name):
        value = names.assigned_value(node)
        return value is not None and _is_fixed_date(value, depth + 1)
    if isinstance(node, nodes.Attribute) and node.attrname in {"start", "start_date"}:
        return _is_time_window_partitions(node.expr)
    if isinstance(node, nodes.Call):
        if names.call_qualified_name(node) in _DATE_CONSTRUCTORS:
            return all(isinstance(argument, nodes.Const) for argument in node.args) and all(
                isinstance(keyword.value, nodes.Const) for keyword in node.keywords or ()
            )
        if isinstance(node.func, nodes.Attribute) and node.func.attrname == "date":
            return _is_fixed_date(node.func.expr, depth + 1)
    return False


def _is_time_window_partitions(node: nodes.NodeNG) -> bool:
    if isinstance(node, nodes.Name):
        node = names.assigned_value(node)
    return isinstance(node, nodes.Call) and names.call_dagster_name(node) in TIME_WINDOW_PARTITIONS


def register(linter: PyLinter) -> None:
    linter.register_checker(ScheduleChecker(linter))
