"""Airflow's dependency operators on Dagster definitions: ``>>``, ``chain()``, ``set_downstream``.

Airflow wires tasks from the outside (``extract >> load``); Dagster reads a dependency from the
downstream definition itself (``deps=[extract]`` or a parameter named ``extract``), and its
assets and ops define none of Airflow's operators, so the ported line fails at import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names
from pylint_dagster_migration.checkers.base import DagsterChecker, excerpt
from pylint_dagster_migration.edits import (
    Edit,
    Fix,
    FixSafety,
    end_of,
    insert_after,
    insert_before,
    remove_statement,
    replace,
)
from pylint_dagster_migration.model import Definition, DagsterModule, is_assets_definition

if TYPE_CHECKING:
    from pylint.lint import PyLinter

#: How much of a chain a message quotes.
_TEXT_LIMIT = 60

SHIFT_OPERATORS = frozenset({">>", "<<"})
AIRFLOW_CHAIN_FUNCTIONS = frozenset({"chain", "cross_downstream", "chain_linear"})
SET_RELATIVES = frozenset({"set_downstream", "set_upstream"})
#: Decorators that take deps=: the downstream assets a fix can give the dependency to.
DEPS_DECORATORS = frozenset({"asset", "multi_asset"})


class DependencyOperatorChecker(DagsterChecker):
    """Finds assets and ops chained with Airflow's dependency operators."""

    msgs = {
        "E7344": (
            "'%s' chains Dagster %s '%s' the Airflow way: %s. %s",
            "bitshift-dependency",
            "Airflow's dependency operators are used on Dagster definitions: a >> b, a << b, "
            "[a, b] >> c, chain(a, b), cross_downstream(...), a.set_downstream(b) or "
            "a.set_upstream(b), where an operand is an asset or op.\n\n"
            "Assets and ops define no >> or set_downstream: the module fails to load with "
            "TypeError (or AttributeError), and inside a @job body the op outputs do not "
            "support >> either. A dependency is declared on the downstream: deps=[a] on b (order "
            "only) or a parameter named a (to receive its value); ops are wired by passing "
            "outputs in a @dg.job body: b(a()).",
        ),
    }

    fixes = {
        "bitshift-dependency": FixSafety(
            "unsafe",
            "declares the dependency on the downstream asset and removes the line: extract >> "
            "load becomes deps=[extract] on load (added to its literal deps list, or as a new "
            "keyword); offered for one upstream and one downstream asset, both defined "
            "earlier in the module, on a line of its own at module level. Unsafe because "
            "deps= orders materializations only within a run (or automation) that selects "
            "both assets, where Airflow ran load after each run of extract on the DAG's "
            "schedule",
        ),
    }

    @only_required_for_messages("bitshift-dependency")
    def visit_binop(self, node: nodes.BinOp) -> None:
        if node.op not in SHIFT_OPERATORS:
            return
        if isinstance(node.parent, nodes.BinOp) and node.parent.op in SHIFT_OPERATORS:
            return  # Reported once, on the whole chain.
        upstream, downstream = node.left, node.right
        if node.op == "<<":
            upstream, downstream = downstream, upstream
        self._check(node, _operands(node), upstream, downstream, "TypeError")

    @only_required_for_messages("bitshift-dependency")
    def visit_call(self, node: nodes.Call) -> None:
        spelled = names.spelled_callee(node)
        if spelled in SET_RELATIVES and isinstance(node.func, nodes.Attribute):
            self._check_set_relative(node, node.func)
        elif spelled in AIRFLOW_CHAIN_FUNCTIONS and (
            names.qualified_name(node.func) or ""
        ).startswith("airflow."):
            self._check_chain_function(node, spelled)

    def _check_set_relative(self, call: nodes.Call, func: nodes.Attribute) -> None:
        """``a.set_downstream(b)``, where ``a`` is the upstream, and ``b.set_upstream(a)``."""
        upstream, downstream = func.expr, call.args[0] if call.args else None
        if func.attrname == "set_upstream":
            upstream, downstream = downstream, upstream
        self._check(call, [func.expr, *call.args], upstream, downstream, "AttributeError")

    def _check_chain_function(self, call: nodes.Call, spelled: str) -> None:
        """``chain(a, b)``, ``cross_downstream([a], [b])``: Airflow's helpers."""
        upstream = downstream = None
        if spelled == "chain" and len(call.args) == 2:
            upstream, downstream = call.args
        operands: list[nodes.NodeNG] = []
        for argument in call.args:
            if isinstance(argument, (nodes.List, nodes.Tuple)):
                operands.extend(argument.elts)
            else:
                operands.append(argument)
        self._check(call, operands, upstream, downstream, "TypeError")

    def _check(
        self,
        node: nodes.NodeNG,
        operands: list[nodes.NodeNG],
        upstream: nodes.NodeNG | None,
        downstream: nodes.NodeNG | None,
        error: str,
    ) -> None:
        """Report ``node`` on its first operand that is an asset or op; ``upstream`` and
        ``downstream`` are the two sides of a one-to-one dependency, for the fix."""
        model = self.dagster_model(node)
        for operand in operands:
            kind = names.definition_kind_named_by(operand, model)
            if kind is not None:
                self._report(node, operand, kind, upstream, downstream, error)
                return

    def _report(
        self,
        node: nodes.NodeNG,
        operand: nodes.NodeNG,
        kind: str,
        upstream: nodes.NodeNG | None,
        downstream: nodes.NodeNG | None,
        error: str,
    ) -> None:
        one_to_one = _is_definition_name(upstream) and _is_definition_name(downstream)
        fix = None
        if kind == "op":
            consequence = (
                f"ops define no >> or set_downstream, so the module fails to load with {error}"
            )
            example = (
                f"{_callee(downstream)}({_callee(upstream)}())"
                if one_to_one
                else "load(transform(extract()))"
            )
            advice = (
                f"Wire ops by passing outputs in a @{names.dagster_prefix(node)}job body, "
                f"e.g. {example}"
            )
        else:
            consequence = (
                f"an AssetsDefinition defines no >> or set_downstream, so the module fails to "
                f"load with {error}"
            )
            if one_to_one:
                fix = _deps_fix(node, upstream, downstream, self.dagster_model(node))
                advice = (
                    f"Declare it on the downstream: deps=[{_callee(upstream)}] on "
                    f"'{_callee(downstream)}', or a parameter named '{_callee(upstream)}' to "
                    "receive its value"
                )
            else:
                advice = (
                    "Declare each dependency on the downstream asset: deps=[upstream], or a "
                    "parameter named after the upstream to receive its value"
                )
        self.add_message(
            "bitshift-dependency",
            node=node,
            args=(
                excerpt(node, _TEXT_LIMIT, fold_whitespace=True),
                kind,
                _callee(operand),
                consequence,
                advice,
            ),
            fix=fix,
        )


def _deps_fix(
    node: nodes.NodeNG, upstream: nodes.NodeNG, downstream: nodes.NodeNG, model: DagsterModule
) -> Fix | None:
    """``deps=[upstream]`` on the downstream asset, and the statement removed: where the
    statement is a line of its own at module level, both sides name asset definitions of the
    module, and the upstream is defined before the downstream's decorator runs."""
    statement = node.parent
    if not (
        isinstance(upstream, nodes.Name)
        and isinstance(downstream, nodes.Name)
        and isinstance(statement, nodes.Expr)
        and isinstance(statement.parent, nodes.Module)
    ):
        return None
    producer = model.definition_referenced_by(upstream)
    consumer = model.definition_referenced_by(downstream)
    if (
        not isinstance(producer, Definition)
        or not isinstance(consumer, Definition)
        or producer is consumer
        or not is_assets_definition(upstream, model)
        or consumer.kind not in DEPS_DECORATORS
        or len(consumer.function.decorators.nodes) != 1
        or producer.function.tolineno >= consumer.function.decorators.lineno
    ):
        return None
    removal = remove_statement(statement)
    entry = _deps_entry(consumer, upstream.name, producer, model)
    if removal is None or entry is None:
        return None
    return Fix((*entry, removal))


def _deps_entry(
    consumer: Definition, name: str, producer: Definition, model: DagsterModule
) -> tuple[Edit, ...] | None:
    """The edits that add ``name`` to ``consumer``'s deps (none when it already depends on
    ``producer``: a deps entry or a parameter named after its key); None where the decorator
    cannot be edited surely (positional arguments, ``**options``, deps computed)."""
    if producer.asset_keys & consumer.parameter_names:
        return ()
    decorator = consumer.decorator
    if not isinstance(decorator, nodes.Call):
        return (insert_after(decorator, f"(deps=[{name}])"),)
    if decorator.args or consumer.has_keyword_expansion:
        return None
    deps = next((k for k in decorator.keywords or () if k.arg == "deps"), None)
    if deps is None:
        if decorator.keywords:
            return (insert_before(decorator.keywords[0], f"deps=[{name}], "),)
        return (Edit(end_of(decorator.func), end_of(decorator), f"(deps=[{name}])"),)
    entries = deps.value
    if not isinstance(entries, (nodes.List, nodes.Tuple)):
        return None
    if any(model.keys_named_by(entry) & producer.asset_keys for entry in entries.elts):
        return ()
    if entries.elts:
        return (insert_before(entries.elts[0], f"{name}, "),)
    return (replace(entries, f"[{name}]"),)


def _operands(binop: nodes.BinOp) -> list[nodes.NodeNG]:
    """The operands of a chain ``a >> b >> [c, d]``, with list elements flattened."""
    found: list[nodes.NodeNG] = []
    stack: list[nodes.NodeNG] = [binop]
    while stack:
        node = stack.pop()
        if isinstance(node, nodes.BinOp) and node.op in SHIFT_OPERATORS:
            stack.extend([node.right, node.left])
        elif isinstance(node, (nodes.List, nodes.Tuple, nodes.Set)):
            stack.extend(reversed(node.elts))
        else:
            found.append(node)
    return found


def _is_definition_name(node: nodes.NodeNG | None) -> bool:
    """``extract`` or, in a job body, ``extract()``: one definition, named."""
    return isinstance(node, nodes.Name) or (
        isinstance(node, nodes.Call) and isinstance(node.func, nodes.Name)
    )


def _callee(node: nodes.NodeNG) -> str:
    """The name of the definition ``extract`` or ``extract()`` names."""
    return node.func.name if isinstance(node, nodes.Call) else node.name


def register(linter: PyLinter) -> None:
    linter.register_checker(DependencyOperatorChecker(linter))
