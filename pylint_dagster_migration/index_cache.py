"""The project index's on-disk cache, in pylint's own cache directory (``PYLINT_HOME``).

One JSON file per project root holds each module's summary (``module_index``) with the size
and modification time it was read at; a module whose size and time are unchanged is not read
again. JSON rather than pickle: a cache file is data, and loading it must never run code.
Every failure (no cache directory, a read-only disk, a file another process is writing) is
a cache miss, never an error: the index is then built from the sources.

The file is read whole and decoded once per process and project (``asset_graph`` keeps what
it builds), with the standard library's C decoder and encoder: ``json.loads`` and
``json.dumps`` (``json.dump`` to a stream takes the pure-Python encoder, several times
slower). The cyclic garbage collector is paused meanwhile: decoding makes tens of thousands of
small lists and dicts, none of which can be part of a cycle, and the collector would otherwise
run over them again and again for nothing.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

try:
    # The C module hashlib wraps: importing hashlib itself loads OpenSSL, some 20 ms of a
    # one-file lint run, for two digests.
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

#: Bumped when ``module_index``'s record of a module changes shape or meaning: cached
#: records of older versions are then read again from the source.
SUMMARY_VERSION = 3
#: Bumped with the layout of the cache files (and with the summaries' version).
CACHE_FORMAT = f"2.{SUMMARY_VERSION}"

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
    digest = blake2b(str(root).encode("utf-8", "surrogateescape"), digest_size=10).hexdigest()
    return cache_directory() / f"dagster_migration_index_{digest}.json"


def load(root: Path) -> Entries:
    try:
        with cache_file(root).open("rb") as stream:
            text = stream.read()
        with collector_paused():
            stored = json.loads(text)
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(stored, dict) or stored.get("format") != CACHE_FORMAT:
        return {}
    files = stored.get("files")
    if stored.get("root") != str(root) or not isinstance(files, dict):
        return {}
    entries: Entries = {}
    for path, entry in files.items():
        # A damaged or hand-edited entry is a miss for that file, not an error later on.
        if (
            isinstance(entry, list)
            and len(entry) == 3
            and isinstance(entry[0], int)
            and isinstance(entry[1], int)
            and isinstance(entry[2], dict)
        ):
            entries[path] = (entry[0], entry[1], entry[2])
    return entries


def save(root: Path, entries: Entries) -> None:
    _write(cache_file(root), {"format": CACHE_FORMAT, "root": str(root), "files": entries})


def derived_file(root: Path, name: str) -> Path:
    """Where the value ``name`` derived from the project is kept: one file per value, so that
    a process reads only what its checks ask for."""
    digest = blake2b(name.encode("utf-8", "surrogateescape"), digest_size=6).hexdigest()
    index = cache_file(root)
    return index.with_name(f"{index.stem}_derived_{digest}.json")


def load_derived(root: Path, name: str, fingerprint: str) -> object:
    """The value ``name`` derived from the project when its files had ``fingerprint``; None
    when they have changed since (or nothing was stored)."""
    try:
        with derived_file(root, name).open("rb") as stream:
            text = stream.read()
        with collector_paused():
            stored = json.loads(text)
    except (OSError, ValueError, RecursionError):
        return None
    if (
        not isinstance(stored, dict)
        or stored.get("format") != CACHE_FORMAT
        or stored.get("root") != str(root)
        or stored.get("name") != name
        or stored.get("fingerprint") != fingerprint
    ):
        return None
    return stored.get("value")


def save_derived(root: Path, name: str, fingerprint: str, value: object) -> None:
    data = {"format": CACHE_FORMAT, "root": str(root), "name": name, "fingerprint": fingerprint,
            "value": value}
    _write(derived_file(root, name), data)


def _write(target: Path, data: dict) -> None:
    try:
        text = json.dumps(data, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError):
        return  # not plain data: no cache rather than a broken one
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write aside and rename: parallel workers (-j N) and concurrent runs never read a
        # half-written file.
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="ascii") as stream:
                stream.write(text)  # ASCII: json.dumps escapes everything else
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused meanwhile (see the module's docstring)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
