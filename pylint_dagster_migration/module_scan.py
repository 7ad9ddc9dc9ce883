"""One pass over a module's syntax tree (standard library ``ast``) that gathers everything the
project index reads from it: the module's functions, classes, calls and imports, and, for each
top-level statement, the names its value or body refers to and the names it binds.

The index summarizes every Python file of a project, so this pass is the cost of a cold index:
walking each tree once, and skipping the fields that never hold a node (names, numbers, the
expression context), is what keeps it within the benchmark's target. Reading the tree again
(``ast.walk``, ``NodeVisitor``) for each question costs several times as much.
"""

from __future__ import annotations

import ast
from typing import NamedTuple

from pylint_dagster_migration.names import ASSET_DECORATORS

#: Loaders that add assets (and asset checks) only: what they are given is not a reference that
#: registers schedules, sensors or jobs.
ASSET_ONLY_LOADERS = frozenset(
    {
        "load_assets_from_modules", "load_assets_from_package_module",
        "load_assets_from_package_name", "load_assets_from_current_module",
    }
)
#: Loaders of every definition at module scope of the modules they are given.
DEFINITION_MODULE_LOADERS = frozenset(
    {
        "load_definitions_from_module", "load_definitions_from_modules",
        "load_definitions_from_package_module", "load_defs",
    }
)
DEFINITION_NAME_LOADERS = frozenset({"load_definitions_from_package_name"})
CURRENT_MODULE_LOADERS = frozenset({"load_definitions_from_current_module", "globals", "vars", "locals"})
#: Keywords of a loader of definitions that name the modules it loads.
_MODULE_KEYWORDS = frozenset({None, "module", "modules", "package_module", "defs_root", "package_name"})
#: A reference to the whole module (``globals()``, ``load_definitions_from_current_module()``).
WHOLE_MODULE = "*"
#: Prefix of a reference that must name a module (a loader's argument).
MODULE_REFERENCE = "m:"
#: Prefix of a module given by its dotted name (``load_definitions_from_package_name("x")``).
NAMED_MODULE = "@"
#: Calls on a module-level name that add to what it holds.
MUTATORS = frozenset({"append", "extend", "insert", "add", "update", "__iadd__"})

#: Fields that never hold a node worth visiting; ``Constant.value`` is skipped by type.
_LEAF_FIELDS = frozenset(
    {
        "ctx", "id", "attr", "name", "arg", "module", "level", "asname", "kind", "type_comment",
        "conversion", "is_async", "names", "op", "ops",
    }
)
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}
#: Nodes the walk looks at themselves (besides names); the others only hold what it looks at.
_SPECIAL_KINDS = frozenset(
    {
        ast.Attribute, ast.Call, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef,
        ast.Import, ast.ImportFrom,
    }
)


def _child_fields(kind: type) -> tuple[str, ...]:
    fields = _CHILD_FIELDS.get(kind)
    if fields is None:
        fields = tuple(
            name
            for name in kind._fields
            if name not in _LEAF_FIELDS and not (kind is ast.Constant and name == "value")
        )
        if kind in (ast.Import, ast.ImportFrom):
            fields = ()
        _CHILD_FIELDS[kind] = fields
    return fields


def spelled_name(node: ast.AST) -> str | None:
    """The last name an expression (or a call's callee) is spelled with."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def dotted(node: ast.AST) -> str | None:
    """``a.b.c`` for a chain of attributes on a name, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id, *reversed(parts)])


def loader_references(call: ast.Call) -> list[str]:
    """The modules a loader of definitions is given, as references (``m:<dotted name>``, or
    ``@<module>`` for a module named by a string)."""
    found = []
    arguments = [*call.args, *(k.value for k in call.keywords if k.arg in _MODULE_KEYWORDS)]
    for argument in arguments[:1]:
        elements = argument.elts if isinstance(argument, (ast.List, ast.Tuple)) else [argument]
        for element in elements:
            if isinstance(element, ast.Starred):
                element = element.value
            if isinstance(element, ast.Constant) and isinstance(element.value, str):
                found.append(NAMED_MODULE + element.value)
            else:
                found.append(MODULE_REFERENCE + (dotted(element) or "?"))
    return found


# Records are named tuples rather than dataclasses: a dataclass costs a millisecond to define,
# paid by every pylint run that loads the plugin.
class Statement(NamedTuple):
    """One top-level statement and what it mentions."""

    node: ast.AST
    #: The names its value (an assignment's right-hand side) or body refers to, as reached:
    #: dotted names, loader arguments (``m:``/``@``), the whole module (``*``); nothing of what
    #: ``load_assets_from_*`` is given.
    references: set[str]
    #: Every name stored anywhere in it (assignments, nested functions and classes, names
    #: mutated with ``append``...), for statements that may bind anything (``if``, ``for``).
    stored: set[str]


class Registrar(NamedTuple):
    """A call or decorated function that registers definitions, where it is."""

    node: ast.AST
    statement: ast.AST
    #: Parameters of the functions and lambdas around it (its own, for a decorated function).
    parameters: frozenset[str]


class ModuleScan:  # pylint: disable=too-many-instance-attributes
    """What one walk of a module's tree finds (see the module's docstring): ``scan`` fills it."""

    def __init__(
        self,
        registrar_calls: frozenset[str] = frozenset(),
        registrar_decorators: frozenset[str] = frozenset(),
    ) -> None:
        self.functions: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
        self.classes: list[ast.ClassDef] = []
        self.calls: list[ast.Call] = []
        #: Names and attributes read that are spelled like an asset decorator.
        self.asset_decorator_reads: list[ast.Name | ast.Attribute] = []
        self.statements: list[Statement] = []
        #: Calls (by the name they are spelled with) and decorated functions that register
        #: definitions, and where they are.
        self.registrars: list[Registrar] = []
        self.star_imports: list[str] = []
        self.imports: dict[str, str] = {}
        self._registrar_calls = registrar_calls
        self._registrar_decorators = registrar_decorators
        self._nested_imports: list[ast.Import | ast.ImportFrom] = []
        self._top_imports: list[ast.Import | ast.ImportFrom] = []

    def scan(self, tree: ast.Module) -> ModuleScan:
        for statement in tree.body:
            self.statements.append(self.statement(statement))
        # The walk pops the last child first: put the imports back in the order of the text.
        nested = sorted(self._nested_imports, key=lambda node: (node.lineno, node.col_offset))
        self.imports = _imports([*nested, *self._top_imports])
        return self

    def statement(self, top: ast.AST) -> Statement:  # pylint: disable=too-many-branches
        """Walks ``top`` (a top-level statement, or any node), gathering what it finds."""
        scanned = Statement(top, set(), set())
        references, stored = scanned.references, scanned.stored
        if isinstance(top, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            # Only the value is what the bound names hold.
            targets = top.targets if isinstance(top, ast.Assign) else [top.target]
            stack = [(target, False, ()) for target in targets]
            if isinstance(top, ast.AnnAssign):
                stack.append((top.annotation, False, ()))
            if top.value is not None:
                stack.append((top.value, True, ()))
        else:
            stack = [(top, True, ())]
        load, constant, child_fields, node_class = ast.Load, ast.Constant, _CHILD_FIELDS, ast.AST
        name_kind, attribute_kind, call_kind = ast.Name, ast.Attribute, ast.Call
        push, pop = stack.append, stack.pop
        while stack:
            node, collecting, scopes = pop()
            kind = type(node)
            if kind is name_kind:
                if type(node.ctx) is load:
                    if collecting:
                        references.add(node.id)
                    if node.id in ASSET_DECORATORS:
                        self.asset_decorator_reads.append(node)
                else:
                    stored.add(node.id)
                continue
            if kind not in _SPECIAL_KINDS:
                pass  # most nodes: only their children matter
            elif kind is attribute_kind:
                if type(node.ctx) is load:
                    if node.attr in ASSET_DECORATORS:
                        self.asset_decorator_reads.append(node)
                    if collecting:
                        name = dotted(node)
                        if name is not None:
                            references.add(name)
                            collecting = False
                if node.attr in MUTATORS and type(node.value) is name_kind:
                    stored.add(node.value.id)
            elif kind is call_kind:
                self.calls.append(node)
                called = spelled_name(node)
                if called in self._registrar_calls or _is_merge(node, called):
                    self.registrars.append(Registrar(node, top, _parameters(scopes)))
                if collecting:
                    if called in ASSET_ONLY_LOADERS:
                        stack.append((node.func, True, scopes))
                        collecting = False
                        for child in [*node.args, *node.keywords]:
                            stack.append((child, False, scopes))
                        continue
                    if called in CURRENT_MODULE_LOADERS:
                        references.add(WHOLE_MODULE)
                    elif called in DEFINITION_MODULE_LOADERS or called in DEFINITION_NAME_LOADERS:
                        references.update(loader_references(node))
            elif kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
                self.functions.append(node)
                stored.add(node.name)
                scopes = (*scopes, node)
                if any(spelled_name(d) in self._registrar_decorators for d in node.decorator_list):
                    self.registrars.append(Registrar(node, top, _parameters(scopes)))
            elif kind is ast.Lambda:
                scopes = (*scopes, node)
            elif kind is ast.ClassDef:
                self.classes.append(node)
                stored.add(node.name)
            elif kind is ast.Import or kind is ast.ImportFrom:
                (self._top_imports if node is top else self._nested_imports).append(node)
                if kind is ast.ImportFrom and any(alias.name == "*" for alias in node.names):
                    self.star_imports.append("." * node.level + (node.module or ""))
                continue
            fields = child_fields.get(kind)
            for name in _child_fields(kind) if fields is None else fields:
                value = getattr(node, name)
                if type(value) is list:
                    for item in value:
                        # Constants (a third of all nodes) hold nothing: not even pushed.
                        if isinstance(item, node_class) and type(item) is not constant:
                            push((item, collecting, scopes))
                elif isinstance(value, node_class) and type(value) is not constant:
                    push((value, collecting, scopes))
        return scanned


def references(node: ast.AST) -> set[str]:
    """The names ``node`` refers to, as ``Statement.references`` reads them."""
    return ModuleScan().statement(node).references


def _is_merge(call: ast.Call, called: str | None) -> bool:
    return (
        called == "merge"
        and isinstance(call.func, ast.Attribute)
        and spelled_name(call.func.value) == "Definitions"
    )


def _parameters(scopes: tuple[ast.AST, ...]) -> frozenset[str]:
    names: set[str] = set()
    for scope in scopes:
        arguments = scope.args
        names.update(
            argument.arg
            for argument in [
                *arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                *filter(None, [arguments.vararg, arguments.kwarg]),
            ]
        )
    return frozenset(names)


def _imports(statements: list[ast.Import | ast.ImportFrom]) -> dict[str, str]:
    """Local name -> what it was imported as (``pkg.assets``, ``.assets``), a relative import
    keeping its leading dots; imports at module level win over those in functions."""
    imported: dict[str, str] = {}
    for node in statements:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    imported[alias.asname] = alias.name
                else:
                    top = alias.name.split(".", 1)[0]
                    imported[top] = top
        else:
            base = "." * node.level + (node.module or "")
            for alias in node.names:
                joiner = "" if base.endswith(".") or not base else "."
                imported[alias.asname or alias.name] = f"{base}{joiner}{alias.name}"
    return imported
