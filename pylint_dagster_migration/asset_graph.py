"""The project's asset keys as a whole: which keys its modules produce or declare, and whether
some producer's keys cannot be listed from the syntax.

The project is the directory ``project_root`` finds (or the one the user names). Its Python
files are read with ``module_index`` (standard library ``ast``; nothing imported or run), once
per process and project, and from the on-disk cache when their size and modification time are
unchanged (``index_cache``); a cold index of a big project is summarized in worker processes
(``_summarize_files``). Tests of the project are not producers of record: an asset a test
builds is not one the deployment has.

The linted module itself is always taken as pylint sees it: with ``--from-stdin`` (editors)
its text replaces the file's version on disk, so that an unsaved buffer is judged against
what it says now.
"""

from __future__ import annotations

import functools
import itertools
import operator
import os
import sys
from array import array
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

from pylint_dagster_migration import index_cache
from pylint_dagster_migration.files import is_skipped_directory
from pylint_dagster_migration.project_root import package_root, read_toml


def summarize(source: str | bytes) -> dict:
    """``module_index.summarize``: the summarizer (and its scanner) is imported when a file is
    read, not in a pylint run that finds every summary it needs in the cache."""
    # pylint: disable-next=import-outside-toplevel
    from pylint_dagster_migration import module_index

    return module_index.summarize(source)


#: Stop reading a project past this many Python files: an index of part of a huge monorepo
#: is treated as one whose keys cannot all be listed.
MAX_FILES = 20_000
MAX_FILE_BYTES = 1_000_000
#: At most this many worker processes summarize a cold project (see ``_summarize_files``).
MAX_WORKERS = 4
#: Files that declare ``dg`` components, whose assets only Dagster can list.
COMPONENT_FILES = frozenset({"defs.yaml", "component.yaml"})
#: Files that may declare a dg project (``[tool.dg]``), whose defs folder Dagster loads.
DG_PROJECT_FILES = frozenset({"pyproject.toml", "dg.toml"})

AssetKeyPath = tuple[str, ...]


def user_string(key: AssetKeyPath) -> str:
    """How Dagster prints a key to users: ``raw/orders``."""
    return "/".join(key)


def is_test_path(relative: Path | str) -> bool:
    """Tests of the project: ``tests/``, ``test/``, ``*_tests/``, ``test_*.py``, ``*_test.py``,
    ``conftest.py`` (the layout ``model.is_test_module`` reads from dotted names)."""
    *directories, filename = relative.split(os.sep) if isinstance(relative, str) else relative.parts
    stem = filename[:-3] if filename.endswith(".py") else filename
    if stem == "conftest" or stem.startswith("test_") or stem.endswith("_test"):
        return True
    return any(d in {"tests", "test"} or d.endswith("_tests") for d in directories)


# The classes of this module are plain classes and named tuples rather than dataclasses: a
# dataclass costs a millisecond or more to define, paid by every pylint run that loads the plugin.
class ProjectFiles:  # pylint: disable=too-many-instance-attributes
    """A project's Python files, their summaries, and what is derived from them.

    Reading the files' sizes and modification times is all an unchanged project costs: the
    summaries (``summaries``) are read from the on-disk cache only when something derived from
    them is not cached already (``derived``), keyed by the fingerprint of those times.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        #: path -> (size, modification time) of every Python file the index reads.
        self.files: dict[str, tuple[int, int]] = {}
        #: Top-level packages and modules of the project (what ``import x`` finds in it).
        self.top_level_names: set[str] = set()
        self.component_files: list[str] = []
        #: ``pyproject.toml`` and ``dg.toml`` files (a dg project loads its defs folder itself).
        self.project_files: list[str] = []
        self.truncated = False
        self._summaries: dict[str, dict] | None = None
        self._derived: dict[str, Any] = {}

    @property
    def summaries(self) -> dict[str, dict]:
        """The summary of every Python file, by absolute path (read on first use)."""
        if self._summaries is None:
            self._summaries = _read_summaries(self)
        return self._summaries

    def relative(self, path: str) -> str:
        """``path`` relative to the root (string slicing: this runs for every file)."""
        prefix = self.root_prefix
        return path[len(prefix) :] if path.startswith(prefix) else os.path.relpath(path, self.root)

    @functools.cached_property
    def root_prefix(self) -> str:
        return os.path.join(str(self.root), "")

    @functools.cached_property
    def fingerprint(self) -> str:
        """What everything derived from the files depends on: their paths, sizes and times."""
        digest = index_cache.blake2b(digest_size=16)
        digest.update(f"{index_cache.CACHE_FORMAT}|{self.truncated}".encode())
        # The paths joined, then every (size, time) as 64-bit integers, each made in C with no
        # formatting per file: every process that lints pays for this.
        paths = sorted(self.files)
        digest.update("\0".join(paths).encode("utf-8", "surrogateescape"))
        digest.update(array("q", itertools.chain.from_iterable(map(self.files.__getitem__, paths))))
        for path in [*self.component_files, *self.project_files]:
            digest.update(f"|{path}|{_modified(path)}".encode("utf-8", "surrogateescape"))
        return digest.hexdigest()

    def derived(self, name: str, build: Callable[[], Any], encode: Callable[[Any], Any],
                decode: Callable[[Any], Any]) -> Any:
        """The value ``build`` derives from the project, built once per process and, while the
        project is unchanged, once for all processes (stored ``encode``d beside the index)."""
        if name in self._derived:
            return self._derived[name]
        stored = index_cache.load_derived(self.root, name, self.fingerprint)
        value = None
        if stored is not None:
            try:
                value = decode(stored)
            except (AttributeError, KeyError, TypeError, ValueError):
                value = None  # a damaged entry is a miss
        if value is None:
            value = build()
            index_cache.save_derived(self.root, name, self.fingerprint, encode(value))
        self._derived[name] = value
        return value


_PROJECTS: dict[Path, ProjectFiles] = {}


def project_files(root: Path) -> ProjectFiles:
    """The (per-process cached) files of the project at ``root``."""
    root = root.resolve()
    if root not in _PROJECTS:
        _PROJECTS[root] = _read_project(root)
    return _PROJECTS[root]


def forget_projects() -> None:
    """Drop the per-process index (tests, and long-lived processes that lint again)."""
    _PROJECTS.clear()
    _LINTED_VIEWS.clear()


def _read_project(root: Path) -> ProjectFiles:
    """The project's files with their sizes and times: a walk with ``os.scandir`` (as
    ``os.walk``, links to directories not followed, unreadable directories passed over), since
    this is what every process pays even when nothing has changed: one ``stat`` per Python
    file and as little Python per directory entry as the walk allows."""
    project = ProjectFiles(root)
    #: Package directory -> the top-level package it belongs to (the walk goes top-down).
    package_tops: dict[str, str] = {}
    pending = [str(root)]
    count = 0
    while pending and not project.truncated:
        directory = pending.pop()
        modules: list[os.DirEntry] = []
        subdirectories: list[str] = []
        is_package = False
        try:
            with os.scandir(directory) as listing:
                for entry in listing:
                    filename = entry.name
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            if not is_skipped_directory(entry.path):
                                subdirectories.append(entry.path)
                            continue
                    except OSError:
                        continue
                    if filename.endswith(".py"):
                        modules.append(entry)
                        is_package = is_package or filename == "__init__.py"
                    elif filename in COMPONENT_FILES:
                        project.component_files.append(entry.path)
                    elif filename in DG_PROJECT_FILES:
                        project.project_files.append(entry.path)
        except OSError:
            continue
        if is_package:
            top = package_tops[directory] = package_tops.get(os.path.dirname(directory), directory)
            project.top_level_names.add(os.path.basename(top))
        if count + len(modules) > MAX_FILES:
            # Which files are left out must not depend on the order the disk lists them in.
            modules = sorted(modules, key=lambda entry: entry.name)[: MAX_FILES - count]
            project.truncated = True
        count += len(modules)
        for entry in modules:
            if not is_package:
                project.top_level_names.add(entry.name[:-3])
            try:
                status = entry.stat()
            except OSError:
                continue
            if status.st_size <= MAX_FILE_BYTES:
                project.files[entry.path] = (status.st_size, status.st_mtime_ns)
        # Visited in name order, as os.walk does, whatever order the disk lists them in.
        pending.extend(sorted(subdirectories, reverse=True))
    project.component_files.sort()
    project.project_files.sort()
    return project


def _modified(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


def _read_summaries(project: ProjectFiles) -> dict[str, dict]:
    """Every file's summary: from the on-disk cache where its size and time are unchanged,
    else read and summarized now (and the cache updated)."""
    cached = index_cache.load(project.root)
    stale = [
        path for path, stat in project.files.items() if not _is_current(cached.get(path), stat)
    ]
    read = dict(zip(stale, _summarize_files(stale)))
    fresh: index_cache.Entries = {}
    summaries: dict[str, dict] = {}
    for path, (size, mtime) in project.files.items():
        if path in read:
            summary = read[path]
            if summary is None:
                continue  # unreadable
            fresh[path] = (size, mtime, summary)
        else:
            fresh[path] = cached[path]
            summary = cached[path][2]
        summaries[path] = summary
    if fresh != cached:
        index_cache.save(project.root, fresh)
    return summaries


def _is_current(entry: tuple[int, int, dict] | None, stat: tuple[int, int]) -> bool:
    """Whether a cached entry was read at the file's present size and modification time."""
    return entry is not None and (entry[0], entry[1]) == stat


#: Summarize the files to read in worker processes from this many on (a cold index of a big
#: project): below it, starting the workers costs more than it saves.
PARALLEL_THRESHOLD = 300


def _summarize_files(paths: list[str]) -> list[dict | None]:
    """The summaries of the files at ``paths``, in their order (None for a file that cannot
    be read): in worker processes when there are many and several CPUs, else here.

    The cyclic garbage collector is paused meanwhile, and so in the workers, which inherit
    the pause: each syntax tree is dropped at once and holds no cycle, and the summaries kept
    are thousands of small containers that the collector would otherwise walk again and
    again, with everything else the process holds (pylint's own trees).
    """
    # pylint: disable-next=import-outside-toplevel,unused-import  # once, before any fork
    from pylint_dagster_migration import module_index  # noqa: F401

    with index_cache.collector_paused():
        if len(paths) >= PARALLEL_THRESHOLD:
            try:
                summaries = _summarize_in_workers(paths)
            except Exception:  # pylint: disable=broad-exception-caught  # never crash pylint
                summaries = None
            if summaries is not None:
                return summaries
        return [_summarize_file(path) for path in paths]


def _summarize_file(path: str) -> dict | None:
    try:
        with open(path, "rb") as stream:
            source = stream.read()
    except OSError:
        return None
    return summarize(source)


def _summarize_in_workers(paths: list[str]) -> list[dict | None] | None:
    """The summaries of ``paths`` from forked worker processes, or None where workers would
    not help or are not safe: fewer than two idle CPUs, a system other than Linux (Windows
    cannot fork, and a worker started afresh imports everything again; macOS's system
    libraries are not safe to fork), a daemonic process (which may not have children), or a
    process with other threads (forking one may copy a lock another thread holds)."""
    # pylint: disable=import-outside-toplevel  # a cold index of a big project only
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor

    workers = min(_idle_cpus(), MAX_WORKERS)
    if (
        workers < 2
        or not sys.platform.startswith("linux")
        or "fork" not in multiprocessing.get_all_start_methods()
        or multiprocessing.current_process().daemon
        or threading.active_count() > 1
    ):
        return None
    chunk = max(len(paths) // (workers * 4), 1)
    # A broken worker raises here (BrokenProcessPool) rather than leaving the map waiting.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(_summarize_file, paths, chunksize=chunk))


def _idle_cpus() -> int:
    """The CPUs this process may run on that no other process is using now: on a busy machine,
    workers compete with the other processes (and pylint's own ``-j`` workers) and cost more
    than they save."""
    try:
        usable = len(os.sched_getaffinity(0))
        others = _running_tasks() - 1  # this process is one of them
    except (AttributeError, OSError, ValueError, IndexError):  # not Linux
        return 1
    return max(usable - others, 1)


def _running_tasks() -> int:
    """How many tasks are running or ready to run right now, by Linux's count (the fourth
    field of ``/proc/loadavg``; the load average itself trails by a minute)."""
    with open("/proc/loadavg", encoding="ascii") as stream:
        return int(stream.read().split()[3].split("/")[0])


class AssetCatalog(NamedTuple):
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

    @property
    def last_segments(self) -> frozenset[str]:
        return _last_segments(self.keys)

    def closest(self, key: AssetKeyPath) -> AssetKeyPath | None:
        """The known key most like ``key`` (``difflib``), when one is close."""
        import difflib  # pylint: disable=import-outside-toplevel  # only when reporting
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


@functools.lru_cache(maxsize=4)
def _last_segments(keys: frozenset[AssetKeyPath]) -> frozenset[str]:
    """The last segment of every key (a frozenset caches its hash: asked again, this is a
    dictionary lookup)."""
    return frozenset(map(operator.itemgetter(-1), keys))  # in C: thousands of keys


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
        return _with_external(replaced.value("catalog", _aggregate), external_keys)
    catalog = project.derived(
        "catalog", lambda: _aggregate(project, project.summaries), _encode_catalog, _decode_catalog
    )
    return _with_external(catalog, external_keys)


class _LintedView(NamedTuple):
    """The project as seen with one file's text replaced, and what is derived from it: the
    checks ask for the catalog and the registry several times per module."""

    project: ProjectFiles
    path: str
    source: bytes | None
    summaries: dict[str, dict] | None
    derived: dict[str, Any]

    def value(self, name: str, build: Callable[[ProjectFiles, dict[str, dict]], Any]) -> Any:
        if name not in self.derived:
            self.derived[name] = build(self.project, self.summaries)
        return self.derived[name]


#: The last linted file's view, per project root (one module is linted at a time).
_LINTED_VIEWS: dict[Path, _LintedView] = {}


def _with_linted_text(
    project: ProjectFiles, linted_file: Path, linted_source: bytes | None
) -> _LintedView | None:
    """The project with the linted file's text as pylint sees it (the ``--from-stdin`` text, or
    a file the index skipped), or None when that changes nothing, so the per-process catalog
    and registry serve. Worked out once per file and text."""
    path = str(linted_file.resolve())
    view = _LINTED_VIEWS.get(project.root)
    if (
        view is None
        or view.project is not project
        or view.path != path
        or view.source != linted_source
    ):
        view = _LINTED_VIEWS[project.root] = _LintedView(
            project, path, linted_source, _replaced_summaries(project, path, linted_source), {}
        )
    return view if view.summaries is not None else None


def _replaced_summaries(
    project: ProjectFiles, path: str, linted_source: bytes | None
) -> dict[str, dict] | None:
    if path in project.files:
        if linted_source is None or linted_source == _read(path):
            return None  # the file as the index read it
    elif linted_source is None:
        linted_source = _read(path)
    replacement = summarize(linted_source)
    summaries = project.summaries
    if summaries.get(path) == replacement:
        return None
    return {**summaries, path: replacement}


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as stream:
            return stream.read()
    except OSError:
        return b""


def _with_external(catalog: AssetCatalog, external_keys: Iterable[AssetKeyPath]) -> AssetCatalog:
    external = frozenset(external_keys)
    if not external:
        return catalog
    return AssetCatalog(catalog.keys | external, catalog.names, catalog.unlisted)


def _encode_catalog(catalog: AssetCatalog) -> dict:
    # Keys grouped by their number of segments, each group one flat list of strings: every
    # process decodes thousands of keys, and flat lists decode and regroup in C.
    by_length: dict[int, list[str]] = {}
    for key in sorted(catalog.keys):
        by_length.setdefault(len(key), []).extend(key)
    return {
        "keys": {str(length): segments for length, segments in by_length.items()},
        "names": sorted(catalog.names),
        "unlisted": list(catalog.unlisted),
    }


def _decode_catalog(stored: dict) -> AssetCatalog:
    keys: set[AssetKeyPath] = set()
    for length, segments in stored["keys"].items():
        keys.update(zip(*[iter(segments)] * int(length)))
    return AssetCatalog(frozenset(keys), frozenset(stored["names"]), tuple(stored["unlisted"]))


def _aggregate(project: ProjectFiles, summaries: dict[str, dict]) -> AssetCatalog:
    keys: set[AssetKeyPath] = set()
    names: set[str] = set()
    unlisted: list[str] = []
    for path, summary in sorted(summaries.items()):
        relative = project.relative(path)
        if is_test_path(relative):
            continue
        keys.update(tuple(key) for key in summary["keys"])
        names.update(summary["names"])
        unlisted.extend(f"{reason} ({relative}:{line})" for reason, line in summary["unlisted"])
        for module in summary["loaded_modules"]:
            if not _is_project_module(module, project):
                unlisted.append(f"assets loaded from module '{module}' ({relative})")
    unlisted.extend(
        f"components declared in {project.relative(path)}"
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


class Registry(NamedTuple):
    """What the project's ``Definitions`` (and loaders) reach, for judging whether each
    module-level schedule, sensor and job is registered (``definition-not-registered``)."""

    #: Modules a code location loads: registrars themselves, modules of a package with a
    #: registrar, modules a registrar imports, modules loaded whole, a dg project's defs folder.
    in_code_location: frozenset[str]
    #: path -> the ``[kind, name]`` of its schedules, sensors and jobs that nothing reaches.
    unreached: dict[str, list[list[str]]]
    #: Why nothing is judged: registrations the linter cannot follow.
    silenced: tuple[str, ...]

    def unregistered(self, path: str) -> list[tuple[str, str]]:
        """The schedules, sensors and jobs of the module at ``path`` that nothing registers,
        as ``(kind, name)``; none when the project's registration cannot be followed."""
        if self.silenced:
            return []
        return [(kind, name) for kind, name in self.unreached.get(path, [])]


def registry_for(root: Path, linted_file: Path, linted_source: bytes | None) -> Registry:
    """The registry of the project at ``root``, as seen from ``linted_file`` (whose text is
    ``linted_source`` when it is not the file on disk, see ``catalog_for``)."""
    project = project_files(root)
    replaced = _with_linted_text(project, linted_file, linted_source)
    if replaced is not None:
        return replaced.value("registry", _build_registry)
    return project.derived(
        "registry",
        lambda: _build_registry(project, project.summaries),
        _encode_registry,
        _decode_registry,
    )


def _encode_registry(registry: Registry) -> dict:
    return {
        "in_code_location": sorted(registry.in_code_location),
        "unreached": registry.unreached,
        "silenced": list(registry.silenced),
    }


def _decode_registry(stored: dict) -> Registry:
    return Registry(
        frozenset(stored["in_code_location"]), dict(stored["unreached"]), tuple(stored["silenced"])
    )


def _build_registry(project: ProjectFiles, summaries: dict[str, dict]) -> Registry:
    return _RegistryBuilder(project, summaries).build()


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
            relative = project.relative(path)
            if relative.startswith(os.pardir + os.sep) or is_test_path(relative):
                continue
            parts = tuple(os.path.splitext(relative)[0].split(os.sep))
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
            # pylint: disable-next=import-outside-toplevel  # see summarize
            from pylint_dagster_migration import module_index

            registry = self.registries[path] = module_index.registry_of_source(source)
        return registry

    # Resolution ------------------------------------------------------------------------

    def _relative(self, path: str) -> str:
        return self.project.relative(path)

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
        # pylint: disable-next=import-outside-toplevel  # see summarize
        from pylint_dagster_migration import module_scan

        if reference == module_scan.WHOLE_MODULE:
            self._reach_module(path)
            return
        if reference.startswith(module_scan.NAMED_MODULE):
            self._reach_absolute(reference[len(module_scan.NAMED_MODULE) :])
            return
        must_be_module = reference.startswith(module_scan.MODULE_REFERENCE)
        if must_be_module:
            reference = reference[len(module_scan.MODULE_REFERENCE) :]
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
        package_of = _PackageRoots()
        packages = {package_of(path) for path in registrars}
        for path in self.parts:
            package = package_of(path)
            if package in packages and package[1]:
                judged.add(path)
        for path in registrars:
            for target in self.registries[path]["imports"].values():
                judged.update(self._modules(self._absolute(path, target))[0])
        if self.project.truncated:
            self.silenced.append(f"more than {MAX_FILES} Python files under {self.project.root}")
        if not registrars and not folders:
            judged.clear()
        return Registry(frozenset(judged | self.whole), self._unreached(judged), tuple(self.silenced))

    def _unreached(self, judged: set[str]) -> dict[str, list[list[str]]]:
        """The definitions of each judged module (not loaded whole) that nothing reaches."""
        unreached: dict[str, list[list[str]]] = {}
        for path in sorted(judged - self.whole):
            registry = self.registries.get(path) or {}
            missing = [
                [kind, name]
                for kind, name in registry.get("defined", [])
                if (path, name) not in self.reached
            ]
            if missing:
                unreached[path] = missing
        return unreached


class _PackageRoots(dict):
    """``project_root.package_root`` of a file's directory, asked once per directory."""

    def __call__(self, path: str) -> tuple[Path, bool]:
        directory = os.path.dirname(path)
        if directory not in self:
            self[directory] = package_root(Path(directory))
        return self[directory]
