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

from pylint_dagster_migration import index_cache, module_index
from pylint_dagster_migration.files import is_skipped_directory
from pylint_dagster_migration.module_index import summarize
from pylint_dagster_migration.project_root import package_root, read_toml

#: Stop reading a project past this many Python files: an index of part of a huge monorepo
#: is treated as one whose keys cannot all be listed.
MAX_FILES = 20_000
MAX_FILE_BYTES = 1_000_000
#: Files that declare ``dg`` components, whose assets only Dagster can list.
COMPONENT_FILES = frozenset({"defs.yaml", "component.yaml"})
#: Files that may declare a dg project (``[tool.dg]``), whose defs folder Dagster loads.
DG_PROJECT_FILES = frozenset({"pyproject.toml", "dg.toml"})

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
    #: ``pyproject.toml`` and ``dg.toml`` files (a dg project loads its defs folder itself).
    project_files: list[str] = field(default_factory=list)
    truncated: bool = False
    _catalog: AssetCatalog | None = None
    _registry: Registry | None = None


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
            elif filename in DG_PROJECT_FILES:
                project.project_files.append(path)
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

    def verdict(self, key: AssetKeyPath) -> tuple[bool, AssetKeyPath | None]:
        """Whether an unknown ``key`` is worth reporting, and the known key to suggest.

        Where some producer's keys cannot be listed, only a near miss of a known key is surely
        wrong: any other unknown key may be one of those, so it is not reported.
        """
        if self.knows(key):
            return False, None
        if self.is_complete:
            return True, self.closest(key)
        suggestion = self.typo_of(key)
        return suggestion is not None, suggestion

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
    replaced = _with_linted_text(project, linted_file, linted_source)
    if replaced is not None:
        return _with_external(_aggregate(project, replaced), external_keys)
    if project._catalog is None:  # pylint: disable=protected-access
        project._catalog = _aggregate(project, project.summaries)  # pylint: disable=protected-access
    return _with_external(project._catalog, external_keys)  # pylint: disable=protected-access


def _with_linted_text(
    project: ProjectFiles, linted_file: Path, linted_source: bytes | None
) -> dict[str, dict] | None:
    """The project's summaries with the linted file's as pylint sees it (the ``--from-stdin``
    text, or a file the index skipped), or None when that changes nothing, so the per-process
    catalog and registry serve."""
    path = str(linted_file.resolve())
    summaries = project.summaries
    if linted_source is None and path in summaries:
        return None
    if linted_source is None:
        try:
            linted_source = Path(path).read_bytes()
        except OSError:
            linted_source = b""
    replacement = summarize(linted_source)
    if summaries.get(path) == replacement:
        return None
    return {**summaries, path: replacement}


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


# Registration: which schedules, sensors and jobs a Definitions reaches --------------------


@dataclass(frozen=True)
class Registry:
    """What the project's ``Definitions`` (and loaders) reach, for judging whether each
    module-level schedule, sensor and job is registered (``definition-not-registered``)."""

    #: (path, name) of every module-level name a registrar reaches.
    reached: frozenset[tuple[str, str]]
    #: Modules reached as a whole (a loader of the module or package, a defs folder).
    whole: frozenset[str]
    #: Modules whose definitions are judged: registrars themselves, modules of a package
    #: with a registrar, modules a registrar imports, and a dg project's defs folder.
    judged: frozenset[str]
    #: Why nothing is judged: registrations the linter cannot follow.
    silenced: tuple[str, ...]
    defined: dict[str, list[list[str]]]

    def unregistered(self, path: str) -> list[tuple[str, str]]:
        """The schedules, sensors and jobs of the module at ``path`` that nothing registers,
        as ``(kind, name)``; none when the project's registration cannot be followed."""
        if self.silenced or path not in self.judged or path in self.whole:
            return []
        return [
            (kind, name) for kind, name in self.defined.get(path, []) if (path, name) not in self.reached
        ]


def registry_for(root: Path, linted_file: Path, linted_source: bytes | None) -> Registry:
    """The registry of the project at ``root``, as seen from ``linted_file`` (whose text is
    ``linted_source`` when it is not the file on disk, see ``catalog_for``)."""
    project = project_files(root)
    replaced = _with_linted_text(project, linted_file, linted_source)
    if replaced is not None:
        return _RegistryBuilder(project, replaced).build()
    if project._registry is None:  # pylint: disable=protected-access
        project._registry = _RegistryBuilder(project, project.summaries).build()  # pylint: disable=protected-access
    return project._registry  # pylint: disable=protected-access


class _RegistryBuilder:  # pylint: disable=too-many-instance-attributes
    """Follows every registrar's references across the project's modules, by module name."""

    def __init__(self, project: ProjectFiles, summaries: dict[str, dict]) -> None:
        self.project = project
        self.registries: dict[str, dict] = {}
        self.parts: dict[str, tuple[str, ...]] = {}
        #: Every dotted suffix of a module's path from the root ("src.pkg.jobs", "pkg.jobs",
        #: "jobs"): the linter does not know the import path, and a name resolving to more
        #: modules only ever reaches more.
        self.aliases: dict[str, set[str]] = {}
        for path, summary in sorted(summaries.items()):
            relative = Path(os.path.relpath(path, project.root))
            if is_test_path(relative) or relative.parts[0] == "..":
                continue
            parts = relative.with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            if not parts:
                continue
            self.registries[path] = summary.get("registry")
            self.parts[path] = parts
            for start in range(len(parts)):
                self.aliases.setdefault(".".join(parts[start:]), set()).add(path)
        self.reached: set[tuple[str, str]] = set()
        self.whole: set[str] = set()
        self.silenced: list[str] = []

    def _registry(self, path: str) -> dict:
        """The module's registry record, read now for a module the index skipped (no Dagster in
        its text) that a reference passes through."""
        registry = self.registries[path]
        if registry is None:
            try:
                source = Path(path).read_bytes()
            except OSError:
                source = b""
            registry = self.registries[path] = module_index.registry_of_source(source)
        return registry

    # Resolution ------------------------------------------------------------------------

    def _relative(self, path: str) -> str:
        return os.path.relpath(path, self.project.root)

    def _absolute(self, path: str, target: str) -> str:
        if not target.startswith("."):
            return target
        level = len(target) - len(target.lstrip("."))
        parts = self.parts[path]
        package = parts if path.endswith("__init__.py") else parts[:-1]
        base = package[: max(len(package) - (level - 1), 0)]
        return ".".join(part for part in (*base, *target[level:].split(".")) if part)

    def _modules(self, dotted: str) -> tuple[set[str], list[str]]:
        """The project modules the longest prefix of ``dotted`` names, and the rest."""
        parts = dotted.split(".")
        for end in range(len(parts), 0, -1):
            found = self.aliases.get(".".join(parts[:end]))
            if found:
                return found, parts[end:]
        return set(), parts

    def _reach_absolute(self, dotted: str) -> None:
        modules, rest = self._modules(dotted)
        for module in sorted(modules):
            if rest:
                self._reach_name(module, rest[0])
            else:
                self._reach_package(module)

    def _reach_reference(self, path: str, reference: str, line_of: str) -> None:
        if reference == module_index.WHOLE_MODULE:
            self._reach_module(path)
            return
        if reference.startswith(module_index.NAMED_MODULE):
            self._reach_absolute(reference[len(module_index.NAMED_MODULE) :])
            return
        must_be_module = reference.startswith(module_index.MODULE_REFERENCE)
        if must_be_module:
            reference = reference[len(module_index.MODULE_REFERENCE) :]
        head, *rest = reference.split(".")
        registry = self._registry(path)
        if head in registry["imports"]:
            self._reach_absolute(".".join([self._absolute(path, registry["imports"][head]), *rest]))
            return
        if must_be_module:
            # A module computed at run time, or a name the linter cannot see: what it loads
            # cannot be known.
            self.silenced.append(f"a loader of '{reference}' in {line_of}")
            return
        if head in registry["bindings"]:
            self._reach_name(path, head)
            return
        for star in registry["stars"]:
            self._reach_absolute(f"{self._absolute(path, star)}.{reference}")

    def _reach_name(self, path: str, name: str) -> None:
        if (path, name) in self.reached:
            return
        self.reached.add((path, name))
        registry = self._registry(path)
        for reference in registry["bindings"].get(name, ()):
            self._reach_reference(path, reference, self._relative(path))
        if name in registry["imports"]:
            self._reach_absolute(self._absolute(path, registry["imports"][name]))
        for star in registry["stars"]:
            self._reach_absolute(f"{self._absolute(path, star)}.{name}")

    def _reach_module(self, path: str) -> None:
        if path in self.whole:
            return
        self.whole.add(path)
        registry = self._registry(path)
        for name in sorted({*registry["bindings"], *registry["imports"]}):
            self._reach_name(path, name)
        for star in registry["stars"]:
            self._reach_absolute(self._absolute(path, star))

    def _reach_package(self, path: str) -> None:
        self._reach_module(path)
        if path.endswith("__init__.py"):
            package = self.parts[path]
            for other, parts in sorted(self.parts.items()):
                if parts[: len(package)] == package and len(parts) > len(package):
                    self._reach_module(other)

    # The project -----------------------------------------------------------------------

    def _defs_folder_names(self) -> set[str]:
        """The names of the folders a dg project loads by itself (``defs``, or its
        ``defs_module``), or none when the project loads no defs folder."""
        folders: set[str] = set()
        for path in self.project.project_files:
            table = read_toml(Path(path))
            dg = table if path.endswith("dg.toml") else table.get("tool", {}).get("dg")
            if isinstance(dg, dict):
                folders.add("defs")
                defs_module = dg.get("project", {}).get("defs_module")
                if isinstance(defs_module, str) and defs_module:
                    folders.add(defs_module.rsplit(".", 1)[-1])
        if any(registry and registry["defs_folder"] for registry in self.registries.values()):
            folders.add("defs")
        return folders

    def build(self) -> Registry:
        registrars = [
            path for path, registry in self.registries.items() if registry and registry["registrar"]
        ]
        for path in registrars:
            registry = self.registries[path]
            self.silenced.extend(
                f"{reason} ({self._relative(path)}:{line})" for reason, line in registry["opaque"]
            )
            try:
                for reference in registry["roots"]:
                    self._reach_reference(path, reference, self._relative(path))
            except RecursionError:
                self.silenced.append(f"references too deep to follow from {self._relative(path)}")
        judged = set(registrars)
        folders = self._defs_folder_names()
        for path, parts in self.parts.items():
            directories = parts if path.endswith("__init__.py") else parts[:-1]
            if folders & set(directories):
                self._reach_module(path)
                judged.add(path)
        packages = {package_root(Path(path).parent) for path in registrars}
        for path in self.parts:
            if package_root(Path(path).parent) in packages and package_root(Path(path).parent)[1]:
                judged.add(path)
        for path in registrars:
            for target in self.registries[path]["imports"].values():
                judged.update(self._modules(self._absolute(path, target))[0])
        if self.project.truncated:
            self.silenced.append(f"more than {MAX_FILES} Python files under {self.project.root}")
        if not registrars and not folders:
            judged.clear()
        return Registry(
            frozenset(self.reached),
            frozenset(self.whole),
            frozenset(judged),
            tuple(self.silenced),
            {path: registry["defined"] for path, registry in self.registries.items() if registry},
        )
