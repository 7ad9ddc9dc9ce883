"""Scripts need explicit asset boundaries: one asset, one output.

A cron script turned into a single asset usually keeps writing what it wrote before: several
tables or files from one body. Dagster then records one materialization for many outputs, and
nothing downstream can depend on just one of them. (What an asset runs is ``script_runs``'s
concern, what a module does when imported ``import_time``'s.)
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names
from pylint_dagster_migration.checkers.base import DagsterChecker, excerpt
from pylint_dagster_migration.expressions import call_argument, chain_has_attribute, literal_text

if TYPE_CHECKING:
    from pylint.lint import PyLinter

# asset-writes-multiple-outputs -----------------------------------------------------------

#: DataFrame writers (pandas, polars), each with the keyword naming its target.
FRAME_WRITERS = {
    "to_csv": "path_or_buf",
    "to_parquet": "path",
    "to_json": "path_or_buf",
    "to_excel": "excel_writer",
    "to_sql": "name",
    "to_feather": "path",
    "write_csv": "file",
    "write_parquet": "file",
    "write_database": "table_name",
    "write_delta": "target",
}
#: Spark ``df.write...<method>(target)``, each with the keyword naming its target.
SPARK_WRITERS = {
    "save": "path",
    "saveAsTable": "name",
    "insertInto": "tableName",
    "parquet": "path",
    "csv": "path",
    "json": "path",
    "orc": "path",
}
#: Object-store uploads: the keyword (and position) of the object key, and of the source.
UPLOADS = {
    "put_object": (("Key", None), ("Body", None)),
    "upload_file": (("Key", 2), ("Filename", 0)),
    "upload_fileobj": (("Key", 2), ("Fileobj", 0)),
}
PYARROW_DELTA_WRITERS = frozenset({"write_table", "write_deltalake"})
WRITE_CALL_NAMES = frozenset(
    {*FRAME_WRITERS, *SPARK_WRITERS, *UPLOADS, "write_table", "write_deltalake", "open",
     "write_text", "write_bytes"}
)

# Patterns are kept as text and matched through the ``re`` module's own cache
# (``re.search(PATTERN, text)``): each is compiled the first time it is needed, not when
# pylint loads the plugin.
_SQL_WRITE = (
    r"(?i)\b(?:create\s+(?:or\s+replace\s+)?(?P<temporary>(?:local\s+|global\s+)?temp(?:orary)?\s+)?"
    r"(?:transient\s+)?table\s+(?:if\s+not\s+exists\s+)?"
    r"|insert\s+(?:overwrite\s+(?:table\s+)?|into\s+)|copy\s+into\s+|merge\s+into\s+)"
    r"(?P<table>[\w.\"`\[\]{}]+)"
)
#: A word every statement of ``_SQL_WRITE`` and ``_SQL_DROP`` holds (lower case).
_SQL_WORDS = ("table", "into", "overwrite")
_SQL_DROP = r"(?i)\bdrop\s+table\s+(?:if\s+exists\s+)?(?P<table>[\w.\"`\[\]{}]+)"
_LOG_METHODS = frozenset(
    {"info", "debug", "warning", "warn", "error", "exception", "critical", "log", "print"}
)
_FILE_EXTENSIONS = (
    r"(?i)(\.(csv|tsv|txt|parquet|pq|json|jsonl|ndjson|xlsx|xls|feather|arrow|pkl|pickle|avro|"
    r"orc|delta|gz|bz2|zip|snappy|zst))+(?=[\"']|$)"
)
#: Words in a target's name that mark it as bookkeeping around the real output.
_BOOKKEEPING_WORDS = frozenset(
    {"log", "logs", "success", "manifest", "checkpoint", "lock", "marker", "tmp", "temp",
     "staging", "stage", "cursor", "watermark", "done", "buffer", "buf", "stdout", "stderr",
     "metadata"}
)
#: Splits of one dataset: ``train.jsonl`` and ``val.jsonl`` are one output, not two.
_DATASET_SPLITS = frozenset({"train", "training", "val", "valid", "validation", "test", "dev", "eval"})
_IN_MEMORY_FILES = frozenset({"io.BytesIO", "io.StringIO", "tempfile.SpooledTemporaryFile"})


# A plain class, not a dataclass: defining a dataclass costs every pylint run a millisecond.
class Write:
    """One place where an asset body persists something."""

    def __init__(
        self, label: str, node: nodes.NodeNG, inputs: str, target: nodes.NodeNG | None = None
    ) -> None:
        self.label = label  # the target as written, shown in the message
        self.node = node  # the writing call, or the SQL string
        self.inputs = inputs  # the source text of what is written, to recognise intermediates
        self.target = target  # the target expression, when not in SQL

    @cached_property
    def identity(self) -> str:
        """What two writes must share to be the same output: the last segment of the path
        or table name, without file extensions, quotes or dataset split words
        (``out/orders.csv`` and ``os.path.join(archive, "orders.parquet")`` are both
        ``orders``; ``train.jsonl`` and ``val.jsonl`` are one dataset)."""
        identity = output_identity(_last_segment_node(self.target) if self.target else self.label)
        words = [w for w in re.split(r"[^a-z0-9]+", identity) if w]
        if any(word in _DATASET_SPLITS for word in words):
            return "_".join(w for w in words if w not in _DATASET_SPLITS) or "<dataset splits>"
        return identity

    @property
    def is_bookkeeping(self) -> bool:
        """A log, marker, temporary or in-memory file written beside the real output."""
        words = set(re.split(r"[^a-z0-9]+", self.label.lower().replace("_", " ")))
        return bool(words & _BOOKKEEPING_WORDS) or _is_in_memory_file(self.target)


def _is_in_memory_file(target: nodes.NodeNG | None) -> bool:
    """``buffer`` after ``buffer = io.BytesIO()``, or ``io.StringIO()`` itself."""
    if isinstance(target, nodes.Name):
        _, bindings = target.lookup(target.name)
        if len(bindings) != 1 or not isinstance(bindings[0], nodes.AssignName):
            return False
        assign = bindings[0].parent
        target = assign.value if isinstance(assign, nodes.Assign) else None
    return names.call_qualified_name(target) in _IN_MEMORY_FILES


def _last_segment_node(target: nodes.NodeNG) -> str:
    """The text of the part of a path expression that names the file: the last argument of
    ``os.path.join``/``Path(...)``, the right side of ``/``, through up to three variables
    (``path = os.path.join(d, "orders.csv")`` then ``to_csv(path)``)."""
    for _ in range(3):
        value = names.assigned_value(target) if isinstance(target, nodes.Name) else None
        if value is None:
            break
        target = value
    while True:
        if (
            isinstance(target, nodes.Call)
            and names.spelled_callee(target) in {"join", "Path", "joinpath"}
            and target.args
        ):
            target = target.args[-1]
        elif isinstance(target, nodes.BinOp) and target.op == "/":
            target = target.right
        else:
            break
    text = literal_text(target)
    return text if text is not None else target.as_string()


def output_identity(text: str) -> str:
    """``orders`` for ``/data/orders.parquet``, ``"s3://b/orders.csv"``, ``analytics.orders``."""
    text = re.sub(_FILE_EXTENSIONS, "", text.strip().lower())
    text = re.split(r"[/\\]", text.rstrip("/\\"))[-1].strip("\"'`[] ")
    if re.fullmatch(r"[\w.\"`\[\]]+", text):
        text = text.rsplit(".", 1)[-1]
    return text.strip("\"'`[] ")


def _source_of(call: nodes.Call, target: nodes.NodeNG) -> str:
    return " ".join(
        argument.as_string()
        for argument in [*call.args, *(k.value for k in call.keywords or ())]
        if argument is not target
    )


def _call_write(call: nodes.Call) -> Write | None:
    spelled = names.spelled_callee(call)
    if spelled not in WRITE_CALL_NAMES:
        return None
    func = call.func
    target = None
    if spelled == "open":
        if not (names.is_builtin(func, "open") or names.qualified_name(func) == "io.open"):
            return None
        mode = call_argument(call, "mode", 1)
        if not (isinstance(mode, nodes.Const) and isinstance(mode.value, str)):
            return None
        if not set(mode.value) & {"w", "a", "x", "+"}:
            return None
        target = call_argument(call, "file", 0)
    elif not isinstance(func, nodes.Attribute) and spelled not in PYARROW_DELTA_WRITERS:
        return None
    elif spelled in {"write_text", "write_bytes"}:
        target = func.expr
    elif spelled in FRAME_WRITERS and not chain_has_attribute(func.expr, "write"):
        target = call_argument(call, FRAME_WRITERS[spelled], 0)
    elif spelled in SPARK_WRITERS and chain_has_attribute(func.expr, "write"):
        target = call_argument(call, SPARK_WRITERS[spelled], 0)
    elif spelled in UPLOADS:
        (key, key_position), (source, source_position) = UPLOADS[spelled]
        target = call_argument(call, key, key_position)
        written = call_argument(call, source, source_position)
        if target is None:
            return None
        return Write(target.as_string(), call, written.as_string() if written else "", target)
    elif spelled == "write_table":
        target = call_argument(call, "where", 1)
    elif spelled == "write_deltalake":
        target = call_argument(call, "table_or_uri", 0)
    if target is None or (isinstance(target, nodes.Const) and not isinstance(target.value, str)):
        return None
    return Write(target.as_string(), call, _source_of(call, target), target)


def _is_logged_or_documented(node: nodes.NodeNG) -> bool:
    parent = node.parent
    if isinstance(parent, nodes.Expr):
        return True  # a docstring or a bare string
    if isinstance(parent, nodes.Keyword):
        parent = parent.parent
    return isinstance(parent, nodes.Call) and names.spelled_callee(parent) in _LOG_METHODS


def _sql_writes(node: nodes.NodeNG, dropped: set[str]) -> list[Write]:
    text = literal_text(node)
    if not text or _is_logged_or_documented(node):
        return []
    lowered = text.lower()
    # Every statement the patterns match names one of these words; most strings name none.
    if not any(word in lowered for word in _SQL_WORDS):
        return []
    for match in re.finditer(_SQL_DROP, text):
        dropped.add(match.group("table").strip("\"`[]").lower())
    writes = []
    for match in re.finditer(_SQL_WRITE, text):
        if match.group("temporary"):
            continue
        table = match.group("table")
        writes.append(Write(table, node, text[: match.start()] + text[match.end() :]))
    return writes


def _writes_in(function: nodes.FunctionDef) -> list[Write]:
    writes: list[Write] = []
    dropped: set[str] = set()
    for statement in function.body:
        for node in statement.nodes_of_class((nodes.Call, nodes.Const, nodes.JoinedStr)):
            if isinstance(node, nodes.Call):
                write = _call_write(node)
                if write is not None:
                    writes.append(write)
            elif not isinstance(node.parent, nodes.JoinedStr):
                writes.extend(_sql_writes(node, dropped))
    return [
        write
        for write in writes
        if not write.is_bookkeeping
        and write.label.strip("\"`[]").lower() not in dropped
        # A local file later uploaded or loaded by another write is a step, not an output.
        and not any(
            other is not write and write.label in other.inputs and other.label != write.label
            for other in writes
        )
    ]


def _branch(parent: nodes.NodeNG, child: nodes.NodeNG) -> object:
    """Which alternative of ``parent`` (if/else, try/except, match cases) holds ``child``."""
    if isinstance(parent, nodes.IfExp):
        return "body" if child is parent.body else "orelse" if child is parent.orelse else None
    if isinstance(parent, nodes.If):
        return "body" if child in parent.body else "orelse" if child in parent.orelse else None
    if isinstance(parent, nodes.Try):
        if child in parent.body or child in parent.orelse:
            return "body"
        if child in parent.handlers:
            return child
        return None
    if isinstance(parent, nodes.Match):
        return child if child in parent.cases else None
    return None


def _exclusive(first: nodes.NodeNG, second: nodes.NodeNG) -> bool:
    """Whether two nodes sit in alternatives that never both run (if/else, try/except)."""
    path: dict[nodes.NodeNG, nodes.NodeNG] = {}
    child = first
    while child.parent is not None:
        path[child.parent] = child
        child = child.parent
    # Both nodes are in one function body, so walking up from the second meets that path.
    child = second
    while child.parent not in path:
        child = child.parent
    parent = child.parent
    first_branch = _branch(parent, path[parent])
    second_branch = _branch(parent, child)
    return first_branch is not None and second_branch is not None and first_branch != second_branch


def distinct_outputs(writes: list[Write]) -> list[str]:
    """The labels of the distinct outputs among ``writes`` (first label of each), or an
    empty list when no two different outputs are written on the same path of the code."""
    first_by_identity: dict[str, Write] = {}
    for write in writes:
        first_by_identity.setdefault(write.identity, write)
    if len(first_by_identity) < 2:
        return []
    for index, write in enumerate(writes):
        for other in writes[index + 1 :]:
            if write.identity != other.identity and not _exclusive(write.node, other.node):
                return [
                    excerpt(w.label, _TEXT_LIMIT, fold_whitespace=True)
                    for w in first_by_identity.values()
                ]
    return []


#: How much of a target or call a message quotes.
_TEXT_LIMIT = 48


class BoundariesChecker(DagsterChecker):
    """Scripts turned into assets keep the boundaries of the script, not of its outputs."""

    msgs = {
        "R7340": (
            "Asset '%s' writes %d outputs (%s); Dagster records one materialization for all "
            "of them. Declare each: %s",
            "asset-writes-multiple-outputs",
            "One @asset (not @multi_asset) persists two or more distinct outputs: files, "
            "tables or objects written with different targets.\n\n"
            "Dagster knows one asset key per @asset, so the lineage, materialization history, "
            "freshness and partition status of every other table the body writes are "
            "invisible, and a downstream asset cannot depend on just one of them. Split the "
            "body: @dg.multi_asset(specs=[dg.AssetSpec(\"orders\"), dg.AssetSpec(\"customers\")]) "
            "yielding dg.MaterializeResult(asset_key=\"orders\") and "
            "dg.MaterializeResult(asset_key=\"customers\"), or one asset per output. Writing "
            "one target several times (chunks, a loop, a file and its upload, a log or "
            "marker file beside it) is not reported.",
        ),
    }

    @only_required_for_messages("asset-writes-multiple-outputs")
    def visit_functiondef(self, node: nodes.FunctionDef) -> None:
        definition = self.dagster_model(node).definition(node)
        if definition is None or definition.kind != "asset":
            return
        outputs = distinct_outputs(_writes_in(node))
        if not outputs:
            return
        self.add_message(
            "asset-writes-multiple-outputs",
            node=node,
            args=(
                node.name,
                len(outputs),
                ", ".join(outputs),
                _split_fix(outputs, names.dagster_prefix(node)),
            ),
        )

    visit_asyncfunctiondef = visit_functiondef


def _split_fix(outputs: list[str], prefix: str) -> str:
    """A multi_asset with a spec for each output (the first two), or one asset per output."""
    specs = ", ".join(
        f'{prefix}AssetSpec("{_spec_name(output, index)}")'
        for index, output in enumerate(outputs[:2])
    )
    more = ", ..." if len(outputs) > 2 else ""
    return (
        f"@{prefix}multi_asset(specs=[{specs}{more}]) yielding one "
        f"{prefix}MaterializeResult(asset_key=...) per output, or one @{prefix}asset per output"
    )


def _spec_name(label: str, index: int) -> str:
    name = re.sub(r"\W+", "_", output_identity(label)).strip("_")
    return name or f"output_{index + 1}"


def register(linter: PyLinter) -> None:
    linter.register_checker(BoundariesChecker(linter))
