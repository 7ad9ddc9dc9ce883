"""ins= keys that name no parameter of the decorated function: the module fails to import.

Each key of ``ins={...}`` (``additional_ins`` on ``@asset_check``) names the parameter that
receives the input. Dagster checks the keys against the function's parameters when the
decorator runs and raises ``DagsterInvalidDefinitionError`` for a key that names none. A
function with ``**kwargs`` receives every input there, and an input of type ``Nothing`` passes
no value, so both are exempt where Dagster exempts them. The typical source is an attempt to
port Airflow's ``depends_on_past`` as an input on the asset's own key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names
from pylint_dagster_migration.checkers.base import DagsterChecker
from pylint_dagster_migration.model import Definition, key_argument, literal_asset_key

if TYPE_CHECKING:
    from pylint.lint import PyLinter

SYMBOL = "ins-key-without-parameter"


# A plain class, not a dataclass: defining a dataclass costs every pylint run a millisecond.
class InsRule:
    """How one kind of definition maps its inputs to parameters (verified on Dagster 1.13)."""

    __slots__ = ("keyword", "kwargs_receive_inputs", "nothing_needs_no_parameter", "ordering_only")

    def __init__(
        self,
        keyword: str,
        kwargs_receive_inputs: bool,
        nothing_needs_no_parameter: bool,
        ordering_only: str,
    ) -> None:
        self.keyword = keyword
        #: ``**kwargs`` receives the inputs no parameter names.
        self.kwargs_receive_inputs = kwargs_receive_inputs
        #: An input of type ``Nothing`` needs no parameter.
        self.nothing_needs_no_parameter = nothing_needs_no_parameter
        #: What to do instead when the function does not need the value; ``{p}`` is the
        #: prefix.
        self.ordering_only = ordering_only


_DEPS = "or, if the body does not need its value, drop the key and declare deps=[{upstream}]"
_NOTHING = (
    "or, if the body does not need its value, make it {p}AssetIn(..., dagster_type={p}Nothing)"
)
RULES = {
    "asset": InsRule("ins", True, True, _DEPS),
    "multi_asset": InsRule("ins", True, True, _DEPS),
    "multi_asset_check": InsRule("ins", True, True, _NOTHING),
    "op": InsRule("ins", True, True, "or, if it only orders the op, make it {p}In({p}Nothing)"),
    # A graph passes each input on to an op by its parameter: none is exempt.
    "graph": InsRule("ins", False, False, "and pass it on to the op that needs it"),
    "graph_asset": InsRule("ins", False, False, "and pass it on to the op that needs it"),
    "graph_multi_asset": InsRule("ins", False, False, "and pass it on to the op that needs it"),
    "asset_check": InsRule(
        "additional_ins", False, False, "or, if the check does not need its value, declare "
        "additional_deps=[{upstream}]"
    ),
}

#: The classes of ins values, each with the position of ``dagster_type`` among its arguments.
_DAGSTER_TYPE_POSITIONS = {"AssetIn": 5, "In": 0}
#: Python types given as dagster_type: surely not ``Nothing``.
_BUILTIN_TYPES = ("str", "int", "float", "bool", "dict", "list", "bytes")
_SELF_DEPENDENCY_FIX = (
    "To depend on the asset's own previous partition (Airflow's depends_on_past), drop the key "
    "and declare deps=[{p}AssetDep(\"{key}\", partition_mapping={p}TimeWindowPartitionMapping("
    "start_offset=-1, end_offset=-1))] on the time-partitioned asset"
)


class InsKeyChecker(DagsterChecker):
    """Finds ins= keys that name no parameter of the decorated function."""

    msgs = {
        "E7366": (
            "%s key '%s' of %s names no parameter of '%s', so importing the module raises "
            "DagsterInvalidDefinitionError. %s",
            SYMBOL,
            "A key of ins= on @asset, @multi_asset, @multi_asset_check, @op, @graph, "
            "@graph_asset or @graph_multi_asset (or of additional_ins= on @asset_check) names "
            "no parameter of the decorated function.\n\n"
            "The key is the name of the parameter that receives the input. Dagster checks the "
            "keys when the decorator runs and raises 'Key ... in provided ins dict does not "
            "correspond to any of the names of the arguments to the decorated function' (or "
            "its op, graph and asset check variants), so the module fails to import. Where "
            "Dagster allows it, a function with **kwargs receives the inputs no parameter "
            "names, and an input of type Nothing needs no parameter; those are left alone. "
            "Add the parameter, correct the key, or declare an ordering-only dependency "
            "instead. A port of Airflow's depends_on_past often lands here as an input on "
            "the asset's own key: the asset's previous partition is "
            "deps=[dg.AssetDep(\"<own key>\", partition_mapping="
            "dg.TimeWindowPartitionMapping(start_offset=-1, end_offset=-1))] on a "
            "time-partitioned asset.",
        ),
    }

    @only_required_for_messages(SYMBOL)
    def visit_functiondef(self, node: nodes.FunctionDef) -> None:
        definition = self.dagster_model(node).definition(node)
        rule = RULES.get(definition.kind) if definition else None
        if rule is None:
            return
        entries = _literal_entries(definition.keyword(rule.keyword))
        if not entries:
            return
        if node.args.kwarg and rule.kwargs_receive_inputs:
            return
        for name, anchor, value in entries:
            if name in definition.parameter_names:
                continue
            if rule.nothing_needs_no_parameter and _may_be_nothing(value):
                continue
            self.add_message(
                SYMBOL,
                node=anchor,
                args=(
                    rule.keyword,
                    name,
                    _label(definition),
                    node.name,
                    _fix(definition, rule, name, value),
                ),
            )

    visit_asyncfunctiondef = visit_functiondef


def _literal_entries(ins: nodes.NodeNG | None) -> list[tuple[str, nodes.NodeNG, nodes.NodeNG]]:
    """The entries of ``ins={...}`` or ``ins=dict(name=...)`` whose key is a literal string:
    (key, the node that spells it, the value). Computed keys are left out."""
    if isinstance(ins, nodes.Dict):
        return [
            (key.value, key, value)
            for key, value in ins.items
            if isinstance(key, nodes.Const) and isinstance(key.value, str)
        ]
    if isinstance(ins, nodes.Call) and names.is_builtin(ins.func, "dict") and not ins.args:
        return [(k.arg, k, k.value) for k in ins.keywords or () if k.arg]
    return []


def _may_be_nothing(value: nodes.NodeNG) -> bool:
    """Whether an ins value may have the ``Nothing`` type: its ``dagster_type`` is
    ``Nothing`` or not readable, or it is not an ``AssetIn``/``In`` call the linter can read."""
    if not isinstance(value, nodes.Call) or any(
        keyword.arg is None for keyword in value.keywords or ()
    ):
        return True
    position = _DAGSTER_TYPE_POSITIONS.get(names.call_dagster_name(value) or "")
    if position is None:
        return True
    dagster_type = names.keyword_argument(value, "dagster_type")
    if dagster_type is None and len(value.args) > position:
        dagster_type = value.args[position]
    if dagster_type is None or _is_none(dagster_type):
        return False
    return not any(names.is_builtin(dagster_type, builtin) for builtin in _BUILTIN_TYPES)


def _fix(definition: Definition, rule: InsRule, key: str, value: nodes.NodeNG) -> str:
    prefix = names.dagster_prefix(definition.decorator)
    own_key = _self_dependency(definition, key, value)
    if own_key is not None:
        return _SELF_DEPENDENCY_FIX.format(p=prefix, key=own_key)
    import difflib  # pylint: disable=import-outside-toplevel  # only when reporting
    close = difflib.get_close_matches(key, sorted(definition.parameter_names), n=1, cutoff=0.8)
    if close:
        return f"Correct the key to '{close[0]}', the parameter it should fill"
    alternative = rule.ordering_only.format(p=prefix, upstream=_upstream_text(key, value, prefix))
    return f"Add a parameter '{key}' to receive it, {alternative}"


def _upstream_text(key: str, value: nodes.NodeNG, prefix: str) -> str:
    """The upstream an ins value loads, written as a deps entry: ``"orders"`` or
    ``dg.AssetKey(["crm", "customers"])``; ``...`` when it is computed."""
    path = _loaded_key(key, value)
    if path is None:
        return "..."
    quoted = [f'"{segment}"' for segment in path]
    return quoted[0] if len(quoted) == 1 else f"{prefix}AssetKey([{', '.join(quoted)}])"


def _loaded_key(key: str, value: nodes.NodeNG) -> tuple[str, ...] | None:
    """The asset key an ``AssetIn`` loads: its key, else its key prefix and the input's name,
    else the input's name; None when it is computed."""
    if not isinstance(value, nodes.Call) or names.call_dagster_name(value) != "AssetIn":
        return None
    spelled = key_argument(value)
    if spelled is not None and not _is_none(spelled):
        return literal_asset_key(spelled)
    key_prefix = names.keyword_argument(value, "key_prefix")
    if key_prefix is None and len(value.args) > 2:
        key_prefix = value.args[2]
    if key_prefix is None or _is_none(key_prefix):
        return (key,)
    prefix_path = literal_asset_key(key_prefix)
    return (*prefix_path, key) if prefix_path is not None else None


def _self_dependency(definition: Definition, key: str, value: nodes.NodeNG) -> str | None:
    """The asset's own key (its last segment) when the input loads an earlier partition of the
    asset itself: the key is its own, and it is partitioned or maps partitions."""
    if definition.kind not in {"asset", "multi_asset"}:
        return None
    if definition.keyword("partitions_def") is None and (
        not isinstance(value, nodes.Call)
        or names.keyword_argument(value, "partition_mapping") is None
    ):
        return None
    loaded = _loaded_key(key, value)
    if loaded is None or loaded[-1] not in definition.asset_keys:
        return None
    return loaded[-1]


def _is_none(node: nodes.NodeNG) -> bool:
    return isinstance(node, nodes.Const) and node.value is None


def _label(definition: Definition) -> str:
    """``@dg.asset 'orders'``, as the module spells the decorator."""
    decorator = definition.decorator
    spelled = decorator.func if isinstance(decorator, nodes.Call) else decorator
    return f"@{spelled.as_string()} '{definition.name}'"


def register(linter: PyLinter) -> None:
    linter.register_checker(InsKeyChecker(linter))
