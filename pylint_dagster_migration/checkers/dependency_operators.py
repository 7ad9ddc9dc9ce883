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

if TYPE_CHECKING:
    from pylint.lint import PyLinter

#: How much of a chain a message quotes.
_TEXT_LIMIT = 60

SHIFT_OPERATORS = frozenset({">>", "<<"})
AIRFLOW_CHAIN_FUNCTIONS = frozenset({"chain", "cross_downstream", "chain_linear"})
SET_RELATIVES = frozenset({"set_downstream", "set_upstream"})


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
        if kind == "op":
            consequence = (
                f"ops define no >> or set_downstream, so the module fails to load with {error}"
            )
            example = (
                f"{_callee(downstream)}({_callee(upstream)}())"
                if one_to_one
                else "load(transform(extract()))"
            )
            fix = (
                f"Wire ops by passing outputs in a @{names.dagster_prefix(node)}job body, "
                f"e.g. {example}"
            )
        else:
            consequence = (
                f"an AssetsDefinition defines no >> or set_downstream, so the module fails to "
                f"load with {error}"
            )
            if one_to_one:
                fix = (
                    f"Declare it on the downstream: deps=[{_callee(upstream)}] on "
                    f"'{_callee(downstream)}', or a parameter named '{_callee(upstream)}' to "
                    "receive its value"
                )
            else:
                fix = (
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
                fix,
            ),
        )


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
