"""Connections and secrets become resources: lookups in the old orchestrator's stores.

Ported code keeps calling Airflow's ``Variable.get`` and ``BaseHook.get_connection`` or
Prefect's ``Secret.load``; under Dagster those stores are gone (or, while both run side by
side, read from the wrong system). Credentials become fields of a ``dg.ConfigurableResource``
set with ``dg.EnvVar``; plain settings become run configuration (``dg.Config``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names
from pylint_dagster_migration.checkers.base import DagsterChecker

if TYPE_CHECKING:
    from pylint.lint import PyLinter

#: Methods whose calls may be a lookup: the cheap filter before resolving any import.
LOOKUP_METHODS = frozenset(
    {"get", "set", "setdefault", "get_connection", "get_connection_from_secrets", "load", "aload"}
)
_CONN_ID_KEYWORD = r"(?:\w+_)?conn_id"  # matched through re's cache: compiled on first use
#: Prefect's blocks that hold a plain value rather than a credential or a client.
PREFECT_VALUE_BLOCKS = frozenset({"String", "JSON", "DateTime"})

# The fixes: ``{dg}`` is the module's prefix for Dagster names (``names.dagster_prefix``),
# ``{variable}`` the environment variable the looked-up name suggests.
_RUN_CONFIG_FIX = (
    "Read a plain setting from run configuration (a {dg}Config subclass taken as the 'config' "
    "parameter); read a secret from a {dg}ConfigurableResource field set with "
    '{dg}EnvVar("{variable}") in Definitions(resources=...)'
)
_STATE_FIX = (
    "Keep what later runs need in an asset (its stored value or metadata) or, for a sensor, "
    "in its cursor"
)
_CONNECTION_FIX = (
    "Define a {dg}ConfigurableResource with the connection's fields (host, user, password...) "
    'set with {dg}EnvVar("{variable}_PASSWORD") and the like in Definitions(resources=...), and '
    "take it as an annotated parameter of the asset (dagster-<integration> libraries ship "
    "many, e.g. dagster_snowflake.SnowflakeResource)"
)
_SECRET_FIX = (
    'Make it a field of a {dg}ConfigurableResource set with {dg}EnvVar("{variable}") in '
    "Definitions(resources=...)"
)
_BLOCK_FIX = (
    "Replace the block with a {dg}ConfigurableResource (dagster-<integration> libraries ship "
    "many, e.g. dagster_aws.s3.S3Resource) whose secret fields are set with "
    '{dg}EnvVar("{variable}") in Definitions(resources=...)'
)


class OrchestratorSecretLookupChecker(DagsterChecker):
    """Finds Airflow and Prefect variable, connection and block lookups in Dagster code."""

    msgs = {
        "W7311": (
            "'%s' %s %s, which a Dagster deployment does not have. %s",
            "orchestrator-secret-lookup",
            "A Dagster module reads or writes the old orchestrator's store of settings and "
            "credentials: Airflow Variable.get/set, BaseHook.get_connection, "
            "Connection.get_connection_from_secrets, an Airflow hook built from a *_conn_id "
            "inside an asset or op, Prefect Secret/String/JSON.load or any Prefect block's "
            ".load(...).\n\n"
            "Those stores live in Airflow's metadata database (or secrets backend) and in "
            "Prefect's server. Under Dagster the call fails, or keeps the retired system "
            "running just to serve configuration. Credentials become fields of a "
            "dg.ConfigurableResource set per environment with dg.EnvVar(\"NAME\") in "
            "Definitions(resources=...); plain settings become run configuration (a "
            "dg.Config subclass); state kept between runs becomes an asset or a sensor "
            "cursor.",
        ),
    }

    @only_required_for_messages("orchestrator-secret-lookup")
    def visit_call(self, node: nodes.Call) -> None:
        func = node.func
        if isinstance(func, nodes.Attribute) and func.attrname in LOOKUP_METHODS:
            found = _store_lookup(func)
        elif any(keyword.arg and re.fullmatch(_CONN_ID_KEYWORD, keyword.arg) for keyword in node.keywords or ()):
            found = self._hook_from_connection_id(node)
        else:
            return
        # The Airflow side of a dagster-airlift migration still runs in Airflow, where
        # Variables and Connections are right.
        if found is None or self.dagster_model(node).imports("dagster_airlift.in_airflow"):
            return
        verb, store, fix = found
        self.add_message(
            "orchestrator-secret-lookup",
            node=node,
            args=(
                _call_text(node),
                verb,
                store,
                fix.format(variable=_variable(node), dg=names.dagster_prefix(node)),
            ),
        )

    def _hook_from_connection_id(self, call: nodes.Call) -> tuple[str, str, str] | None:
        """``PostgresHook(postgres_conn_id="warehouse")`` inside an asset or op."""
        qualified = names.call_qualified_name(call)
        if not qualified or qualified.split(".", 1)[0] != "airflow":
            return None
        # airflow-sensor-operator reports a sensor: replacing it removes the lookup too.
        if names.airflow_sensor_class(call) is not None:
            return None
        if self.dagster_model(call).enclosing_definition(call) is None:
            return None
        return ("reads", "an Airflow Connection", _CONNECTION_FIX)


def _store_lookup(func: nodes.Attribute) -> tuple[str, str, str] | None:
    """(verb, store, fix) for a call to a lookup of Airflow's or Prefect's stores, or None."""
    receiver = names.qualified_name(func.expr)
    if not receiver:
        return _local_prefect_block_load(func)
    package = receiver.split(".", 1)[0]
    class_name = receiver.rsplit(".", 1)[-1]
    method = func.attrname
    if package == "airflow":
        if class_name == "Variable":
            if method == "get":
                return ("reads", "an Airflow Variable", _RUN_CONFIG_FIX)
            if method in {"set", "setdefault"}:
                return ("writes", "an Airflow Variable", _STATE_FIX)
        if method == "get_connection" or (
            class_name == "Connection" and method in {"get_connection_from_secrets", "get"}
        ):
            return ("reads", "an Airflow Connection", _CONNECTION_FIX)
        return None
    if package == "prefect" or package.startswith("prefect_"):
        if class_name == "Variable" or receiver == "prefect.variables":
            if method == "get":
                return ("reads", "a Prefect Variable", _RUN_CONFIG_FIX)
            if method == "set":
                return ("writes", "a Prefect Variable", _STATE_FIX)
            return None
        if method in {"load", "aload"} and class_name[:1].isupper():
            return _prefect_block_load(class_name)
    return None


def _prefect_block_load(class_name: str) -> tuple[str, str, str]:
    if class_name == "Secret":
        return ("reads", "a Prefect Secret block", _SECRET_FIX)
    if class_name in PREFECT_VALUE_BLOCKS:
        return ("reads", f"a Prefect {class_name} block", _RUN_CONFIG_FIX)
    return ("reads", f"a Prefect {class_name} block", _BLOCK_FIX)


def _local_prefect_block_load(func: nodes.Attribute) -> tuple[str, str, str] | None:
    """``MyBlock.load("name")`` for a class of the module that derives from a Prefect block."""
    if func.attrname not in {"load", "aload"} or not isinstance(func.expr, nodes.Name):
        return None
    _, bindings = func.expr.lookup(func.expr.name)
    if bindings and _derives_from_prefect(bindings[-1]):
        return _prefect_block_load(func.expr.name)
    return None


def _derives_from_prefect(klass: nodes.NodeNG, depth: int = 0) -> bool:
    if not isinstance(klass, nodes.ClassDef) or depth > 8:
        return False
    for base in klass.bases:
        qualified = names.qualified_name(base)
        if qualified:
            if qualified.split(".", 1)[0].startswith("prefect"):
                return True
        elif isinstance(base, nodes.Name):
            _, bindings = base.lookup(base.name)
            if bindings and _derives_from_prefect(bindings[-1], depth + 1):
                return True
    return False


_TEXT_LIMIT = 40


def _call_text(call: nodes.Call) -> str:
    """``Variable.get("s3_bucket")``: the callee and its first literal argument, never the
    other arguments (a default may be a secret)."""
    callee = call.func.as_string()
    first = _first_argument(call)
    if isinstance(first, nodes.Const) and isinstance(first.value, str) and len(first.value) <= _TEXT_LIMIT:
        keyword = next((k.arg for k in call.keywords or () if k.value is first), None)
        shown = f'{keyword}="{first.value}"' if keyword else f'"{first.value}"'
    else:
        shown = "..." if call.args or call.keywords else ""
    more = ", ..." if len(call.args) + len(call.keywords or ()) > 1 else ""
    return f"{callee}({shown}{more})"


def _first_argument(call: nodes.Call) -> nodes.NodeNG | None:
    if call.args:
        return call.args[0]
    for keyword in call.keywords or ():
        if keyword.arg and (re.fullmatch(_CONN_ID_KEYWORD, keyword.arg) or keyword.arg in {"key", "name", "conn_id"}):
            return keyword.value
    return None


def _variable(call: nodes.Call) -> str:
    """The environment variable a replacement might read, from the looked-up name."""
    first = _first_argument(call)
    if isinstance(first, nodes.Const) and isinstance(first.value, str):
        variable = re.sub(r"[^A-Za-z0-9]+", "_", first.value).strip("_").upper()
        if variable:
            return variable
    return "NAME"


def register(linter: PyLinter) -> None:
    linter.register_checker(OrchestratorSecretLookupChecker(linter))
