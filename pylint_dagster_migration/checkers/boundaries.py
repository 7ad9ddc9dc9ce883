"""Scripts need explicit asset boundaries: one asset, one output, work done in the run.

A cron script turned into a single asset usually keeps doing what it did before: it writes
several tables, shells out to the old script, or does its work the moment it is imported.
Dagster then records one materialization for many outputs, nothing about what the script
produced, and runs the import-time work in every process that loads the code location.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names
from pylint_dagster_migration.checkers.base import DagsterChecker, excerpt
from pylint_dagster_migration.model import defines_dagster_objects, is_test_module

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

_SQL_WRITE = re.compile(
    r"\b(?:create\s+(?:or\s+replace\s+)?(?P<temporary>(?:local\s+|global\s+)?temp(?:orary)?\s+)?"
    r"(?:transient\s+)?table\s+(?:if\s+not\s+exists\s+)?"
    r"|insert\s+(?:overwrite\s+(?:table\s+)?|into\s+)|copy\s+into\s+|merge\s+into\s+)"
    r"(?P<table>[\w.\"`\[\]{}]+)",
    re.IGNORECASE,
)
_SQL_DROP = re.compile(r"\bdrop\s+table\s+(?:if\s+exists\s+)?(?P<table>[\w.\"`\[\]{}]+)", re.I)
_LOG_METHODS = frozenset(
    {"info", "debug", "warning", "warn", "error", "exception", "critical", "log", "print"}
)
_FILE_EXTENSIONS = re.compile(
    r"(\.(csv|tsv|txt|parquet|pq|json|jsonl|ndjson|xlsx|xls|feather|arrow|pkl|pickle|avro|"
    r"orc|delta|gz|bz2|zip|snappy|zst))+(?=[\"']|$)",
    re.IGNORECASE,
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


@dataclass(frozen=True)
class Write:
    """One place where an asset body persists something."""

    label: str  # the target as written, shown in the message
    node: nodes.NodeNG  # the writing call, or the SQL string
    inputs: str  # the source text of what is written, to recognise intermediates
    target: nodes.NodeNG | None = None  # the target expression, when not in SQL

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
    text = _literal_text(target)
    return text if text is not None else target.as_string()


def output_identity(text: str) -> str:
    """``orders`` for ``/data/orders.parquet``, ``"s3://b/orders.csv"``, ``analytics.orders``."""
    text = _FILE_EXTENSIONS.sub("", text.strip().lower())
    text = re.split(r"[/\\]", text.rstrip("/\\"))[-1].strip("\"'`[] ")
    if re.fullmatch(r"[\w.\"`\[\]]+", text):
        text = text.rsplit(".", 1)[-1]
    return text.strip("\"'`[] ")


def _argument(call: nodes.Call, keyword: str | None, position: int | None) -> nodes.NodeNG | None:
    value = names.keyword_argument(call, keyword) if keyword else None
    if value is None and position is not None and len(call.args) > position:
        value = call.args[position]
    if isinstance(value, nodes.Starred):
        return None
    return value


def _source_of(call: nodes.Call, target: nodes.NodeNG) -> str:
    return " ".join(
        argument.as_string()
        for argument in [*call.args, *(k.value for k in call.keywords or ())]
        if argument is not target
    )


def _chain_has_attribute(node: nodes.NodeNG, attribute: str) -> bool:
    """Whether ``df.write.mode("x").save`` style chain below ``node`` has ``.attribute``."""
    while isinstance(node, (nodes.Attribute, nodes.Call)):
        if isinstance(node, nodes.Attribute):
            if node.attrname == attribute:
                return True
            node = node.expr
        else:
            node = node.func
    return False


def _call_write(call: nodes.Call) -> Write | None:
    spelled = names.spelled_callee(call)
    if spelled not in WRITE_CALL_NAMES:
        return None
    func = call.func
    target = None
    if spelled == "open":
        if not (names.is_builtin(func, "open") or names.qualified_name(func) == "io.open"):
            return None
        mode = _argument(call, "mode", 1)
        if not (isinstance(mode, nodes.Const) and isinstance(mode.value, str)):
            return None
        if not set(mode.value) & {"w", "a", "x", "+"}:
            return None
        target = _argument(call, "file", 0)
    elif not isinstance(func, nodes.Attribute) and spelled not in PYARROW_DELTA_WRITERS:
        return None
    elif spelled in {"write_text", "write_bytes"}:
        target = func.expr
    elif spelled in FRAME_WRITERS and not _chain_has_attribute(func.expr, "write"):
        target = _argument(call, FRAME_WRITERS[spelled], 0)
    elif spelled in SPARK_WRITERS and _chain_has_attribute(func.expr, "write"):
        target = _argument(call, SPARK_WRITERS[spelled], 0)
    elif spelled in UPLOADS:
        (key, key_position), (source, source_position) = UPLOADS[spelled]
        target = _argument(call, key, key_position)
        written = _argument(call, source, source_position)
        if target is None:
            return None
        return Write(target.as_string(), call, written.as_string() if written else "", target)
    elif spelled == "write_table":
        target = _argument(call, "where", 1)
    elif spelled == "write_deltalake":
        target = _argument(call, "table_or_uri", 0)
    if target is None or (isinstance(target, nodes.Const) and not isinstance(target.value, str)):
        return None
    return Write(target.as_string(), call, _source_of(call, target), target)


def _literal_text(node: nodes.NodeNG) -> str | None:
    """The text of a string literal; an f-string with its fields as ``{expression}``."""
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return node.value
    if isinstance(node, nodes.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, nodes.Const):
                parts.append(str(value.value))
            else:  # a FormattedValue, the only other part of an f-string
                parts.append("{" + value.value.as_string() + "}")
        return "".join(parts)
    return None


def _is_logged_or_documented(node: nodes.NodeNG) -> bool:
    parent = node.parent
    if isinstance(parent, nodes.Expr):
        return True  # a docstring or a bare string
    if isinstance(parent, nodes.Keyword):
        parent = parent.parent
    return isinstance(parent, nodes.Call) and names.spelled_callee(parent) in _LOG_METHODS


def _sql_writes(node: nodes.NodeNG, dropped: set[str]) -> list[Write]:
    text = _literal_text(node)
    if not text or _is_logged_or_documented(node):
        return []
    for match in _SQL_DROP.finditer(text):
        dropped.add(match.group("table").strip("\"`[]").lower())
    writes = []
    for match in _SQL_WRITE.finditer(text):
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


# script-run-in-asset -----------------------------------------------------------------------

SUBPROCESS_FUNCTIONS = frozenset(
    {"subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
     "subprocess.Popen", "os.system", "os.popen"}
)
RUNPY_FUNCTIONS = frozenset({"runpy.run_path", "runpy.run_module"})
SCRIPT_RUN_NAMES = frozenset(
    {name.rsplit(".", 1)[-1] for name in SUBPROCESS_FUNCTIONS | RUNPY_FUNCTIONS} | {"exec"}
)
_PYTHON_EXECUTABLE = re.compile(r"^(?:.*[/\\])?(?:python(?:\d+(?:\.\d+)?)?|py)(?:\.exe)?$")
#: ``python -m <module>`` runs of tools (installers, model downloads, linters), not of a
#: pipeline script.
_TOOL_MODULES = frozenset(
    {"pip", "venv", "ensurepip", "site", "pip._internal", "spacy", "nltk", "nltk.downloader",
     "playwright", "pytest", "unittest", "black", "ruff", "mypy", "uv", "pipx", "build",
     "twine", "http.server", "json.tool", "dbt", "dbt.cli.main", "dagster", "dagster_dbt",
     "alembic", "camelot", "textblob.download_corpora"}
)


def _command_tokens(command: nodes.NodeNG, depth: int = 0) -> list[nodes.NodeNG | str] | None:
    """The leading words of a command, as strings where literal and nodes where not."""
    if isinstance(command, (nodes.List, nodes.Tuple)):
        tokens: list[nodes.NodeNG | str] = []
        for element in command.elts[:3]:
            if isinstance(element, nodes.Const) and isinstance(element.value, str):
                tokens.append(element.value)
            else:
                tokens.append(element)
        return tokens
    text = _literal_text(command)
    if text is None and isinstance(command, nodes.BinOp) and command.op == "+":
        left = _literal_text(command.left)
        text = left + " {...}" if left is not None else None
    if text is not None:
        # The first command of a shell line such as ``cd /app && python etl.py``.
        segment = re.split(r"&&|\|\||;|\|", text)[-1] if "cd " in text else text
        return list(segment.split()[:3])
    if isinstance(command, nodes.Name) and depth == 0:
        _, bindings = command.lookup(command.name)
        if len(bindings) == 1 and isinstance(bindings[0], nodes.AssignName):
            assign = bindings[0].parent
            if isinstance(assign, nodes.Assign) and len(assign.targets) == 1:
                return _command_tokens(assign.value, depth + 1)
    return None


def _python_script(command: nodes.NodeNG) -> str | None:
    """What a command runs, when it runs Python code: the script or module, else None."""
    tokens = _command_tokens(command)
    if not tokens:
        return None
    first, rest = tokens[0], tokens[1:]
    if isinstance(first, str):
        if first.endswith(".py"):
            return first
        if not _PYTHON_EXECUTABLE.match(first):
            return None
    elif not (
        "{sys.executable}" in first.as_string()
        or names.qualified_name(first) == "sys.executable"
    ):
        return None
    if not rest:
        return None
    script = rest[0]
    if isinstance(script, str):
        if script == "-m" and len(rest) > 1:
            module = rest[1]
            if isinstance(module, str) and module in _TOOL_MODULES:
                return None
            return f"-m {module if isinstance(module, str) else module.as_string()}"
        if script.startswith("-"):
            return None
        return script
    return script.as_string()


def _executed_source(call: nodes.Call) -> str | None:
    """For ``exec(open(path).read())`` / ``exec(Path(p).read_text())``: the file it runs."""
    if not call.args or not isinstance(call.args[0], nodes.Call):
        return None
    reader = call.args[0]
    if not isinstance(reader.func, nodes.Attribute):
        return None
    if reader.func.attrname == "read" and isinstance(reader.func.expr, nodes.Call):
        opened = reader.func.expr
        if names.is_builtin(opened.func, "open") and opened.args:
            return _display(opened.args[0])
    if reader.func.attrname == "read_text":
        return _display(reader.func.expr)
    return None


# work-at-import-time -----------------------------------------------------------------------

HTTP_FUNCTIONS = frozenset(
    {f"{client}.{method}" for client in ("requests", "httpx")
     for method in ("get", "post", "put", "patch", "delete", "head", "request", "stream")}
    | {"urllib.request.urlopen", "urllib.request.urlretrieve"}
)
DATABASE_MODULES = frozenset(
    {"psycopg2", "psycopg", "sqlite3", "duckdb", "pymysql", "MySQLdb", "mysql", "snowflake",
     "pyodbc", "cx_Oracle", "oracledb", "redshift_connector", "pymssql", "trino", "databricks",
     "clickhouse_connect", "asyncpg", "pg8000", "teradatasql", "vertica_python", "ibis"}
)
DATA_READER_MODULES = ("pandas.read_", "polars.read_", "pyarrow.parquet.read_", "pyarrow.csv.read_")
#: Object-store and warehouse client methods that move data over the network.
CLOUD_METHODS = frozenset(
    {"download_file", "download_fileobj", "upload_file", "upload_fileobj", "put_object",
     "get_object", "list_objects", "list_objects_v2", "list_buckets", "head_object",
     "copy_object", "delete_object", "list_blobs", "download_to_filename", "download_as_bytes",
     "download_as_text", "download_as_string", "upload_from_filename", "upload_from_string",
     "upload_from_file", "download_blob", "upload_blob"}
)
SPARK_READERS = frozenset({"load", "csv", "parquet", "json", "table", "orc", "text", "jdbc"})
#: Extensions of files that hold data rather than configuration.
DATA_FILE_EXTENSIONS = re.compile(
    r"\.(csv|tsv|parquet|pq|jsonl|ndjson|xlsx|xls|feather|arrow|pkl|pickle|avro|orc|db|"
    r"sqlite|sqlite3|duckdb|h5|hdf5|npy|npz|gz|zip)[\"']?$",
    re.IGNORECASE,
)
IMPORT_TIME_NAMES = frozenset(
    {"connect", "execute", "executemany", "sql", "query", "urlopen", "urlretrieve", "open",
     "makedirs", "mkdir", "get", "post", "put", "patch", "delete", "head", "request", "stream",
     *SPARK_READERS, *CLOUD_METHODS}
)


def _is_main_guard(test: nodes.NodeNG) -> bool:
    return (
        isinstance(test, nodes.Compare)
        and isinstance(test.left, nodes.Name)
        and test.left.name == "__name__"
    )


def runs_at_import(node: nodes.NodeNG) -> bool:
    """Whether ``node`` runs when its module is imported: not in a function, a class body,
    a lambda or an ``if __name__ == "__main__":`` block."""
    scope = node.scope()
    while isinstance(scope, (nodes.ListComp, nodes.SetComp, nodes.DictComp, nodes.GeneratorExp)):
        scope = scope.parent.scope()
    if not isinstance(scope, nodes.Module):
        return False
    child, parent = node, node.parent
    while parent is not None and not isinstance(parent, nodes.Module):
        if isinstance(parent, nodes.If) and child in parent.body and _is_main_guard(parent.test):
            return False
        child, parent = parent, parent.parent
    return True


def _import_time_work(call: nodes.Call, spelled: str) -> str | None:
    """The kind of I/O a module-level call does (a key of ``IMPORT_TIME_WORK``), or None."""
    func = call.func
    qualified = names.qualified_name(func) or ""
    if qualified in HTTP_FUNCTIONS:
        return "http"
    if spelled == "connect" and qualified.split(".", 1)[0] in DATABASE_MODULES:
        return "connection"
    if qualified.startswith(DATA_READER_MODULES) or (
        qualified.startswith("duckdb.") and spelled in {"sql", "query", "execute"}
    ):
        return "read"
    if qualified in {"os.makedirs", "os.mkdir"}:
        return "directory"
    if spelled == "open" and names.is_builtin(func, "open"):
        return _data_file_opened(call)
    if not isinstance(func, nodes.Attribute) or names.dagster_name(func):
        return None
    if spelled in {"execute", "executemany"}:
        return "query"
    if spelled == "mkdir" and not qualified:
        return "directory"
    if spelled in SPARK_READERS and _chain_has_attribute(func.expr, "read"):
        return "read"
    if spelled in CLOUD_METHODS and not qualified:
        return "cloud"
    if spelled == "connect" and _bound_to_engine(func.expr):
        return "connection"
    return None


def _bound_to_engine(receiver: nodes.NodeNG) -> bool:
    """``engine`` after ``engine = create_engine(...)``, or ``create_engine(...)`` itself."""
    if isinstance(receiver, nodes.Name):
        receiver = names.assigned_value(receiver)
    return (names.call_qualified_name(receiver) or "").endswith("create_engine")


def _data_file_opened(call: nodes.Call) -> str | None:
    mode = _argument(call, "mode", 1)
    if isinstance(mode, nodes.Const) and isinstance(mode.value, str):
        if set(mode.value) & {"w", "a", "x", "+"}:
            return "file write"
    elif mode is not None:
        return None
    path = _argument(call, "file", 0)
    if path is not None and DATA_FILE_EXTENSIONS.search(path.as_string().rstrip(")")):
        return "file read"
    return None


#: What each kind of import-time work does, and where it belongs instead (``{dg}``: the
#: module's prefix for Dagster names).
IMPORT_TIME_WORK = {
    "http": (
        "makes an HTTP request",
        "Make the request inside the asset (or sensor) that needs the response",
    ),
    "connection": (
        "opens a database connection",
        "Connect inside the asset, through a {dg}ConfigurableResource that connects when a "
        "run uses it",
    ),
    "query": ("queries a database", "Run the query inside the asset that needs its result"),
    "read": ("reads data", "Read it inside an asset, or make it an upstream asset"),
    "file read": ("reads a data file", "Read it inside an asset, or make it an upstream asset"),
    "file write": ("writes a file", "Write it inside the asset that produces it"),
    "directory": ("creates a directory", "Create it inside the asset that writes into it"),
    "cloud": (
        "calls cloud storage",
        "Call the client inside the asset, through a {dg}ConfigurableResource",
    ),
}


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
        "W7341": (
            "%s runs the Python %s inside %s '%s' as a black box: %s. Run it with Dagster "
            "Pipes: a %sPipesSubprocessClient resource, "
            "pipes_subprocess_client.run(command=[...], context=context)"
            ".get_materialize_result(), and open_dagster_pipes() in the script to report logs "
            "and metadata",
            "script-run-in-asset",
            "An asset or op body runs a Python script as a subprocess (python/sys.executable "
            "or a *.py path given to subprocess or os.system), with runpy, or with "
            "exec(open(...).read()).\n\n"
            "Dagster records nothing of what the script did: no logs in the run view (unless "
            "it prints), no metadata, no asset checks, and a failure is one exit code. Dagster "
            "Pipes keeps the script as it is and makes it report: declare "
            "pipes_subprocess_client: dg.PipesSubprocessClient as a resource, return "
            "pipes_subprocess_client.run(command=[sys.executable, \"etl.py\"], "
            "context=context).get_materialize_result(), and in the script use "
            "`with open_dagster_pipes() as pipes: pipes.report_asset_materialization("
            "metadata={...})`. Non-Python commands (dbt, bash tools) and "
            "PipesSubprocessClient itself are not reported.",
        ),
        "W7342": (
            "%s %s whenever the module is imported, and Dagster imports it at every "
            "code-server start and in every run worker. %s",
            "work-at-import-time",
            "A module-level statement of a Dagster module does I/O when the code location "
            "loads: a database connection or query, a data read (pandas, polars, Spark), an "
            "HTTP request, an object-store call, opening a data file, or os.makedirs.\n\n"
            "Dagster imports the module whenever the code location starts, reloads, or "
            "launches a run worker, so the work runs many times, slows or breaks loading "
            "when the source is down, and its result is frozen at load time instead of "
            "being part of a run. Do it inside an asset (its result becomes an upstream "
            "asset) or through a dg.ConfigurableResource. Constructing resources with "
            "dg.EnvVar, partitions definitions, Definitions, loggers, constants, engines "
            "(create_engine connects lazily) and reading a configuration file (.yaml, .json, "
            ".toml, .sql...) are not reported, nor anything under "
            "`if __name__ == \"__main__\":` or in test modules.",
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

    @only_required_for_messages("script-run-in-asset", "work-at-import-time")
    def visit_call(self, node: nodes.Call) -> None:
        spelled = names.spelled_callee(node)
        if spelled in SCRIPT_RUN_NAMES:
            self._check_script_run(node, spelled)
        if spelled in IMPORT_TIME_NAMES or (spelled or "").startswith("read_"):
            self._check_import_time_work(node, spelled)

    def _check_script_run(self, call: nodes.Call, spelled: str) -> None:
        model = self.dagster_model(call)
        definition = model.enclosing_definition(call)
        if definition is None or not definition.is_compute:
            return
        if spelled == "exec":
            if not names.is_builtin(call.func, "exec"):
                return
            source = _executed_source(call)
            if source is None:
                return
            what, runner = f"script '{source}'", "exec()"
        else:
            qualified = names.qualified_name(call.func)
            if qualified in RUNPY_FUNCTIONS:
                target = _argument(call, "path_name" if spelled == "run_path" else "mod_name", 0)
                kind = "script" if spelled == "run_path" else "module"
                what = f"{kind} '{_display(target)}'" if target is not None else kind
            elif qualified in SUBPROCESS_FUNCTIONS:
                keyword = "args" if qualified.startswith("subprocess") else "cmd"
                command = _argument(call, keyword, 0)
                script = _python_script(command) if command is not None else None
                if script is None:
                    return
                if script.startswith("-m "):
                    what = f"module '{script[3:]}'"
                else:
                    what = f"script '{script}'"
            else:
                return
            runner = f"{qualified}()"
        seen = (
            "Dagster sees only its exit code"
            if runner.startswith(("subprocess.", "os."))
            else "Dagster sees only whether it raised"
        )
        self.add_message(
            "script-run-in-asset",
            node=call,
            args=(
                runner,
                what,
                definition.decorator_label,
                definition.name,
                seen,
                names.dagster_prefix(call),
            ),
        )

    def _check_import_time_work(self, call: nodes.Call, spelled: str) -> None:
        if not runs_at_import(call):
            return
        model = self.dagster_model(call)
        if is_test_module(model.module) or not defines_dagster_objects(model):
            return
        work = _import_time_work(call, spelled)
        if work is None:
            return
        does, fix = IMPORT_TIME_WORK[work]
        self.add_message(
            "work-at-import-time",
            node=call,
            args=(
                excerpt(call.func.as_string() + "()", _TEXT_LIMIT, fold_whitespace=True),
                does,
                fix.format(dg=names.dagster_prefix(call)),
            ),
        )


def _display(node: nodes.NodeNG) -> str:
    text = _literal_text(node)
    return excerpt(text if text is not None else node, _TEXT_LIMIT, fold_whitespace=True)


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
