"""The project index's on-disk cache, in pylint's own cache directory (``PYLINT_HOME``).

One JSON file per project root holds each module's summary (``module_index``) with the size
and modification time it was read at; a module whose size and time are unchanged is not read
again. JSON rather than pickle: a cache file is data, and loading it must never run code.
Every failure (no cache directory, a read-only disk, a file another process is writing) is
a cache miss, never an error: the index is then built from the sources.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from pylint_dagster_migration.module_index import SUMMARY_VERSION

#: Bumped with the layout of the cache file (the summaries carry their own version).
CACHE_FORMAT = f"1.{SUMMARY_VERSION}"

#: path -> (size, mtime_ns, summary)
Entries = dict[str, tuple[int, int, dict]]


def cache_directory() -> Path:
    """Where pylint keeps its own data: ``$PYLINT_HOME``, or pylint's default."""
    configured = os.environ.get("PYLINT_HOME")
    if configured:
        return Path(configured)
    # pylint: disable-next=import-outside-toplevel
    from pylint.constants import PYLINT_HOME

    return Path(PYLINT_HOME)


def cache_file(root: Path) -> Path:
    digest = hashlib.sha256(str(root).encode("utf-8", "surrogateescape")).hexdigest()[:20]
    return cache_directory() / f"dagster_migration_index_{digest}.json"


def load(root: Path) -> Entries:
    try:
        with cache_file(root).open(encoding="utf-8") as stream:
            stored = json.load(stream)
    except (OSError, ValueError):
        return {}
    if not isinstance(stored, dict) or stored.get("format") != CACHE_FORMAT:
        return {}
    if stored.get("root") != str(root) or not isinstance(stored.get("files"), dict):
        return {}
    return {path: tuple(entry) for path, entry in stored["files"].items()}


def save(root: Path, entries: Entries) -> None:
    target = cache_file(root)
    data = {"format": CACHE_FORMAT, "root": str(root), "files": entries}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write aside and rename: parallel workers (-j N) and concurrent runs never read a
        # half-written file.
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(data, stream, separators=(",", ":"))
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass
