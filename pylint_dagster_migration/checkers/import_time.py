"""Work done when a module is imported: the top half of a cron script kept at module level.

Dagster imports every module of a code location whenever the location starts, reloads or
launches a run worker. A connection opened, a query run, a file read or a request made by a
module-level statement then runs in each of those processes, slows or breaks loading when the
source is down, and freezes its result at load time instead of making it part of a run.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names
from pylint_dagster_migration.checkers.base import DagsterChecker, excerpt
from pylint_dagster_migration.expressions import call_argument, chain_has_attribute
from pylint_dagster_migration.model import defines_dagster_objects, is_test_module

if TYPE_CHECKING:
    from pylint.lint import PyLinter

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
#: Extensions of files that hold data rather than configuration (a pattern, compiled on first
#: use through ``re``'s cache rather than when pylint loads the plugin).
DATA_FILE_EXTENSIONS = (
    r"(?i)\.(csv|tsv|parquet|pq|jsonl|ndjson|xlsx|xls|feather|arrow|pkl|pickle|avro|orc|db|"
    r"sqlite|sqlite3|duckdb|h5|hdf5|npy|npz|gz|zip)[\"']?$"
)
#: Clients that connect when they are constructed, by package and class (or function) name,
#: each with the kind of connection and, for those that connect only when given a host, the
#: host parameter (keyword, position): ``ftplib.FTP()`` does not connect, ``FTP(host)`` does.
#: kafka-python clients connect (and without ``api_version`` block up to 30 s probing the
#: broker); confluent_kafka's start connecting in background threads as soon as they exist.
CONNECTING_CONSTRUCTORS: dict[tuple[str, str], tuple[str, tuple[str, int] | None]] = {
    ("kafka", "KafkaConsumer"): ("kafka", None),
    ("kafka", "KafkaProducer"): ("kafka", None),
    ("kafka", "KafkaAdminClient"): ("kafka", None),
    ("confluent_kafka", "Consumer"): ("kafka", None),
    ("confluent_kafka", "Producer"): ("kafka", None),
    ("confluent_kafka", "DeserializingConsumer"): ("kafka", None),
    ("confluent_kafka", "SerializingProducer"): ("kafka", None),
    ("confluent_kafka", "AdminClient"): ("kafka", None),
    ("pika", "BlockingConnection"): ("amqp", None),
    ("ftplib", "FTP"): ("ftp", ("host", 0)),
    ("ftplib", "FTP_TLS"): ("ftp", ("host", 0)),
    ("smtplib", "SMTP"): ("mail", ("host", 0)),
    ("smtplib", "SMTP_SSL"): ("mail", ("host", 0)),
    ("smtplib", "LMTP"): ("mail", ("host", 0)),
    ("poplib", "POP3"): ("mail", None),
    ("poplib", "POP3_SSL"): ("mail", None),
    ("imaplib", "IMAP4"): ("mail", None),
    ("imaplib", "IMAP4_SSL"): ("mail", None),
    ("socket", "create_connection"): ("socket", None),
}
IMPORT_TIME_NAMES = frozenset(
    {"connect", "execute", "executemany", "sql", "query", "urlopen", "urlretrieve", "open",
     "makedirs", "mkdir", "get", "post", "put", "patch", "delete", "head", "request", "stream",
     *SPARK_READERS, *CLOUD_METHODS, *(name for _, name in CONNECTING_CONSTRUCTORS)}
)
_CONNECT_IN_RUN = (
    "Connect inside the asset or sensor that uses it, through a {dg}ConfigurableResource "
    "that connects when a run uses it"
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
    connecting = _connecting_constructor(call, qualified)
    if connecting is not None:
        return connecting
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
    if spelled in SPARK_READERS and chain_has_attribute(func.expr, "read"):
        return "read"
    if spelled in CLOUD_METHODS and not qualified:
        return "cloud"
    if spelled == "connect" and _bound_to_engine(func.expr):
        return "connection"
    return None


def _connecting_constructor(call: nodes.Call, qualified: str) -> str | None:
    """The kind of connection a client of ``CONNECTING_CONSTRUCTORS`` opens when constructed,
    imported from its package or any submodule of it; None when it opens none (no host)."""
    package, _, rest = qualified.partition(".")
    found = CONNECTING_CONSTRUCTORS.get((package, rest.rsplit(".", 1)[-1])) if rest else None
    if found is None:
        return None
    kind, host_parameter = found
    if host_parameter is not None:
        if any(keyword.arg is None for keyword in call.keywords or ()):
            return None  # ``FTP(**settings)``: the host may or may not be there
        host = call_argument(call, *host_parameter)
        if host is None or (isinstance(host, nodes.Const) and not host.value):
            return None
    return kind


def _bound_to_engine(receiver: nodes.NodeNG) -> bool:
    """``engine`` after ``engine = create_engine(...)``, or ``create_engine(...)`` itself."""
    if isinstance(receiver, nodes.Name):
        receiver = names.assigned_value(receiver)
    return (names.call_qualified_name(receiver) or "").endswith("create_engine")


def _data_file_opened(call: nodes.Call) -> str | None:
    mode = call_argument(call, "mode", 1)
    if isinstance(mode, nodes.Const) and isinstance(mode.value, str):
        if set(mode.value) & {"w", "a", "x", "+"}:
            return "file write"
    elif mode is not None:
        return None
    path = call_argument(call, "file", 0)
    if path is not None and re.search(DATA_FILE_EXTENSIONS, path.as_string().rstrip(")")):
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
    "kafka": ("connects to the Kafka brokers", _CONNECT_IN_RUN),
    "amqp": ("connects to the message broker", _CONNECT_IN_RUN),
    "ftp": ("connects to the FTP server", _CONNECT_IN_RUN),
    "mail": ("connects to the mail server", _CONNECT_IN_RUN),
    "socket": ("opens a network connection", _CONNECT_IN_RUN),
}


class ImportTimeWorkChecker(DagsterChecker):
    """Finds module-level statements of Dagster modules that do I/O when imported."""

    msgs = {
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
            "asset) or through a dg.ConfigurableResource. Clients that connect when built "
            "count as connections: Kafka consumers, producers and admin clients (kafka-python, "
            "confluent_kafka), pika.BlockingConnection, ftplib.FTP and smtplib.SMTP given a "
            "host, poplib, imaplib, socket.create_connection. Constructing resources with "
            "dg.EnvVar, partitions definitions, Definitions, loggers, constants, lazy clients "
            "(create_engine, boto3.client, requests.Session, http.client.HTTPConnection, "
            "ftplib.FTP() without a host) and reading a configuration file (.yaml, .json, "
            ".toml, .sql...) are not reported, nor anything under "
            "`if __name__ == \"__main__\":` or in test modules.",
        ),
    }

    @only_required_for_messages("work-at-import-time")
    def visit_call(self, node: nodes.Call) -> None:
        spelled = names.spelled_callee(node)
        if spelled is None or not (
            spelled in IMPORT_TIME_NAMES or spelled.startswith("read_")
        ):
            return
        if not runs_at_import(node):
            return
        model = self.dagster_model(node)
        if is_test_module(model.module) or not defines_dagster_objects(model):
            return
        work = _import_time_work(node, spelled)
        if work is None:
            return
        does, fix = IMPORT_TIME_WORK[work]
        self.add_message(
            "work-at-import-time",
            node=node,
            args=(
                excerpt(node.func.as_string() + "()", _TEXT_LIMIT, fold_whitespace=True),
                does,
                fix.format(dg=names.dagster_prefix(node)),
            ),
        )


#: How much of a call a message quotes.
_TEXT_LIMIT = 48


def register(linter: PyLinter) -> None:
    linter.register_checker(ImportTimeWorkChecker(linter))

