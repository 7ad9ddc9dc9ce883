"""What the other modules of the linted package define: asset keys and decorated functions.

Assets are usually spread over several files, and a parameter may name an asset defined in a
sibling module without importing it (Dagster matches inputs by key). Before a check reports a
name as unknown it asks this index, so that it stays silent about assets defined elsewhere.

The index is a deliberate over-approximation: any function decorated with a name that looks
like a Dagster decorator, and the last segment of any literal key given to
``AssetSpec``/``AssetKey``/``SourceAsset``/``AssetOut``/``AssetIn``/``AssetDep``. A larger set
of known names can only suppress findings, never add one. It covers the enclosing top-level
package (or, outside any package, the file's own directory), and reads the summaries that
``asset_graph`` keeps of the whole project, so that each file is parsed once per process
(and, unchanged, not at all: see ``index_cache``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from astroid import nodes

from pylint_dagster_migration import asset_graph
from pylint_dagster_migration.names import ASSET_DECORATORS
from pylint_dagster_migration.project_root import package_root, project_root

#: Read no more than this many files of one package: a linter run inside a huge monorepo
#: must not stall on reading the world.
MAX_FILES = 3000


class ImportedDefinition(NamedTuple):
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


class ProjectIndex(NamedTuple):
    """Asset keys (last segments) and decorated functions of a package's modules.

    Every pylint process that lints a file of the package decodes it from the cache, so it
    is kept in the shape that decodes fastest: plain strings, the definitions as
    ``pkg.module.name`` -> decorator kind (``ImportedDefinition`` made only when asked for).
    """

    asset_keys: frozenset[str]
    kinds: dict[str, str]

    def definition(self, qualified: str) -> ImportedDefinition | None:
        kind = self.kinds.get(qualified)
        if kind is None:
            return None
        module_name, name = qualified.rsplit(".", 1)
        return ImportedDefinition(kind, name, module_name)


_INDEXES: dict[Path, ProjectIndex] = {}


def asset_keys_near(module: nodes.Module) -> frozenset[str]:
    """Asset keys (last segments) defined anywhere in the package around ``module``."""
    index = _index_for(module)
    return index.asset_keys if index else frozenset()


def imported_definition(module: nodes.Module, qualified: str) -> ImportedDefinition | None:
    """The decorated function that ``qualified`` (``pkg.assets.extract``) names, if any."""
    if "." not in qualified or not _may_be_in_project(module, qualified.split(".", 1)[0]):
        return None
    index = _index_for(module)
    if index is None:
        return None
    return index.definition(qualified)


def _may_be_in_project(module: nodes.Module, top_level: str) -> bool:
    """Whether an import whose first segment is ``top_level`` can be a module of the package
    around ``module`` (so ``pandas`` or ``requests`` never make the index be read)."""
    if not module.file or not module.file.endswith(".py"):
        return False
    root, recursive = package_root(Path(module.file).parent)
    if recursive:
        return top_level == root.name
    return (root / f"{top_level}.py").is_file() or (root / top_level / "__init__.py").is_file()


def _index_for(module: nodes.Module) -> ProjectIndex | None:
    if not module.file or not module.file.endswith(".py"):
        return None
    try:
        root, recursive = package_root(Path(module.file).parent)
        key = root if recursive else root / "__flat__"
        if key not in _INDEXES:
            _INDEXES[key] = _build_index(root, recursive)
        return _INDEXES[key]
    except OSError:
        return None


def _build_index(root: Path, recursive: bool) -> ProjectIndex:
    around = project_root(root)
    if around != root and around not in root.parents:
        around = root
    project = asset_graph.project_files(around)
    return project.derived(
        f"siblings:{root}:{recursive}",
        lambda: _index_of(project.summaries, root, recursive),
        _encode_index,
        _decode_index,
    )


def _index_of(summaries: dict[str, dict], root: Path, recursive: bool) -> ProjectIndex:
    asset_keys: set[str] = set()
    kinds: dict[str, str] = {}
    base = str(root)
    # Module names are dotted paths from the package's parent (or the flat directory).
    names_from = len(os.path.join(str(root.parent) if recursive else base, ""))
    count = 0
    for path in sorted(summaries):
        directory = os.path.dirname(path)
        if recursive:
            if not (directory == base or directory.startswith(base + os.sep)):
                continue
        elif directory != base:
            continue
        count += 1
        if count > MAX_FILES:
            break
        summary = summaries[path]
        module_name = _module_name(path[names_from:])
        for kind, name in summary["definitions"]:
            kinds[f"{module_name}.{name}"] = kind
        asset_keys.update(summary["legacy_keys"])
    return ProjectIndex(frozenset(asset_keys), kinds)


def _encode_index(index: ProjectIndex) -> dict:
    by_kind: dict[str, list[str]] = {}
    for qualified, kind in sorted(index.kinds.items()):
        by_kind.setdefault(kind, []).append(qualified)
    return {"asset_keys": sorted(index.asset_keys), "definitions": by_kind}


def _decode_index(stored: dict) -> ProjectIndex:
    # Flat lists of names, one per decorator kind, turned into a mapping in C: no Python code
    # runs per definition.
    kinds: dict[str, str] = {}
    for kind, qualified in stored["definitions"].items():
        kinds.update(dict.fromkeys(qualified, kind))
    return ProjectIndex(frozenset(stored["asset_keys"]), kinds)


def _module_name(relative: str) -> str:
    parts = os.path.splitext(relative)[0].split(os.sep)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)
