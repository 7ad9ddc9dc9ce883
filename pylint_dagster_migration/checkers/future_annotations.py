"""``from __future__ import annotations`` in a module whose Dagster definitions Dagster cannot
build from string annotations.

With the import every annotation is stored as a string. Dagster 1.13 compares the ``context``
parameter's annotation of an asset, multi-asset, asset check or op with its context classes
(a string never matches), builds run config from the ``config`` parameter's annotation (a
string is no config type), and resolves every other annotation of every definition with
``typing.get_type_hints`` against the module's globals when the decorator runs (a name bound
only under ``if TYPE_CHECKING:``, in an enclosing function, or later in the module is not
there yet). Each raises while the module is imported. Code formatters and upgrade tools add the
import, and move imports used only in annotations under ``TYPE_CHECKING``, during migrations.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names
from pylint_dagster_migration.checkers.base import DagsterChecker, excerpt
from pylint_dagster_migration.edits import Fix, FixSafety, remove_statement, replace
from pylint_dagster_migration.model import Definition, parameter_annotation

if TYPE_CHECKING:
    from pylint.lint import PyLinter

SYMBOL = "future-annotations-break-dagster"

#: Definitions built on an op: Dagster validates their context annotation and reads their
#: config parameter (sensors, schedules and observable source assets do neither).
OP_BASED_KINDS = frozenset({"asset", "multi_asset", "asset_check", "multi_asset_check", "op"})
#: The context classes Dagster accepts on those definitions, compared by identity.
CONTEXT_CLASSES = frozenset(
    {"AssetExecutionContext", "OpExecutionContext", "AssetCheckExecutionContext"}
)
#: The names Dagster takes for the context parameter when it comes first.
CONTEXT_NAMES = frozenset({"context", "_context", "context_", "_"})
TYPE_CHECKING_NAMES = frozenset({"typing.TYPE_CHECKING", "typing_extensions.TYPE_CHECKING"})

_LISTED = 3
_ANNOTATION_LIMIT = 50
_REMOVE = (
    "Remove the import (Python 3.10+ evaluates list[str] and X | None without it) or drop the "
    "{parameters} annotation{plural}"
)


# A plain class, not a dataclass: defining a dataclass costs every pylint run a millisecond.
class Break:
    """One annotation Dagster fails on: what to show, and which fix it needs (for a context or
    config annotation, the parameter's name: their fixes are written as one)."""

    __slots__ = ("text", "fix")

    def __init__(self, text: str, fix: str) -> None:
        self.text = text
        self.fix = fix


class FutureAnnotationsChecker(DagsterChecker):
    """Finds ``from __future__ import annotations`` where Dagster must read an annotation."""

    msgs = {
        "E7360": (
            "'from __future__ import annotations' makes annotations strings, and Dagster fails "
            "on these when it builds the definitions, so importing this module raises: %s. %s",
            SYMBOL,
            "The module has 'from __future__ import annotations' and a Dagster definition "
            "whose annotation Dagster cannot read as a string: an annotated context or config "
            "parameter, or a name imported only under TYPE_CHECKING or defined later.\n\n"
            "With the import every annotation is a string. An annotated context parameter of "
            "an @asset, @multi_asset, @asset_check or @op then raises 'Cannot annotate "
            "`context` parameter with type dg.AssetExecutionContext' (Dagster compares the "
            "annotation with its context classes), and an annotated config parameter raises "
            "'Unable to resolve config type' (even a dg.Config subclass). Dagster resolves "
            "every other annotation of every definition (sensors, schedules and jobs "
            "included) against the module's globals while the module is being imported, so a "
            "name imported only under 'if TYPE_CHECKING:', defined in an enclosing function, "
            "or defined further down the module raises 'Failed to resolve type annotation'. "
            "Sensor and schedule contexts, resources and plain data annotations are read "
            "fine. Remove the import (Dagster needs Python 3.10+, which evaluates list[str] "
            "and X | None itself) or drop the context and config annotations; import "
            "TYPE_CHECKING names at run time and define annotated classes at module level "
            "before their use. Formatters and upgrade tools add the import during "
            "migrations.",
        ),
    }

    fixes = {
        SYMBOL: FixSafety(
            "unsafe",
            "removes the import (its line, or only 'annotations' from a longer import), "
            "offered only where every annotation Python then evaluates names something "
            "already defined at that point (no name imported only under TYPE_CHECKING, no "
            "class used before its definition ends); unsafe because every annotation is "
            "evaluated again when its def runs: code that reads annotations as strings sees "
            "objects, and a name the linter cannot follow (rebound, star-imported) raises "
            "NameError at import"
        ),
    }

    @only_required_for_messages(SYMBOL)
    def visit_importfrom(self, node: nodes.ImportFrom) -> None:
        if node.modname != "__future__" or not any(
            name == "annotations" for name, _ in node.names
        ):
            return
        model = self.dagster_model(node)
        breaks: list[Break] = []
        unresolved_seen: set[str] = set()
        definitions = {**model.sensor_evaluation_functions, **model.definitions}.values()
        for definition in sorted(definitions, key=lambda d: d.function.fromlineno):
            # A lambda given to SensorDefinition cannot be annotated.
            if isinstance(definition.function, nodes.FunctionDef):
                breaks.extend(_breaks(definition, unresolved_seen))
        if not breaks:
            return
        shown = [b.text for b in breaks[:_LISTED]]
        if len(breaks) > _LISTED:
            shown.append(f"{len(breaks) - _LISTED} more")
        self.add_message(
            SYMBOL, node=node, args=(_joined(shown), _fixes(breaks)), fix=_removal(node)
        )


def _removal(statement: nodes.ImportFrom) -> Fix | None:
    """The fix that removes ``annotations`` from ``statement``: the statement's lines when it
    imports nothing else, else the name. None when removing it breaks the module (an
    annotation evaluated at import names something not defined yet, see ``_evaluable``) or
    the statement shares a line with another one."""
    module = statement.root()
    if not all(_evaluable(annotation) for annotation in _eager_annotations(module)):
        return None
    rest = [(name, alias) for name, alias in statement.names if name != "annotations"]
    if rest:
        kept = ", ".join(f"{name} as {alias}" if alias else name for name, alias in rest)
        return Fix((replace(statement, f"from __future__ import {kept}"),))
    removal = remove_statement(statement)
    return None if removal is None else Fix((removal,))


def _eager_annotations(module: nodes.Module) -> Iterator[nodes.NodeNG]:
    """The annotations Python evaluates without the import: a function's, when its ``def``
    runs, and a variable's outside function bodies (in a function's body it is never
    evaluated)."""
    for function in module.nodes_of_class((nodes.FunctionDef, nodes.AsyncFunctionDef)):
        arguments = function.args
        yield from filter(None, [
            *(arguments.posonlyargs_annotations or []),
            *(arguments.annotations or []),
            arguments.varargannotation,
            *(arguments.kwonlyargs_annotations or []),
            arguments.kwargannotation,
            function.returns,
        ])
    for assignment in module.nodes_of_class(nodes.AnnAssign):
        if not isinstance(assignment.frame(), (nodes.FunctionDef, nodes.AsyncFunctionDef)):
            yield assignment.annotation


def _evaluable(annotation: nodes.NodeNG) -> bool:
    """Whether every name in ``annotation`` is bound when Python evaluates it: not defined
    further down the module (astroid finds no binding then), not only under ``if
    TYPE_CHECKING:``, not the class whose body is still running (``def merge(self, other:
    Order)`` inside ``class Order``). A string annotation stays a string."""
    for name in annotation.nodes_of_class(nodes.Name):
        _, bindings = name.lookup(name.name)
        if not any(
            not _only_when_type_checking(binding) and binding not in name.node_ancestors()
            for binding in bindings
        ):
            return False
    return True


def _breaks(definition: Definition, unresolved_seen: set[str]) -> list[Break]:
    """What fails in ``definition``; a name that is not resolvable is said once per module
    (at its first definition), since one fix mends it everywhere."""
    found: list[Break] = []
    label = _label(definition)
    function = definition.function
    if definition.kind in OP_BASED_KINDS:
        first = _first_parameter(function)
        if first is not None and first.name in CONTEXT_NAMES:
            annotation = parameter_annotation(first)
            # Any annotation fails; only a context class would load without the import.
            if (
                isinstance(annotation, (nodes.Name, nodes.Attribute))
                and names.dagster_name(annotation) in CONTEXT_CLASSES
            ):
                text = f"'{_parameter_text(first, annotation)}' of {label}"
                found.append(Break(text, "context"))
        for parameter in _named_parameters(function):
            annotation = parameter_annotation(parameter)
            if parameter.name == "config" and annotation is not None:
                found.append(
                    Break(f"'{_parameter_text(parameter, annotation)}' of {label}", "config")
                )
    for name in _annotation_names(function):
        if name.name in unresolved_seen:
            continue
        reason = _unresolved_reason(name, definition)
        if reason is not None:
            unresolved_seen.add(name.name)
            why, fix = reason
            found.append(Break(f"'{name.name}' ({why}) in the annotations of {label}", fix))
    return found


def _fixes(breaks: list[Break]) -> str:
    """One sentence of fixes for ``breaks``, each fix said once."""
    fixes = list(dict.fromkeys(b.fix for b in breaks))
    parameters = [fix for fix in fixes if fix in {"context", "config"}]
    if parameters:
        removal = _REMOVE.format(
            parameters=" and ".join(parameters), plural="s" if len(parameters) > 1 else ""
        )
        fixes = [removal, *(fix for fix in fixes if fix not in parameters)]
    joined = "; ".join(fixes)
    return joined[0].upper() + joined[1:]


def _unresolved_reason(name: nodes.Name, definition: Definition) -> tuple[str, str] | None:
    """Why ``name`` is not among the module's globals when the decorator runs, with its fix;
    None when it is (or when the linter cannot tell)."""
    scope, bindings = name.lookup(name.name)
    if bindings:
        if isinstance(scope, nodes.FunctionDef) and name.name not in name.root().locals:
            return (
                f"local to '{scope.name}'",
                f"define {name.name} at module level",
            )
        if isinstance(scope, nodes.Module) and all(
            _only_when_type_checking(binding) for binding in bindings
        ):
            return (
                "imported only under 'if TYPE_CHECKING:'",
                f"import {name.name} at run time, outside 'if TYPE_CHECKING:'",
            )
        return None
    module = name.root()
    function = definition.function
    later = module.locals.get(name.name, [])
    if (
        later
        and function.parent.scope() is module
        and name.name not in vars(builtins)
        and not _has_wildcard_import(module)
        and all(binding.fromlineno > function.fromlineno for binding in later)
    ):
        return (
            "defined further down",
            f"define {name.name} before the definitions that use it",
        )
    return None


def _only_when_type_checking(binding: nodes.NodeNG) -> bool:
    """Whether ``binding`` sits in the body of an ``if TYPE_CHECKING:`` block."""
    child, parent = binding, binding.parent
    while parent is not None and not isinstance(parent, (nodes.Module, nodes.FunctionDef)):
        in_body = isinstance(parent, nodes.If) and child in parent.body
        if in_body and _is_type_checking(parent.test):
            return True
        child, parent = parent, parent.parent
    return False


def _is_type_checking(test: nodes.NodeNG) -> bool:
    if isinstance(test, nodes.Name) and test.name == "TYPE_CHECKING":
        return True
    return names.qualified_name(test) in TYPE_CHECKING_NAMES


def _has_wildcard_import(module: nodes.Module) -> bool:
    return any(
        isinstance(statement, nodes.ImportFrom) and statement.names[0][0] == "*"
        for statement in module.body
    )


def _named_parameters(function: nodes.FunctionDef) -> list[nodes.AssignName]:
    arguments = function.args
    return [
        *(arguments.posonlyargs or []),
        *(arguments.args or []),
        *(arguments.kwonlyargs or []),
    ]


def _first_parameter(function: nodes.FunctionDef) -> nodes.AssignName | None:
    """The first parameter of the signature, as Dagster reads it (``*args`` comes before the
    keyword-only ones, and is not named)."""
    arguments = function.args
    positional = [*(arguments.posonlyargs or []), *(arguments.args or [])]
    if positional:
        return positional[0]
    if arguments.vararg:
        return None
    return (arguments.kwonlyargs or [None])[0]


def _annotation_names(function: nodes.FunctionDef) -> list[nodes.Name]:
    """The names in every annotation of ``function`` (its return included), in order:
    ``typing.get_type_hints`` evaluates them all."""
    arguments = function.args
    annotations = [
        *(arguments.posonlyargs_annotations or []),
        *(arguments.annotations or []),
        arguments.varargannotation,
        *(arguments.kwonlyargs_annotations or []),
        arguments.kwargannotation,
        function.returns,
    ]
    found: list[nodes.Name] = []
    for annotation in annotations:
        if annotation is None:
            continue
        if isinstance(annotation, nodes.Name):
            found.append(annotation)
        else:
            found.extend(annotation.nodes_of_class(nodes.Name))
    return found


def _parameter_text(parameter: nodes.AssignName, annotation: nodes.NodeNG) -> str:
    return f"{parameter.name}: {excerpt(annotation, _ANNOTATION_LIMIT, fold_whitespace=True)}"


def _label(definition: Definition) -> str:
    """``@dg.asset 'orders'``, as the module spells the decorator."""
    decorator = definition.decorator
    if not isinstance(decorator, (nodes.Call, nodes.Name, nodes.Attribute)):
        return f"'{definition.name}'"
    spelled = decorator.func if isinstance(decorator, nodes.Call) else decorator
    if names.call_dagster_name(decorator) == "SensorDefinition":
        return f"sensor function '{definition.name}'"
    return f"@{spelled.as_string()} '{definition.name}'"


def _joined(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def register(linter: PyLinter) -> None:
    linter.register_checker(FutureAnnotationsChecker(linter))
