"""Importing a module of test source the way a code location does, for the tests that show
what Dagster does with it."""

from __future__ import annotations

import importlib.util
import itertools
import sys
from pathlib import Path
from types import ModuleType

_counter = itertools.count()


def import_source(directory: Path, source: str, prefix: str = "case") -> ModuleType:
    """Import ``source`` as a fresh module (a new name each time, so that no earlier import
    stands in for it), written into ``directory``."""
    name = f"{prefix}_{next(_counter)}"
    path = directory / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[name]
    return module
