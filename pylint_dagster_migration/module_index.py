"""What one module of a project contributes to its asset graph, read with the standard
library's ``ast`` (no astroid build, no import, nothing run).

``summarize(source)`` returns a plain, JSON-ready record (so that it can be cached on disk):

- ``definitions``: every Dagster-decorated function, as ``[kind, name]``;
- ``legacy_keys``: the last segments of every literal key the module spells anywhere, the
  sibling index's deliberate over-approximation (see ``project``);
- ``keys``: the full path of every asset key the module produces or declares, where the
  syntax spells it completely: ``@asset`` (name, ``key_prefix``, ``key``), ``@multi_asset``
  and ``@graph_multi_asset`` outs, ``@graph_asset``, ``@observable_source_asset``,
  ``AssetSpec`` and ``SourceAsset`` (external assets included);
- ``names``: the last segment of keys whose prefix is not a literal;
- ``unlisted``: producers whose keys cannot be listed from the syntax, as ``[reason, line]``
  (integration decorators such as ``@dbt_assets``, factories building keys from variables,
  key rewriting, components);
- ``loaded_modules``: the modules whose assets the module hands to Dagster by module
  (``load_assets_from_*``) or by an imported name in ``Definitions(assets=...)``, absolute,
  or starting with ``.`` for a relative import; whether they belong to the project is decided
  for the whole project (see ``asset_graph``);
- ``registry``: what the module defines that a ``Definitions`` must register and what it
  registers (see ``registry_summary``), for ``definition-not-registered``.

Names are matched by spelling (``dg.asset``, ``asset`` and ``my_dg.asset`` alike), which
over-approximates: a wider set of keys, or one more producer that cannot be listed, only
ever keeps a check silent.
"""

from __future__ import annotations

import ast

from pylint_dagster_migration.module_scan import (
    DEFINITION_MODULE_LOADERS,
    DEFINITION_NAME_LOADERS,
    MODULE_REFERENCE,
    MUTATORS,
    ModuleScan,
    Statement,
    references,
    spelled_name,
)
from pylint_dagster_migration.names import (
    ASSET_DECORATORS,
    DEFINITION_DECORATORS,
    KEY_ARGUMENTS,
    REGISTRABLE_CALLS,
    REGISTRABLE_DECORATORS,
    last_key_segment,
)

# When the record changes shape or meaning, bump ``index_cache.SUMMARY_VERSION``: cached
# records of older versions are then read again from the source.

#: ``names.KEY_ARGUMENTS`` by the last name a call is spelled with.
_KEY_ARGUMENTS = {name.rsplit(".", 1)[-1]: where for name, where in KEY_ARGUMENTS.items()}
#: Decorators whose asset key is the function's name, ``name=`` or ``key=``, under ``key_prefix``.
_SINGLE_ASSET_DECORATORS = frozenset({"asset", "graph_asset", "observable_source_asset"})
_MULTI_ASSET_DECORATORS = frozenset({"multi_asset", "graph_multi_asset"})
#: Classes whose first argument (or ``key=``) declares an asset key.
_DECLARING_CLASSES = frozenset({"AssetSpec", "SourceAsset"})
#: Producers whose keys come from outside the Python syntax (a dbt or Sling project, a dlt
#: source, an Airflow instance...), by the name they are spelled with.
INTEGRATION_PRODUCERS = frozenset(
    {
        "dbt_assets", "dbt_cloud_assets", "sling_assets", "dlt_assets", "fivetran_assets",
        "airbyte_assets", "sdf_assets", "build_defs_from_airflow_instance",
        "assets_with_task_mappings", "assets_with_dag_mappings", "AssetsDefinition",
        "from_graph", "from_op", "with_attributes", "map_asset_specs",
    }
)
#: Loaders that add every asset of the modules they are given.
_MODULE_LOADERS = frozenset(
    {
        "load_assets_from_modules", "load_assets_from_package_module",
        "load_definitions_from_module", "load_definitions_from_modules",
        "load_definitions_from_package_module",
    }
)
_NAME_LOADERS = frozenset({"load_assets_from_package_name", "load_definitions_from_package_name"})
_ALL_LOADERS = _MODULE_LOADERS | _NAME_LOADERS | {"load_assets_from_current_module"}
#: Loader arguments that rename every key loaded.
_PREFIX_ARGUMENTS = frozenset({"key_prefix", "source_key_prefix"})


def empty_summary() -> dict:
    return {
        "definitions": [], "legacy_keys": [], "keys": [], "names": [], "unlisted": [],
        # None: not read (no Dagster in the text); the project reads it if a registrar's
        # reference passes through it (a package re-exporting its modules' lists).
        "loaded_modules": [], "registry": None,
    }


def summarize(source: bytes | str) -> dict:
    """The module's contribution to the project (see the module's docstring); the empty
    record for a module that cannot mention Dagster or does not parse."""
    text_test = source if isinstance(source, bytes) else source.encode("utf-8", "replace")
    if b"dagster" not in text_test:
        return empty_summary()
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return empty_summary()
    scan = ModuleScan(REGISTRAR_CALLS, _REGISTRAR_DECORATORS).scan(tree)
    summary = _Summarizer(tree, scan).summary
    summary["registry"] = _registry(scan)
    return summary


def literal_key(node: ast.AST | None) -> tuple[str, ...] | None:
    """The full path of the asset key a literal spells, as Dagster coerces it: a string is one
    segment (``"a/b"`` too), a list or tuple of strings is the path, ``AssetKey(...)`` and
    ``AssetKey.from_user_string("a/b")`` are what they say. None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value:
        return (node.value,)
    if isinstance(node, (ast.List, ast.Tuple)) and node.elts:
        path = tuple(
            element.value
            for element in node.elts
            if isinstance(element, ast.Constant) and isinstance(element.value, str)
        )
        return path if len(path) == len(node.elts) else None
    if isinstance(node, ast.Call) and spelled_name(node) == "from_user_string" and node.args:
        argument = node.args[0]
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            return tuple(argument.value.split("/"))
        return None
    if isinstance(node, ast.Call) and spelled_name(node) == "AssetKey":
        return literal_key(_argument(node, "path", 0))
    return None


def literal_prefix(node: ast.AST | None) -> tuple[str, ...] | None:
    """The segments a literal ``key_prefix`` adds (none when it is absent or None), or None
    when it is not a literal."""
    if node is None or (isinstance(node, ast.Constant) and node.value is None):
        return ()
    return literal_key(node)


def _argument(call: ast.Call, keyword: str, position: int | None = None) -> ast.AST | None:
    for argument in call.keywords:
        if argument.arg == keyword:
            return argument.value
    if position is not None and len(call.args) > position:
        argument = call.args[position]
        return None if isinstance(argument, ast.Starred) else argument
    return None


def _has_keyword_expansion(call: ast.AST) -> bool:
    return isinstance(call, ast.Call) and any(k.arg is None for k in call.keywords)


class _Summarizer:
    """One pass over a module's tree, filling its summary."""

    def __init__(self, tree: ast.Module, scan: ModuleScan) -> None:
        self.scan = scan
        self.keys: set[tuple[str, ...]] = set()
        self.names: set[str] = set()
        self.legacy_keys: set[str] = set()
        self.definitions: list[list[str]] = []
        self.unlisted: list[list] = []
        self.loaded_modules: set[str] = set()
        self.imports = scan.imports
        self.module_lists = {
            target.id
            for statement in tree.body
            if isinstance(statement, ast.Assign) and isinstance(statement.value, (ast.List, ast.Tuple))
            for target in statement.targets
            if isinstance(target, ast.Name)
        }
        self.decorators = {
            id(decorator)
            for node in [*scan.functions, *scan.classes]
            for decorator in node.decorator_list
        }
        # Places where an asset decorator's name is used as Dagster means: any other use
        # (``functools.partial(dg.asset, ...)``, ``my_asset = dg.asset``) wraps it.
        self.decorator_uses: set[int] = set()
        self._walk()

    @property
    def summary(self) -> dict:
        return {
            "definitions": self.definitions,
            "legacy_keys": sorted(self.legacy_keys),
            "keys": sorted(list(key) for key in self.keys),
            "names": sorted(self.names),
            "unlisted": self.unlisted,
            "loaded_modules": sorted(self.loaded_modules),
        }

    def _unlisted(self, reason: str, node: ast.AST) -> None:
        self.unlisted.append([reason, getattr(node, "lineno", 0)])

    def _walk(self) -> None:
        for function in self.scan.functions:
            self._function(function)
        for call in self.scan.calls:
            self.decorator_uses.add(id(call.func))
            self._call(call)
        for node in self.scan.classes:
            if any((spelled_name(base) or "").endswith("Component") for base in node.bases):
                self._unlisted(f"component class '{node.name}'", node)
        for node in self.scan.asset_decorator_reads:
            if id(node) not in self.decorator_uses:
                self._unlisted(f"'{spelled_name(node)}' wrapped or passed on", node)

    # Decorated functions ---------------------------------------------------------------

    def _function(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for decorator in function.decorator_list:
            self.decorator_uses.add(id(decorator))
            kind = spelled_name(decorator)
            if kind in INTEGRATION_PRODUCERS or self._is_integration_producer(decorator):
                self._unlisted(f"@{kind} '{function.name}'", decorator)
            if kind not in DEFINITION_DECORATORS:
                continue
            self.definitions.append([kind, function.name])
            if kind in ASSET_DECORATORS:
                self._legacy_asset_keys(function, decorator)
                self._asset_keys(function, kind, decorator)
            break

    def _legacy_asset_keys(self, function: ast.FunctionDef, decorator: ast.AST) -> None:
        self.legacy_keys.add(function.name)
        if isinstance(decorator, ast.Call):
            for keyword in decorator.keywords:
                if keyword.arg in {"name", "key"}:
                    self.legacy_keys.update(_legacy_segments(keyword.value))
                elif keyword.arg == "outs" and isinstance(keyword.value, ast.Dict):
                    for out_key in keyword.value.keys:
                        self.legacy_keys.update(_legacy_segments(out_key))

    def _asset_keys(self, function: ast.FunctionDef, kind: str, decorator: ast.AST) -> None:
        label = f"@{kind} '{function.name}'"
        call = decorator if isinstance(decorator, ast.Call) else None
        if call is not None and _has_keyword_expansion(call):
            self._unlisted(f"{label} with **keywords", call)
            return
        if kind in _SINGLE_ASSET_DECORATORS:
            self._single_asset_key(function, label, call)
        elif kind in _MULTI_ASSET_DECORATORS and call is not None:
            self._multi_asset_keys(label, call)

    def _single_asset_key(self, function: ast.FunctionDef, label: str, call: ast.Call | None) -> None:
        key = _argument(call, "key") if call else None
        if key is not None:
            self._add_key(literal_key(key), label, key)
            return
        name = _argument(call, "name") if call else None
        if name is None:
            segment = function.name
        elif isinstance(name, ast.Constant) and isinstance(name.value, str):
            segment = name.value
        else:
            self._unlisted(f"{label} with a name computed at run time", name)
            return
        prefix = literal_prefix(_argument(call, "key_prefix") if call else None)
        if prefix is None:
            self.names.add(segment)  # the prefix is computed, the name is not
        else:
            self.keys.add((*prefix, segment))

    def _multi_asset_keys(self, label: str, call: ast.Call) -> None:
        outs = _argument(call, "outs")
        if isinstance(outs, ast.Dict):
            for out_name, out in zip(outs.keys, outs.values):
                if not (isinstance(out_name, ast.Constant) and isinstance(out_name.value, str)):
                    self._unlisted(f"{label} with an output name computed at run time", outs)
                    continue
                self._out_key(label, out_name.value, out)
        elif outs is not None:
            self._unlisted(f"{label} with outs computed at run time", outs)
        specs = _argument(call, "specs")
        # A literal list of specs is read where each AssetSpec is (see _call); so is a
        # module-level list of them given by name.
        if specs is not None and not (
            isinstance(specs, (ast.List, ast.Tuple))
            or (isinstance(specs, ast.Name) and specs.id in self.module_lists)
        ):
            self._unlisted(f"{label} with specs computed at run time", specs)

    def _out_key(self, label: str, out_name: str, out: ast.AST) -> None:
        if not (isinstance(out, ast.Call) and spelled_name(out) == "AssetOut"):
            self.names.add(out_name)
            return
        key = _argument(out, "key", 1)
        if key is not None:
            self._add_key(literal_key(key), label, key)
            return
        prefix = literal_prefix(_argument(out, "key_prefix", 0))
        if prefix is None:
            self.names.add(out_name)
        else:
            self.keys.add((*prefix, out_name))

    def _add_key(self, key: tuple[str, ...] | None, label: str, node: ast.AST) -> None:
        if key is None:
            self._unlisted(f"{label} with a key computed at run time", node)
        else:
            self.keys.add(key)

    # Calls -------------------------------------------------------------------------------

    def _call(self, call: ast.Call) -> None:
        called = spelled_name(call)
        if called in _KEY_ARGUMENTS:
            keyword, position = _KEY_ARGUMENTS[called]
            self.legacy_keys.update(_legacy_segments(_argument(call, keyword, position)))
        if called in _DECLARING_CLASSES:
            self._add_key(literal_key(_argument(call, "key", 0)), f"{called}(...)", call)
        elif called == "replace_attributes" and _argument(call, "key") is not None:
            self._add_key(literal_key(_argument(call, "key")), "replace_attributes(key=...)", call)
        elif id(call) in self.decorators:
            pass  # read with its function (see _function)
        elif called in INTEGRATION_PRODUCERS or self._is_integration_producer(call):
            self._unlisted(f"{called}(...)", call)
        elif called in ASSET_DECORATORS:
            self._unlisted(f"{called}(...) applied by a call", call)
        if called in _ALL_LOADERS:
            self._loader(called, call)
        elif called == "Definitions":
            self._definitions_assets(call)

    def _is_integration_producer(self, node: ast.AST) -> bool:
        """A decorator or function of a ``dagster_*`` integration package that makes assets
        or definitions (``build_fivetran_assets``, ``load_tableau_asset_specs``...)."""
        called = spelled_name(node)
        if not called or not any(word in called for word in ("asset", "defs", "specs")):
            return False
        target = node.func if isinstance(node, ast.Call) else node
        root = target
        while isinstance(root, ast.Attribute):
            root = root.value
        if not isinstance(root, ast.Name):
            return False
        module = self.imports.get(root.id, "")
        return module.split(".", 1)[0].startswith("dagster_")

    def _loader(self, called: str, call: ast.Call) -> None:
        for keyword in call.keywords:
            if keyword.arg in _PREFIX_ARGUMENTS or keyword.arg is None:
                self._unlisted(f"{called}(...) renaming keys with {keyword.arg}", call)
                return
        if called == "load_assets_from_current_module":
            return
        arguments = [*call.args, *(k.value for k in call.keywords)]
        if called in _NAME_LOADERS:
            for argument in arguments[:1]:
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    self.loaded_modules.add(argument.value)
                else:
                    self._unlisted(f"{called}(...) of a package named at run time", call)
            return
        for argument in arguments[:1]:
            elements = argument.elts if isinstance(argument, (ast.List, ast.Tuple)) else [argument]
            for element in elements:
                module = self._module_of(element)
                if module is None:
                    self._unlisted(f"{called}(...) of a module the linter cannot follow", call)
                else:
                    self.loaded_modules.add(module)

    def _definitions_assets(self, call: ast.Call) -> None:
        assets = _argument(call, "assets")
        if not isinstance(assets, (ast.List, ast.Tuple)):
            return
        for element in assets.elts:
            if isinstance(element, ast.Starred):
                element = element.value
            if isinstance(element, ast.Name) and element.id in self.imports:
                self.loaded_modules.add(self.imports[element.id])

    def _module_of(self, node: ast.AST) -> str | None:
        """The module a name or dotted name refers to through the module's imports."""
        dotted = []
        while isinstance(node, ast.Attribute):
            dotted.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name) or node.id not in self.imports:
            return None
        return ".".join([self.imports[node.id], *reversed(dotted)])


def _legacy_segments(node: ast.AST | None) -> list[str]:
    """The last segment of the literal asset key ``node`` spells, by the module model's rule
    (``names.last_key_segment``)."""
    if node is None:
        return []
    try:
        literal = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return []
    segment = last_key_segment(literal)
    return [segment] if segment else []


# Registration: what a Definitions must list, and what the module's Definitions list ----------

#: Calls that register what their arguments reach.
_REGISTRAR_CLASSES = frozenset(
    {"Definitions", "RepositoryDefinition", "create_repository_using_definitions_args"}
)
#: Decorators whose function's result is registered (what its body reaches).
_REGISTRAR_DECORATORS = frozenset({"definitions", "repository"})
#: Loaders of a dg project's defs folder (what ``[tool.dg]`` projects load by themselves).
DEFS_FOLDER_LOADERS = frozenset({"load_from_defs_folder", "load_defs", "build_component_defs"})
#: Every call that registers what it reaches (``Definitions.merge`` besides).
REGISTRAR_CALLS = (
    _REGISTRAR_CLASSES
    | DEFINITION_MODULE_LOADERS
    | DEFINITION_NAME_LOADERS
    | DEFS_FOLDER_LOADERS
    | {"load_definitions_from_current_module"}
)
_DYNAMIC_IMPORTS = frozenset({"import_module", "__import__", "getattr"})


def empty_registry() -> dict:
    return {
        "defined": [], "bindings": {}, "imports": {}, "stars": [], "roots": [],
        "registrar": False, "defs_folder": False, "opaque": [],
    }


def registry_of_source(source: bytes) -> dict:
    """``registry_summary`` of a module's source, whatever its text; empty when it does not
    parse."""
    try:
        return registry_summary(ast.parse(source))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return empty_registry()


def registry_summary(tree: ast.Module) -> dict:
    """What the module defines that a ``Definitions`` must register, and what it registers.

    - ``defined``: module-level schedules, sensors and jobs, as ``[kind, name]``;
    - ``bindings``: every module-level name (assignment, function, class, list extended by
      ``append``...) with the references its value or body makes (dotted names, see
      ``module_scan.Statement``): reaching the name reaches them;
    - ``imports``, ``stars``: how the module's names resolve to other modules;
    - ``roots``: the references the module's registrars (``Definitions(...)``,
      ``Definitions.merge``, ``@definitions``, ``@repository``, ``load_definitions_from_*``)
      reach, where a registrar inside a function or class reaches what its top-level
      statement's name reaches;
    - ``registrar``: whether the module registers anything; ``defs_folder``: whether it loads
      a dg defs folder; ``opaque``: registrations that cannot be followed, as ``[reason, line]``.
    """
    return _registry(ModuleScan(REGISTRAR_CALLS, _REGISTRAR_DECORATORS).scan(tree))


def _registry(scan: ModuleScan) -> dict:
    registry = empty_registry()
    registry["imports"] = scan.imports
    registry["stars"] = scan.star_imports
    bindings: dict[str, set[str]] = {}
    for statement in scan.statements:
        _bind(statement, bindings, registry)
    registry["bindings"] = {name: sorted(refs) for name, refs in sorted(bindings.items())}
    registry["defs_folder"] = any(spelled_name(call) in DEFS_FOLDER_LOADERS for call in scan.calls)
    for registrar in scan.registrars:
        _reached(registrar, registry)
    registry["roots"] = sorted(set(registry["roots"]))
    return registry


def _bind(scanned: Statement, bindings: dict[str, set[str]], registry: dict) -> None:
    statement = scanned.node
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        bindings.setdefault(statement.name, set()).update(scanned.references)
        if not isinstance(statement, ast.ClassDef):
            for decorator in statement.decorator_list:
                kind = REGISTRABLE_DECORATORS.get(spelled_name(decorator) or "")
                if kind:
                    registry["defined"].append([kind, statement.name])
                    break
        return
    if isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        value = statement.value
        for target in targets:
            for name in _stored_names(target):
                bindings.setdefault(name, set()).update(scanned.references)
        if (
            isinstance(statement, (ast.Assign, ast.AnnAssign))
            and len(targets) == 1
            and isinstance(targets[0], ast.Name)
            and isinstance(value, ast.Call)
        ):
            kind = REGISTRABLE_CALLS.get(spelled_name(value) or "")
            if kind:
                registry["defined"].append([kind, targets[0].id])
        return
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        func = statement.value.func
        if isinstance(func, ast.Attribute) and func.attr in MUTATORS and isinstance(func.value, ast.Name):
            bindings.setdefault(func.value.id, set()).update(scanned.references)
        return
    if isinstance(statement, (ast.Import, ast.ImportFrom, ast.Expr, ast.Pass)):
        return
    # if/for/while/with/try/match at module level: everything bound inside may hold anything
    # the statement mentions (a list extended in a loop, a schedule defined in a branch).
    for name in scanned.stored:
        bindings.setdefault(name, set()).update(scanned.references)


def _stored_names(target: ast.AST) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for element in target.elts for name in _stored_names(element)]
    if isinstance(target, ast.Starred):
        return _stored_names(target.value)
    if isinstance(target, (ast.Attribute, ast.Subscript)):
        root = target.value
        while isinstance(root, (ast.Attribute, ast.Subscript)):
            root = root.value
        return [root.id] if isinstance(root, ast.Name) else []
    return []


def _reached(registrar, registry: dict) -> None:
    """Records what a registrar reaches, and whatever about it cannot be followed."""
    node, top = registrar.node, registrar.statement
    reached = references(node)
    registry["registrar"] = True
    if isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        registry["roots"].append(top.name)
    else:
        registry["roots"].extend(reached)
    line = getattr(node, "lineno", 0)
    if any(r.startswith(MODULE_REFERENCE) and r.endswith("?") for r in reached):
        registry["opaque"].append(["a loader given a module computed at run time", line])
    inner = [*ast.walk(node)]
    if registrar.parameters & {name.id for name in inner if isinstance(name, ast.Name)}:
        registry["opaque"].append(["definitions built from a function's parameters", line])
    for call in inner:
        if isinstance(call, ast.Call) and spelled_name(call) in _DYNAMIC_IMPORTS:
            registry["opaque"].append([f"{spelled_name(call)}(...) in a registration", call.lineno])
