"""Op order: a ``@job`` or ``@graph`` body orders ops only by the data passed between them.

Airflow orders tasks from the outside (``extract >> load``), and a script or a Prefect flow by
the order of its calls. A Dagster job body only wires ops: an op that is passed no output of
another op depends on nothing, so Dagster starts it with the run, concurrently with the others
under the default multiprocess executor and in an order of its own choosing in process. Ops
invoked one after the other with nothing passed between them lose the order they are written in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names
from pylint_dagster_migration.checkers.base import DagsterChecker, excerpt
from pylint_dagster_migration.model import DagsterModule

if TYPE_CHECKING:
    from pylint.lint import PyLinter

#: Methods of an op or graph definition that return a renamed or reconfigured copy of it: a
#: job body invokes the copy (``extract.alias("extract_orders")()``).
NODE_COPY_METHODS = frozenset({"alias", "tag", "with_hooks", "with_retry_policy", "configured"})
#: What a job body can invoke to add a node to the graph.
NODE_KINDS = frozenset({"op", "graph"})
_TEXT_LIMIT = 60
#: How deep ``name = other.alias(...)`` bindings are followed to the op they copy.
_MAX_BINDINGS = 3


class OpOrderChecker(DagsterChecker):
    """Finds ops of a job or graph body that Airflow or a script ran in order and Dagster
    runs in none."""

    msgs = {
        "W7363": (
            "'%s' is passed no output of '%s' in %s, so Dagster runs the two concurrently, in "
            "any order: the order of the body (Airflow's %s >> %s) is lost. %s",
            "unordered-ops-in-job",
            "A @job or @graph body invokes an op with no inputs as its own statement right "
            "after another statement that invokes an op and discards its output (or binds it "
            "to a name nothing reads): extract() then load(), the way an Airflow chain "
            "extract >> load, a Prefect flow or a script runs one step after another.\n\n"
            "A Dagster job body only wires ops: an op depends on the ops whose outputs it is "
            "passed, and on nothing else. Ops that pass nothing to each other are independent "
            "steps of the execution plan; the default multiprocess executor starts them at "
            "the same time, and the in-process executor runs them in an order of its own "
            "(not the order of the body). To keep the order, give the later op an ordering "
            "input that carries no data, ins={\"start\": dg.In(dg.Nothing)}, and wire it: "
            "load(start=extract()); or make the steps assets, with deps=[extract] on load. "
            "Ops fed by one upstream (x = extract(); a(x); b(x)), ops that pass data (b(a()), "
            "r = a(); b(r)) and independent chains that pass data within themselves are not "
            "reported; nor are callables the linter cannot see to be ops or graphs (defined "
            "with @op or @graph in the module, or imported from the project).",
        ),
    }

    @only_required_for_messages("unordered-ops-in-job")
    def visit_functiondef(self, node: nodes.FunctionDef) -> None:
        model = self.dagster_model(node)
        definition = model.definition(node)
        if definition is None or definition.kind not in {"job", "graph"}:
            return
        decorator = definition.decorator
        spelled = (decorator.func if isinstance(decorator, nodes.Call) else decorator).as_string()
        body_label = f"@{spelled} '{node.name}'"
        previous: nodes.NodeNG | None = None
        for statement in node.body:
            later = _invocation(statement, model)
            if later is not None and previous is not None and _starts_fresh(later, model):
                earlier = _discarded_invocation(previous, model)
                if earlier is not None:
                    self._report(later, earlier, body_label)
            if not _is_inert(statement):
                previous = statement

    def _report(self, later: nodes.Call, earlier: nodes.Call, body_label: str) -> None:
        prefix = names.dagster_prefix(later)
        later_name, earlier_name = _op_name(later), _op_name(earlier)
        wired = f"{later.func.as_string()}(start={excerpt(earlier, _TEXT_LIMIT, fold_whitespace=True)})"
        fix = (
            f"To run '{later_name}' after '{earlier_name}', give '{later_name}' "
            f"ins={{\"start\": {prefix}In({prefix}Nothing)}} and write {wired}, or make them "
            f"assets with deps=[{earlier_name}] on '{later_name}'"
        )
        self.add_message(
            "unordered-ops-in-job",
            node=later,
            args=(
                excerpt(later, _TEXT_LIMIT),
                _spelled(earlier),
                body_label,
                earlier_name,
                later_name,
                fix,
            ),
        )


def _invocation(statement: nodes.NodeNG, model: DagsterModule) -> nodes.Call | None:
    """The op or graph a job-body statement invokes at its top: ``extract()``,
    ``rows = extract()``, ``return load(rows)``."""
    if isinstance(statement, (nodes.Expr, nodes.Assign, nodes.AnnAssign, nodes.Return)):
        value = statement.value
        if isinstance(value, nodes.Call) and _kind(value, model) in NODE_KINDS:
            return value
    return None


def _discarded_invocation(statement: nodes.NodeNG, model: DagsterModule) -> nodes.Call | None:
    """The invocation of a statement that discards its output (``extract()``,
    ``load(transform(extract()))``, ``extract_result = extract()`` with the name never read):
    a step run for its side effect, which Airflow or a script ran before the next one."""
    if isinstance(statement, (nodes.Assign, nodes.AnnAssign)) and _reads_any(statement):
        return None
    if isinstance(statement, (nodes.Expr, nodes.Assign, nodes.AnnAssign)):
        return _invocation(statement, model)
    return None


def _reads_any(assignment: nodes.Assign | nodes.AnnAssign) -> bool:
    """Whether the body reads a name the assignment binds (or binds something else: an
    attribute, a subscript), so that its output may feed a later op."""
    targets = assignment.targets if isinstance(assignment, nodes.Assign) else [assignment.target]
    bound: set[str] = set()
    for target in targets:
        for node in target.nodes_of_class(nodes.NodeNG):
            if isinstance(node, nodes.AssignName):
                bound.add(node.name)
            elif not isinstance(node, (nodes.Tuple, nodes.List, nodes.Starred)):
                return True
    function = assignment.scope()
    return any(name.name in bound for name in function.nodes_of_class(nodes.Name))


def _starts_fresh(call: nodes.Call, model: DagsterModule) -> bool:
    """An op invoked with nothing passed: no output of another op, no input of the graph, so
    it depends on nothing. (A graph is not judged: an ordering input of a graph is no
    ``In(Nothing)`` on it.)"""
    return not call.args and not call.keywords and _kind(call, model) == "op"


def _is_inert(statement: nodes.NodeNG) -> bool:
    """A docstring or ``pass``: any other statement between two invocations (a loop of
    aliases, a helper that wires ops, a condition) may carry the order the body meant."""
    return isinstance(statement, nodes.Pass) or (
        isinstance(statement, nodes.Expr) and isinstance(statement.value, nodes.Const)
    )


def _kind(call: nodes.Call, model: DagsterModule) -> str | None:
    """``op`` or ``graph`` when ``call`` invokes an op or graph definition of the module or of
    the project (directly or through ``.alias(...)`` and its kin); None for anything else."""
    return _kind_of(call.func, model, 0)


def _kind_of(node: nodes.NodeNG, model: DagsterModule, depth: int) -> str | None:
    node = _copied_definition(node)
    if not isinstance(node, nodes.Name) or depth > _MAX_BINDINGS:
        return None
    if model.may_name_definition(node.name):
        definition = model.definition_referenced_by(node)
        if definition is not None:
            return definition.kind if definition.kind in NODE_KINDS else None
    # ``extract_orders = extract.alias("extract_orders")`` and then ``extract_orders()``.
    value = names.assigned_value(node)
    if isinstance(value, nodes.Call) and _is_copy(value.func):
        return _kind_of(value.func, model, depth + 1)
    return None


def _copied_definition(node: nodes.NodeNG) -> nodes.NodeNG:
    """``extract`` for ``extract.alias("x")``, ``extract.with_hooks({...}).alias("y")``."""
    while True:
        if isinstance(node, nodes.Call) and _is_copy(node.func):
            node = node.func.expr
        elif _is_copy(node):
            node = node.expr
        else:
            return node


def _is_copy(node: nodes.NodeNG) -> bool:
    return isinstance(node, nodes.Attribute) and node.attrname in NODE_COPY_METHODS


def _spelled(call: nodes.Call) -> str:
    """``extract()``, or ``load(...)`` for an invocation passed outputs."""
    if call.args or call.keywords:
        return f"{call.func.as_string()}(...)"
    return excerpt(call, _TEXT_LIMIT)


def _op_name(call: nodes.Call) -> str:
    """The name a message calls an invoked op by: ``extract`` for ``extract()`` and for
    ``extract.alias("x")()``."""
    node = _copied_definition(call.func)
    return node.name if isinstance(node, nodes.Name) else call.func.as_string()


def register(linter: PyLinter) -> None:
    linter.register_checker(OpOrderChecker(linter))
