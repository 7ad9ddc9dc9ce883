"""The project's asset keys as a whole: which keys its modules produce or declare, and whether
some producer's keys cannot be listed from the syntax.

The project is the directory ``project_root`` finds (or the one the user names). Its Python
files are read with ``module_index`` (standard library ``ast``; nothing imported or run), once
per process and project, and from the on-disk cache when their size and modification time are
unchanged (``index_cache``). Tests of the project are not producers of record: an asset a test
builds is not one the deployment has.

The linted module itself is always taken as pylint sees it: with ``--from-stdin`` (editors)
its text replaces the file's version on disk, so that an unsaved buffer is judged against
what it says now.
"""

from __future__ import annotations

import difflib
import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pylint_dagster_migration import index_cache
from pylint_dagster_migration.files import is_skipped_directory
from pylint_dagster_migration.module_index import summarize

#: Stop reading a project past this many Python files: an index of part of a huge monorepo
#: is treated as one whose keys cannot all be listed.
MAX_FILES = 20_000
MAX_FILE_BYTES = 1_000_000
#: Files that declare ``dg`` components, whose assets only Dagster can list.
COMPONENT_FILES = frozenset({"defs.yaml", "component.yaml"})

AssetKeyPath = tuple[str, ...]


def user_string(key: AssetKeyPath) -> str:
    """How Dagster prints a key to users: ``raw/orders``."""
    return "/".join(key)


def is_test_path(relative: Path) -> bool:
    """Tests of the project: ``tests/``, ``test/``, ``*_tests/``, ``test_*.py``, ``*_test.py``,
    ``conftest.py`` (the layout ``model.is_test_module`` reads from dotted names)."""
    *directories, filename = relative.parts
    stem = filename[:-3] if filename.endswith(".py") else filename
    if stem == "conftest" or stem.startswith("test_") or stem.endswith("_test"):
        return True
    return any(d in {"tests", "test"} or d.endswith("_tests") for d in directories)


@dataclass
class ProjectFiles:
    """The summaries of a project's Python files, by absolute path."""

    root: Path
    summaries: dict[str, dict] = field(default_factory=dict)
    #: Top-level packages and modules of the project (what ``import x`` finds in it).
    top_level_names: set[str] = field(default_factory=set)
    component_files: list[str] = field(default_factory=list)
    truncated: bool = False
    _catalog: AssetCatalog | None = None


_PROJECTS: dict[Path, ProjectFiles] = {}


def project_files(root: Path) -> ProjectFiles:
    """The (per-process cached) summaries of every Python file under ``root``."""
    root = root.resolve()
    if root not in _PROJECTS:
        _PROJECTS[root] = _read_project(root)
    return _PROJECTS[root]


def forget_projects() -> None:
    """Drop the per-process index (tests, and long-lived processes that lint again)."""
    _PROJECTS.clear()


def _read_project(root: Path) -> ProjectFiles:
    project = ProjectFiles(root)
    cached = index_cache.load(root)
    fresh: index_cache.Entries = {}
    count = 0
    for directory, subdirectories, filenames in os.walk(root):
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if not is_skipped_directory(os.path.join(directory, name))
        )
        is_package = "__init__.py" in filenames
        for filename in sorted(filenames):
            path = os.path.join(directory, filename)
            if filename in COMPONENT_FILES:
                project.component_files.append(path)
            if not filename.endswith(".py"):
                continue
            count += 1
            if count > MAX_FILES:
                project.truncated = True
                break
            if not is_package:
                project.top_level_names.add(filename[:-3])
            elif filename == "__init__.py":
                _add_top_level_package(project, directory)
            summary = _summary(path, cached, fresh)
            if summary is not None:
                project.summaries[path] = summary
        if project.truncated:
            break
    if fresh != cached:
        index_cache.save(root, fresh)
    return project


def _add_top_level_package(project: ProjectFiles, directory: str) -> None:
    top = directory
    while os.path.isfile(os.path.join(os.path.dirname(top), "__init__.py")) and top != project.root:
        top = os.path.dirname(top)
    project.top_level_names.add(os.path.basename(top))


def _summary(path: str, cached: index_cache.Entries, fresh: index_cache.Entries) -> dict | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    if status.st_size > MAX_FILE_BYTES:
        return None
    entry = cached.get(path)
    if entry and entry[0] == status.st_size and entry[1] == status.st_mtime_ns:
        fresh[path] = entry
        return entry[2]
    try:
        with open(path, "rb") as stream:
            source = stream.read()
    except OSError:
        return None
    summary = summarize(source)
    fresh[path] = (status.st_size, status.st_mtime_ns, summary)
    return summary


@dataclass(frozen=True)
class AssetCatalog:
    """The asset keys a project produces or declares, for judging the keys code depends on."""

    #: Full paths of literal keys.
    keys: frozenset[AssetKeyPath]
    #: Last segments of keys whose prefix is not a literal: any key ending so may be one.
    names: frozenset[str]
    #: Producers whose keys cannot be listed, as "what (file:line)"; empty when every key is.
    unlisted: tuple[str, ...]

    @property
    def is_complete(self) -> bool:
        return not self.unlisted

    def knows(self, key: AssetKeyPath) -> bool:
        if key in self.keys or key[-1] in self.names:
            return True
        # Dagster resolves a one-segment dependency to the asset of that name in the same
        # group (resolve_assets_def_deps), whatever its prefix: deps=["orders"] may well be
        # raw/orders. Groups are often set where the linter cannot see them (loaders,
        # map_asset_specs), so such a name is taken as known.
        return len(key) == 1 and key[0] in self.last_segments

    @functools.cached_property
    def last_segments(self) -> frozenset[str]:
        return frozenset(key[-1] for key in self.keys)

    def closest(self, key: AssetKeyPath) -> AssetKeyPath | None:
        """The known key most like ``key`` (``difflib``), when one is close."""
        by_text = {user_string(known): known for known in self.keys}
        matches = difflib.get_close_matches(user_string(key), sorted(by_text), n=1, cutoff=0.75)
        return by_text[matches[0]] if matches else None

    def typo_of(self, key: AssetKeyPath) -> AssetKeyPath | None:
        """The known key ``key`` is a likely misspelling of (see ``is_typo``), or None."""
        typos = [known for known in self.keys if is_typo(key, known)]
        if not typos:
            return None
        return min(typos, key=lambda known: (edit_distance(user_string(key), user_string(known)), known))


def is_typo(key: AssetKeyPath, known: AssetKeyPath) -> bool:
    """Whether ``key`` differs from ``known`` by a slip of the keyboard: one edit (two in a key
    of ten characters or more), in the same number of segments, and not only in digits
    (``orders_2023`` next to ``orders_2024`` is another asset, not a typo)."""
    if key == known or len(key) != len(known):
        return False
    typed, meant = user_string(key), user_string(known)
    if _without_digits(typed) == _without_digits(meant):
        return False
    allowed = 1 if len(meant) < 10 else 2
    return edit_distance(typed, meant) <= allowed


def _without_digits(text: str) -> str:
    return "".join(character for character in text if not character.isdigit())


def edit_distance(first: str, second: str) -> int:
    """Levenshtein distance with adjacent transpositions (optimal string alignment)."""
    previous2: list[int] = []
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, start=1):
        current = [i] + [0] * len(second)
        for j, b in enumerate(second, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def catalog_for(
    root: Path,
    linted_file: Path,
    linted_source: bytes | None,
    external_keys: Iterable[AssetKeyPath] = (),
) -> AssetCatalog:
    """The asset catalog of the project at ``root``, as seen from ``linted_file``.

    ``linted_source`` is the text pylint lints when it is not the file on disk (``--from-stdin``);
    it replaces the file's version in the index. ``external_keys`` are known keys produced
    outside the project (option ``dagster-external-asset-keys``).
    """
    project = project_files(root)
    path = str(linted_file.resolve())
    summaries = project.summaries
    if linted_source is not None or path not in summaries:
        if linted_source is None:
            try:
                linted_source = Path(path).read_bytes()
            except OSError:
                linted_source = b""
        replacement = summarize(linted_source)
        if summaries.get(path) != replacement:
            catalog = _aggregate(project, {**summaries, path: replacement})
            return _with_external(catalog, external_keys)
    if project._catalog is None:  # pylint: disable=protected-access
        project._catalog = _aggregate(project, summaries)  # pylint: disable=protected-access
    return _with_external(project._catalog, external_keys)  # pylint: disable=protected-access


def _with_external(catalog: AssetCatalog, external_keys: Iterable[AssetKeyPath]) -> AssetCatalog:
    external = frozenset(external_keys)
    if not external:
        return catalog
    return AssetCatalog(catalog.keys | external, catalog.names, catalog.unlisted)


def _aggregate(project: ProjectFiles, summaries: dict[str, dict]) -> AssetCatalog:
    keys: set[AssetKeyPath] = set()
    names: set[str] = set()
    unlisted: list[str] = []
    for path, summary in sorted(summaries.items()):
        relative = Path(os.path.relpath(path, project.root))
        if is_test_path(relative):
            continue
        keys.update(tuple(key) for key in summary["keys"])
        names.update(summary["names"])
        unlisted.extend(f"{reason} ({relative}:{line})" for reason, line in summary["unlisted"])
        for module in summary["loaded_modules"]:
            if not _is_project_module(module, project):
                unlisted.append(f"assets loaded from module '{module}' ({relative})")
    unlisted.extend(
        f"components declared in {os.path.relpath(path, project.root)}"
        for path in project.component_files
    )
    if project.truncated:
        unlisted.append(f"more than {MAX_FILES} Python files under {project.root}")
    return AssetCatalog(frozenset(keys), frozenset(names), tuple(unlisted))


def _is_project_module(module: str, project: ProjectFiles) -> bool:
    if module.startswith("."):
        return True  # a relative import stays inside its package
    top = module.split(".", 1)[0]
    if top == "dagster":
        return True  # Dagster's own objects produce no assets of the project
    return top in project.top_level_names
