"""The fixes of ``unknown-dagster-argument``: what ``--fix`` writes for a rejected keyword.

Three kinds, each only where the message has named the same replacement:

- A keyword Dagster has under another name is renamed and its value kept as written
  (``schedule_interval="@daily"`` becomes ``cron_schedule="@daily"``), where the callable takes
  the new keyword, the call does not give it already (by keyword, by position, through
  ``**``, or by renaming another keyword to it) and the new keyword takes the value as it is:
  a cron string Dagster parses, a timezone name, whole seconds, a valid Dagster name.
- A value Dagster takes in another form is rewritten: a list of tags becomes a dict of empty
  values (what Dagster's own Airflow migration guide writes), ``is_paused_upon_creation=False``
  becomes ``default_status=...RUNNING``, ``owner="<email>"`` becomes ``owners=["<email>"]``.
- A keyword Dagster has no equivalent for is deleted. That is unsafe (the behaviour it asked
  for is gone until written the Dagster way the message says), except where its value asks for
  what Dagster does anyway: ``catchup=False``, ``email_on_failure=False``, a ``None``...

A value that is not a literal (a variable, a ``timedelta``) gets no rename: what Dagster would
make of it cannot be told here.

The checker (``checkers/arguments.py``) declares these fixes' safety, and loads this module
only when it reports a finding with a fix, not in every pylint run.
"""

from __future__ import annotations

import keyword as python_keyword
import re
from collections.abc import Callable, Collection

from astroid import nodes

from pylint_dagster_migration import catchup
from pylint_dagster_migration.fixes import (
    Edit,
    Fix,
    dagster_reference,
    end_of,
    insert_after,
    remove_argument,
    replace,
    start_of,
    wrap,
)

# --- renames --------------------------------------------------------------------------------

#: Dagster's DISALLOWED_NAMES (dagster._core.definitions.utils) besides Python's keywords.
_RESERVED_NAMES = frozenset(
    {
        "arg_dict", "bool", "conf", "config", "context", "dict", "float", "input",
        "input_arg_dict", "int", "meta", "output", "output_arg_dict", "str", "type",
    }
)
_NAME = re.compile(r"[A-Za-z0-9_]+")
#: Cron presets Dagster accepts (not @once, @continuous, @quarterly, @reboot).
_CRON_PRESETS = frozenset({"@hourly", "@daily", "@weekly", "@monthly", "@yearly", "@annually", "@midnight"})
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
#: The five cron fields: (lowest, highest, names counted from the lowest).
_CRON_FIELDS = ((0, 59, ()), (0, 23, ()), (1, 31, ()), (1, 12, _MONTHS), (0, 7, _WEEKDAYS))


def _string(value: nodes.NodeNG) -> str | None:
    return value.value if isinstance(value, nodes.Const) and isinstance(value.value, str) else None


def is_dagster_cron(value: nodes.NodeNG) -> bool:
    """A string Dagster takes as ``cron_schedule``: a preset it knows, or five fields of
    numbers in range, names, ``*``, ranges, lists and steps (nothing rarer, such as ``L``)."""
    text = _string(value)
    if text is None:
        return False
    if text.strip() in _CRON_PRESETS:
        return True
    fields = text.split()
    if len(fields) != 5 or not all(map(_cron_field, fields, _CRON_FIELDS)):
        return False
    day, month = fields[2], fields[3].lower()
    return not (month in ("2", "feb") and day in ("30", "31"))  # Dagster refuses February 30


def _cron_field(field: str, bounds: tuple[int, int, Collection[str]]) -> bool:
    return all(_cron_part(part, bounds) for part in field.split(","))


def _cron_part(part: str, bounds: tuple[int, int, Collection[str]]) -> bool:
    base, slash, step = part.partition("/")
    if slash and not (step.isdigit() and int(step) >= 1):
        return False
    if base == "*":
        return True
    ends = base.split("-")
    if len(ends) > 2:
        return False
    values = [_cron_value(end, bounds) for end in ends]
    return None not in values and values == sorted(values)


def _cron_value(text: str, bounds: tuple[int, int, Collection[str]]) -> int | None:
    lowest, highest, names = bounds
    if text.lower() in names:
        return lowest + list(names).index(text.lower())
    if text.isdigit() and lowest <= int(text) <= highest:
        return int(text)
    return None


def _is_string(value: nodes.NodeNG) -> bool:
    return _string(value) is not None


def _is_whole_seconds(value: nodes.NodeNG) -> bool:
    # Dagster checks for an int: 60.0 and timedelta(seconds=60) are refused.
    number = value.value if isinstance(value, nodes.Const) else None
    return isinstance(number, int) and not isinstance(number, bool) and number >= 0


def is_dagster_name(value: nodes.NodeNG) -> bool:
    """A string Dagster takes as the name of any definition."""
    text = _string(value)
    return (
        text is not None
        and _NAME.fullmatch(text) is not None
        and not python_keyword.iskeyword(text)
        and text not in _RESERVED_NAMES
    )


def _is_text(value: nodes.NodeNG) -> bool:
    """A description: a string, or a name for one (doc_md=__doc__, doc_md=DAG_DOC)."""
    return _is_string(value) or isinstance(value, (nodes.JoinedStr, nodes.Name, nodes.Attribute))


# Plain classes, not dataclasses: defining a dataclass costs a millisecond when this loads.
class _Rename:
    __slots__ = ("to", "takes")

    def __init__(self, to: str, takes: Callable[[nodes.NodeNG], bool]) -> None:
        self.to = to
        #: Whether the new keyword takes the value as written.
        self.takes = takes


_RENAMES = {
    "schedule_interval": _Rename("cron_schedule", is_dagster_cron),
    "schedule": _Rename("cron_schedule", is_dagster_cron),
    "cron": _Rename("cron_schedule", is_dagster_cron),
    "timezone": _Rename("execution_timezone", _is_string),
    "poke_interval": _Rename("minimum_interval_seconds", _is_whole_seconds),
    "task_id": _Rename("name", is_dagster_name),
    "dag_id": _Rename("name", is_dagster_name),
    "doc_md": _Rename("description", _is_text),
    "doc": _Rename("description", _is_text),
}

#: Where a keyword a fix writes can also be passed by position: callable -> keyword -> index
#: (from Dagster's signatures; tests/test_argument_fixes.py checks it against them).
POSITIONS = {
    "AssetCheckSpec": {"name": 0},
    "AssetOut": {"description": 3, "owners": 11},
    "In": {"description": 1},
    "Out": {"description": 1},
    "ScheduleDefinition": {"name": 0},
    "SensorDefinition": {"name": 0},
    "TimeWindowPartitionsDefinition": {"cron_schedule": 9},
    "build_schedule_from_partitioned_job": {
        "description": 1, "name": 2, "default_status": 7, "cron_schedule": 9,
        "execution_timezone": 10, "owners": 12,
    },
    "define_asset_job": {"name": 0, "description": 3, "owners": 11},
    "run_failure_sensor": {"name": 0, "minimum_interval_seconds": 1, "description": 2, "default_status": 6},
    "run_status_sensor": {"name": 1, "minimum_interval_seconds": 2, "description": 3, "default_status": 7},
    "schedule": {"cron_schedule": 0},
}
#: Rejected keyword -> the keyword its fix writes in its place.
_WRITES = {
    **{keyword: rename.to for keyword, rename in _RENAMES.items()},
    "owner": "owners",
    "is_paused_upon_creation": "default_status",
}
#: Keywords written by the fixes (each is in POSITIONS where it can be positional).
WRITTEN_KEYWORDS = frozenset(_WRITES.values())


class Rejected:
    """A keyword the callable ``callee`` rejects, in ``call``."""

    __slots__ = ("keyword", "call", "callee", "accepted")

    def __init__(
        self, keyword: nodes.Keyword, call: nodes.Call, callee: str, accepted: frozenset[str]
    ) -> None:
        self.keyword = keyword
        self.call = call
        self.callee = callee
        self.accepted = accepted

    def can_write(self, new: str) -> bool:
        """Whether the call can be given keyword ``new`` without giving it twice."""
        call = self.call
        if new not in self.accepted or any(k.arg is None or k.arg == new for k in call.keywords):
            return False
        if any(isinstance(argument, nodes.Starred) for argument in call.args):
            return False
        position = POSITIONS.get(self.callee, {}).get(new)
        if position is not None and position < len(call.args):
            return False
        # Two keywords renamed to the same one in one pass would give it twice.
        return sum(_WRITES.get(k.arg) == new for k in call.keywords) <= 1

    @property
    def decorated_function(self) -> str | None:
        """The name of the function the call decorates, if it is a decorator."""
        parent = self.call.parent
        if isinstance(parent, nodes.Decorators) and isinstance(
            parent.parent, (nodes.FunctionDef, nodes.AsyncFunctionDef)
        ):
            return parent.parent.name
        return None


def rename_keyword(keyword: nodes.Keyword, new: str) -> Edit:
    """Replace the keyword's name with ``new``; its ``=`` and value stay as written."""
    line, column = start_of(keyword)
    return Edit((line, column), (line, column + len(keyword.arg.encode("utf-8"))), new)


def _rename_fix(rejected: Rejected) -> Fix | None:
    keyword = rejected.keyword
    rename = _RENAMES[keyword.arg]
    if not rename.takes(keyword.value) or not rejected.can_write(rename.to):
        return None
    edits = (rename_keyword(keyword, rename.to),)
    if rename.to != "name":
        return Fix(edits)
    if any(k.arg == "key" for k in rejected.call.keywords):
        return None  # Dagster refuses name= beside key=
    function = rejected.decorated_function
    if function is None or function == keyword.value.value:
        return Fix(edits)
    return Fix(
        edits,
        safe=False,
        description=(
            f"gives {keyword.arg}= as name=, which renames the definition from {function} to "
            f"{keyword.value.value}: references to {function} (deps, ins, job_name=, selections) "
            "no longer find it"
        ),
    )


# --- values Dagster takes in another form -----------------------------------------------------

_TAG_KEY = re.compile(r"([A-Za-z0-9_.-]{1,63}/)?[A-Za-z0-9_.-]{1,63}")


def tags_fix(tags: nodes.List | nodes.Tuple | nodes.Set) -> Fix | None:
    """``tags=["sales", "daily"]`` as ``tags={"sales": "", "daily": ""}``, where every label is
    a distinct string Dagster takes as a tag key (not in its reserved dagster/ namespace)."""
    labels = [_string(element) for element in tags.elts]
    if not all(label is not None and _TAG_KEY.fullmatch(label) for label in labels):
        return None
    if len(set(labels)) != len(labels) or any(label.startswith("dagster/") for label in labels):
        return None
    values = [insert_after(element, ': ""') for element in tags.elts]
    if isinstance(tags, nodes.Set):
        return Fix(values)
    (first_line, first_column), (last_line, last_column) = start_of(tags), end_of(tags)
    # The opening and closing bracket (or parenthesis) become braces.
    opening = Edit((first_line, first_column), (first_line, first_column + 1), "{")
    closing = Edit((last_line, last_column - 1), (last_line, last_column), "}")
    if isinstance(tags, nodes.Tuple) and len(tags.elts) == 1 and end_of(tags.elts[0])[0] == last_line:
        # ("crm",): the comma that made it a tuple goes too; on one line, no comment is between.
        return Fix((opening, Edit(end_of(tags.elts[0]), end_of(tags), ': ""}')))
    return Fix((opening, *values, closing))


_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Z|a-z]{2,7}\b")  # Dagster's
_TEAM = re.compile(r"[A-Za-z0-9_.-]+")
_AIRFLOW_DEFAULT_OWNER = "airflow"


def _owner_fix(rejected: Rejected) -> Fix | None:
    """``owner="a@b.com"`` as ``owners=["a@b.com"]``; another owner (a team, a login) as
    ``owners=["team:..."]``, unsafe: it declares a team. Not Airflow's default owner."""
    keyword = rejected.keyword
    owner = _string(keyword.value)
    if owner is None or owner == _AIRFLOW_DEFAULT_OWNER or not rejected.can_write("owners"):
        return None
    if _EMAIL.fullmatch(owner):
        return Fix((rename_keyword(keyword, "owners"), *wrap(keyword.value, "[", "]")))
    if not _TEAM.fullmatch(owner):
        return None
    return Fix(
        (replace(keyword, f'owners=["team:{owner}"]'),),
        safe=False,
        description=f'declares the owner as the team "team:{owner}"',
    )


def _paused_fix(rejected: Rejected) -> Fix | None:
    """``is_paused_upon_creation=False`` as ``default_status=...RUNNING``; ``=True`` deleted:
    schedules and sensors start stopped."""
    keyword, value = rejected.keyword, rejected.keyword.value
    if not isinstance(value, nodes.Const):
        return None
    if value.value is True:
        return Fix((remove_argument(rejected.call, keyword),))
    if value.value is not False or not rejected.can_write("default_status"):
        return None
    sensor = "minimum_interval_seconds" in rejected.accepted
    status, imports = dagster_reference(
        rejected.call, "DefaultSensorStatus" if sensor else "DefaultScheduleStatus"
    )
    return Fix((*imports, replace(keyword, f"default_status={status}.RUNNING")))


# --- deletions ------------------------------------------------------------------------------


def _is_none(value: nodes.NodeNG) -> bool:
    return isinstance(value, nodes.Const) and value.value is None


class _Deletion:
    __slots__ = ("changes", "no_change")

    def __init__(self, changes: str, no_change: Callable[[nodes.NodeNG], bool] = _is_none) -> None:
        #: What deleting the keyword changes, after "removes the keyword; ".
        self.changes = changes
        #: Values that ask for what Dagster does anyway: deleting the keyword changes nothing.
        self.no_change = no_change


def _is_false_or_none(value: nodes.NodeNG) -> bool:
    return isinstance(value, nodes.Const) and (value.value is False or value.value is None)


def _is_all_success(value: nodes.NodeNG) -> bool:
    return _string(value) == "all_success" or _is_none(value)


_FAILURE_ALERT = _Deletion(
    "nothing alerts on a failure until a run_failure_sensor does", _is_false_or_none
)
_DELETIONS = {
    "provide_context": _Deletion(
        "Dagster passes its context only to a parameter named context", _is_false_or_none
    ),
    "email": _FAILURE_ALERT,
    "email_on_failure": _FAILURE_ALERT,
    "email_on_retry": _FAILURE_ALERT,
    "on_failure_callback": _FAILURE_ALERT,
    "on_retry_callback": _FAILURE_ALERT,
    "sla_miss_callback": _FAILURE_ALERT,
    "on_success_callback": _Deletion("the callback is not called until a run_status_sensor calls it"),
    "on_execute_callback": _Deletion("the callback is not called until a run_status_sensor calls it"),
    "execution_timeout": _Deletion("nothing limits the run time until the job has the dagster/max_runtime tag"),
    "timeout": _Deletion("nothing limits the run time until the job has the dagster/max_runtime tag"),
    "timeout_seconds": _Deletion("nothing limits the run time until the job has the dagster/max_runtime tag"),
    "dagrun_timeout": _Deletion("nothing limits the run time until the job has the dagster/max_runtime tag"),
    "trigger_rule": _Deletion("the step runs only once all of its upstreams succeed", _is_all_success),
    "log_prints": _Deletion("print output goes to the compute logs, not to the event log", _is_false_or_none),
    "cache_key_fn": _Deletion("nothing is cached: each run computes again"),
    "cache_expiration": _Deletion("nothing is cached: each run computes again"),
    "cache_policy": _Deletion("nothing is cached: each run computes again"),
    "persist_result": _Deletion("the I/O manager stores the return value, or nothing stores it"),
    "result_storage": _Deletion("the I/O manager stores the return value, or nothing stores it"),
    "result_serializer": _Deletion("the I/O manager stores the return value, or nothing stores it"),
    "max_active_runs": _Deletion("nothing limits concurrency until a pool or the run queue does"),
    "max_active_tasks": _Deletion("nothing limits concurrency until a pool or the run queue does"),
    "concurrency": _Deletion("nothing limits concurrency until a pool or the run queue does"),
    "priority_weight": _Deletion("runs get the default priority until tagged dagster/priority"),
    "weight_rule": _Deletion("runs get the default priority until tagged dagster/priority"),
    "pool": _Deletion("the job's steps share no pool until its assets or ops name it"),
}


def deletion_fix(call: nodes.Call, keyword: nodes.Keyword, changes: str | None) -> Fix:
    """Delete ``keyword``: safe when ``changes`` is None (its value asks for nothing Dagster
    does not do), else unsafe, described by what it changes."""
    edits = (remove_argument(call, keyword),)
    if changes is None:
        return Fix(edits, description="removes the keyword, which asks for what Dagster does anyway")
    return Fix(edits, safe=False, description=f"removes the keyword; {changes}")


def _deletion_fix(rejected: Rejected) -> Fix:
    deletion = _DELETIONS[rejected.keyword.arg]
    value = rejected.keyword.value
    return deletion_fix(rejected.call, rejected.keyword, None if deletion.no_change(value) else deletion.changes)


_FIXES: dict[str, Callable[[Rejected], Fix | None]] = {
    **{keyword: _rename_fix for keyword in _RENAMES},
    **{keyword: _deletion_fix for keyword in _DELETIONS},
    "owner": _owner_fix,
    "is_paused_upon_creation": _paused_fix,
}


def keyword_fix(rejected: Rejected) -> Fix | None:
    """The fix of a keyword whose message gives its keyword's own hint, or None."""
    fix = _FIXES.get(rejected.keyword.arg)
    return fix(rejected) if fix else None


def catchup_fix(call: nodes.Call, keyword: nodes.Keyword) -> Fix | None:
    """The fix of a catchup keyword (reported here while assumed-catchup is disabled)."""
    changes = catchup.DELETION_CHANGES.get(keyword.arg)
    if changes is None:
        return None
    return deletion_fix(call, keyword, None if catchup.asks_for_nothing(keyword) else changes)
