"""What the other modules of the linted project define: asset keys and decorated functions.

Assets are usually spread over several files, and a parameter may name an asset defined in a
sibling module without importing it (Dagster matches inputs by key). Before a check reports a
name as unknown it asks this index, so that it stays silent about assets defined elsewhere.

The index is a deliberate over-approximation, read with the standard library's ``ast`` (no
astroid build, no import): any function decorated with a name that looks like a Dagster
decorator, and any string given to ``AssetSpec``/``AssetKey``/``SourceAsset``/``AssetOut``.
A larger set of known names can only suppress findings, never add one. It is built once per
project directory per process, and only when a check needs it.
"""

from __future__ import annotations

import ast
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

from astroid import nodes

from pylint_dagster_migration.names import (
    ASSET_DECORATORS,
    DEFINITION_DECORATORS,
    KEY_ARGUMENTS,
    last_key_segment,
)

#: Stop reading a project past this many files: a linter run inside a huge monorepo must
#: not stall on reading the world.
MAX_FILES = 3000
MAX_FILE_BYTES = 1_000_000
SKIPPED_DIRECTORIES = frozenset(
    {"__pycache__", "node_modules", "site-packages", "venv", ".venv", "build", "dist"}
)
#: ``names.KEY_ARGUMENTS`` by the last name a call is spelled with (``from_user_string``
#: for ``dg.AssetKey.from_user_string``), as the standard library's tree spells it.
_KEY_ARGUMENTS = {name.rsplit(".", 1)[-1]: where for name, where in KEY_ARGUMENTS.items()}


@dataclass(frozen=True)
class ImportedDefinition:
    """A Dagster-decorated function found in another module of the project."""

    kind: str
    name: str
    module: str

    @property
    def is_asset(self) -> bool:
        return self.kind in ASSET_DECORATORS

    @property
    def decorator_label(self) -> str:
        return f"@{self.kind}"


@dataclass
class ProjectIndex:
    asset_keys: set[str] = field(default_factory=set)
    definitions: dict[tuple[str, str], ImportedDefinition] = field(default_factory=dict)


_INDEXES: dict[Path, ProjectIndex] = {}


def asset_keys_near(module: nodes.Module) -> frozenset[str] | set[str]:
    """Asset keys (last segments) defined anywhere in the project around ``module``."""
    index = _index_for(module)
    return index.asset_keys if index else frozenset()


def imported_definition(module: nodes.Module, qualified: str) -> ImportedDefinition | None:
    """The decorated function that ``qualified`` (``pkg.assets.extract``) names, if any."""
    if "." not in qualified or not _may_be_in_project(module, qualified.split(".", 1)[0]):
        return None
    index = _index_for(module)
    if index is None:
        return None
    module_name, name = qualified.rsplit(".", 1)
    return index.definitions.get((module_name, name))


def _may_be_in_project(module: nodes.Module, top_level: str) -> bool:
    """Whether an import whose first segment is ``top_level`` can be a module of the project
    around ``module`` (so ``pandas`` or ``requests`` never make the index be read)."""
    if not module.file or not module.file.endswith(".py"):
        return False
    root, recursive = _project_root_of(Path(module.file).parent)
    if recursive:
        return top_level == root.name
    return (root / f"{top_level}.py").is_file() or (root / top_level / "__init__.py").is_file()


def _index_for(module: nodes.Module) -> ProjectIndex | None:
    if not module.file or not module.file.endswith(".py"):
        return None
    try:
        root, recursive = _project_root_of(Path(module.file).parent)
        key = root if recursive else root / "__flat__"
        if key not in _INDEXES:
            _INDEXES[key] = _build_index(root, recursive)
        return _INDEXES[key]
    except OSError:
        return None


@functools.lru_cache(maxsize=1024)
def _project_root_of(directory: Path) -> tuple[Path, bool]:
    """The topmost package directory at or above ``directory`` (True), or, outside any
    package, the directory itself (False)."""
    directory = directory.resolve()
    if not (directory / "__init__.py").exists():
        return directory, False
    while (directory.parent / "__init__.py").exists() and directory.parent != directory:
        directory = directory.parent
    return directory, True


def _python_files(root: Path, recursive: bool):
    if not recursive:
        yield from sorted(root.glob("*.py"))
        return
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(
            d for d in subdirectories if d not in SKIPPED_DIRECTORIES and not d.startswith(".")
        )
        for filename in sorted(files):
            if filename.endswith(".py"):
                yield Path(directory) / filename


def _module_name(path: Path, root: Path, recursive: bool) -> str:
    base = root.parent if recursive else root
    parts = list(path.relative_to(base).with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _build_index(root: Path, recursive: bool) -> ProjectIndex:
    index = ProjectIndex()
    for count, path in enumerate(_python_files(root, recursive)):
        if count >= MAX_FILES:
            break
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                continue
            source = path.read_bytes()
            if b"dagster" not in source:
                continue
            tree = ast.parse(source)
        except (OSError, SyntaxError, ValueError, RecursionError):
            continue
        _index_module(index, tree, _module_name(path, root, recursive))
    return index


def _last_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def _key_segments(node: ast.AST | None) -> list[str]:
    """The last segment of the literal asset key ``node`` spells (``"a"``, ``["s", "a"]``),
    by the same rule as the module model (``names.last_key_segment``)."""
    if node is None:
        return []
    try:
        literal = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return []
    segment = last_key_segment(literal)
    return [segment] if segment else []


def _key_argument(call: ast.Call) -> ast.AST | None:
    keyword, position = _KEY_ARGUMENTS[_last_name(call.func)]
    for argument in call.keywords:
        if argument.arg == keyword:
            return argument.value
    return call.args[position] if len(call.args) > position else None


def _index_module(index: ProjectIndex, tree: ast.AST, module_name: str) -> None:
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                kind = _last_name(decorator)
                if kind not in DEFINITION_DECORATORS:
                    continue
                index.definitions[(module_name, node.name)] = ImportedDefinition(
                    kind, node.name, module_name
                )
                if kind in ASSET_DECORATORS:
                    index.asset_keys.add(node.name)
                    if isinstance(decorator, ast.Call):
                        for keyword in decorator.keywords:
                            if keyword.arg in {"name", "key"}:
                                index.asset_keys.update(_key_segments(keyword.value))
                            elif keyword.arg == "outs" and isinstance(keyword.value, ast.Dict):
                                for out_key in keyword.value.keys:
                                    index.asset_keys.update(_key_segments(out_key))
                break
        elif isinstance(node, ast.Call) and _last_name(node.func) in _KEY_ARGUMENTS:
            index.asset_keys.update(_key_segments(_key_argument(node)))
