"""Which directory is the Dagster project a linted file belongs to.

Checks that judge the project's asset graph as a whole (is this key produced anywhere?) must
see every code location that can produce a key, and nothing of a neighbouring project. From
the file's directory upwards, stopping at the repository root:

1. the outermost directory that declares a Dagster workspace (``workspace.yaml``,
   ``dagster_cloud.yaml``, a ``dg`` workspace: ``dg.toml`` or ``[tool.dg] directory_type =
   "workspace"``): Dagster's own statement that its code locations belong together;
2. otherwise the repository root (``.git``): the code locations of one repository depend on
   each other's keys, and pre-commit, CI and editors all run inside one repository, so the
   repository wins over a code location's own ``pyproject.toml`` nested in it;
3. otherwise, outside version control, the nearest Python project (``pyproject.toml``,
   ``setup.py``, ``setup.cfg``);
4. otherwise the package around the file (see ``package_root``).
"""

from __future__ import annotations

import functools
import stat
import sys
from pathlib import Path

WORKSPACE_FILES = ("workspace.yaml", "dagster_cloud.yaml")
PYTHON_PROJECT_FILES = ("pyproject.toml", "setup.py", "setup.cfg")


def read_toml(path: Path) -> dict:
    """The table in a TOML file, or an empty one when it is missing or malformed: a broken
    ``pyproject.toml`` must not break the lint."""
    # Imported here: most runs read no TOML at all, and the parser costs a one-file run more
    # than anything it reads.
    # pylint: disable=import-outside-toplevel
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except (OSError, ValueError):
        return {}


def _dg_table(directory: Path) -> dict:
    """The ``dg`` settings of a directory: ``dg.toml`` or ``[tool.dg]`` of its pyproject."""
    for name in ("dg.toml", "pyproject.toml"):
        try:
            status = (directory / name).stat()
        except OSError:
            continue
        if not stat.S_ISREG(status.st_mode):
            continue
        table = _read_toml_once(str(directory / name), status.st_size, status.st_mtime_ns)
        return table if name == "dg.toml" else table.get("tool", {}).get("dg", {})
    return {}


@functools.lru_cache(maxsize=64)
def _read_toml_once(path: str, size: int, modified: int) -> dict:
    """``read_toml``, once per file version: each check finds the project root from its own
    directory, and every walk up passes the same files (the tables are only read)."""
    del size, modified  # the cache key: a file rewritten since is read again
    return read_toml(Path(path))


def declares_workspace(directory: Path) -> bool:
    if any((directory / name).is_file() for name in WORKSPACE_FILES):
        return True
    if not ((directory / "dg.toml").is_file() or (directory / "pyproject.toml").is_file()):
        return False
    return _dg_table(directory).get("directory_type") == "workspace"


def is_repository_root(directory: Path) -> bool:
    # A work tree has a .git directory; a submodule or a linked work tree a .git file.
    return (directory / ".git").exists()


def is_python_project(directory: Path) -> bool:
    return any((directory / name).is_file() for name in PYTHON_PROJECT_FILES)


@functools.lru_cache(maxsize=1024)
def project_root(directory: Path) -> Path:
    """The root of the Dagster project around ``directory`` (see the module's docstring)."""
    directory = directory.resolve()
    outermost_workspace = nearest_python_project = None
    for candidate in (directory, *directory.parents):
        if declares_workspace(candidate):
            outermost_workspace = candidate
        if nearest_python_project is None and is_python_project(candidate):
            nearest_python_project = candidate
        if is_repository_root(candidate):
            return outermost_workspace or candidate
    return outermost_workspace or nearest_python_project or package_root(directory)[0]


@functools.lru_cache(maxsize=1024)
def package_root(directory: Path) -> tuple[Path, bool]:
    """The topmost package directory at or above ``directory`` (True), or, outside any
    package, the directory itself (False)."""
    directory = directory.resolve()
    if not (directory / "__init__.py").exists():
        return directory, False
    while (directory.parent / "__init__.py").exists() and directory.parent != directory:
        directory = directory.parent
    return directory, True
