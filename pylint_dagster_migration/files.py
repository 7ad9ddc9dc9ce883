"""Which Python files a directory holds for linting, and which directories are not the project's.

Dagster projects keep definitions in folders without ``__init__.py`` (``defs/`` of ``dg`` and
components), which pylint does not descend into inside a package. Listing the ``.py`` files
ourselves, at any depth, is how such folders get linted, as ruff lists them.

A walk must leave out what is not the project's own code: virtual environments, version
control and tool caches, build output and installed packages. The names are ruff's default
exclusions plus ``build``, ``__pycache__`` and ``*.egg-info``.
"""

from __future__ import annotations

import os
from collections.abc import Callable

#: Directories never walked into (besides hidden ones and virtual environments).
SKIPPED_DIRECTORY_NAMES = frozenset(
    {
        "__pycache__",
        "__pypackages__",
        "_build",
        "buck-out",
        "build",
        "dist",
        "node_modules",
        "site-packages",
        "venv",
    }
)


def is_skipped_directory(path: str) -> bool:
    """Whether the directory at ``path`` is tooling or installed code rather than the project's:
    hidden (``.git``, ``.venv``, ``.tox``, caches), a virtual environment under any name, build
    output, or installed packages."""
    name = os.path.basename(os.path.normpath(path))
    if (name.startswith(".") and name not in {".", ".."}) or name.endswith(".egg-info"):
        return True
    if os.path.isfile(os.path.join(path, "pyvenv.cfg")):
        return True
    # A package that happens to be called ``build`` or ``dist`` is code, not build output.
    return name in SKIPPED_DIRECTORY_NAMES and not os.path.isfile(os.path.join(path, "__init__.py"))


def python_files(directory: str, is_ignored: Callable[[str], bool]) -> list[str]:
    """The ``.py`` files under ``directory`` at any depth, sorted, as paths starting with
    ``directory``; skipped directories and whatever ``is_ignored`` (given a file or directory
    path) rejects are left out, and ``directory`` itself is always walked."""
    found = []
    # os.walk does not follow symbolic links to directories, so a link loop cannot trap it, and
    # it passes over a directory it cannot read instead of raising.
    for current, subdirectories, filenames in os.walk(directory):
        subdirectories[:] = [
            name
            for name in subdirectories
            if not is_skipped_directory(os.path.join(current, name))
            and not is_ignored(os.path.join(current, name))
        ]
        for name in filenames:
            path = os.path.join(current, name)
            # isfile: a dangling symbolic link named *.py is no file to lint.
            if name.endswith(".py") and os.path.isfile(path) and not is_ignored(path):
                found.append(os.path.normpath(path))
    return sorted(found)
