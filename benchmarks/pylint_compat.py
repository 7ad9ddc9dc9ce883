"""pylint's own findings on real Dagster projects, without and with the plugin loaded.

    .venv/bin/python benchmarks/pylint_compat.py PROJECT [PROJECT...] [--files N] [--jobs N]

For each project, every ``.py`` file under it (hidden directories left out; the first
``--files`` of them, sorted, when given) is linted with pylint's default checkers and an empty
configuration, listed explicitly on the command line, twice: without the plugin, and with
``--load-plugins=pylint_dagster_migration``. The two runs of a project follow each other, so
that a change of load on the machine hits both alike. It prints, per pylint message (the
plugin's own ``73xx`` messages left out), how many findings each run has and the difference,
then the wall and CPU time of each run and their ratio (issue 13's target: at most 1.03).

``--show SYMBOL`` (repeatable) lists the findings of that message that the plugin removed, and
those that remain, to read them one by one.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

BIN = Path(sys.executable).parent
OUR_PREFIX = "73"


def python_files(project: Path, limit: int | None) -> list[str]:
    paths = sorted(
        str(path)
        for path in project.rglob("*.py")
        if not any(part.startswith(".") for part in path.relative_to(project).parts)
    )
    return paths[:limit] if limit else paths


def lint(paths: list[str], cwd: Path, jobs: int, *extra: str) -> tuple[list[dict], float, float]:
    """pylint's messages on ``paths`` (our own left out), and the run's wall and CPU time."""
    command = [str(BIN / "pylint"), f"--jobs={jobs}", "--exit-zero", "--persistent=n",
               f"--rcfile={os.devnull}", "--output-format=json2", "--score=n", *extra, *paths]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    try:
        messages = json.loads(completed.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        sys.exit(f"pylint failed on {cwd}:\n{completed.stderr[-2000:]}")
    return [m for m in messages if not m["messageId"][1:].startswith(OUR_PREFIX)], wall, cpu


def _where(message: dict) -> str:
    return f"{message['path']}:{message['line']}:{message['column']}: {message['message']}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("projects", type=Path, nargs="+")
    parser.add_argument("--files", type=int, help="lint only the first N files of each project")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--show", action="append", default=[], metavar="SYMBOL")
    arguments = parser.parse_args()

    totals = {"without": Counter(), "with": Counter()}
    times = {"without": [0.0, 0.0], "with": [0.0, 0.0]}
    shown: dict[str, list[str]] = {"removed": [], "kept": []}
    for project in arguments.projects:
        project = project.resolve()
        paths = python_files(project, arguments.files)
        runs = {
            "without": lint(paths, project, arguments.jobs),
            "with": lint(paths, project, arguments.jobs, "--load-plugins=pylint_dagster_migration"),
        }
        print(f"{project.name}: {len(paths)} files; without the plugin "
              f"{runs['without'][1]:.1f} s, with it {runs['with'][1]:.1f} s", flush=True)
        for label, (messages, wall, cpu) in runs.items():
            totals[label].update(m["symbol"] for m in messages)
            times[label][0] += wall
            times[label][1] += cpu
        kept = {_where(m) for m in runs["with"][0]}
        for message in runs["without"][0]:
            if message["symbol"] in arguments.show:
                shown["removed" if _where(message) not in kept else "kept"].append(
                    f"{message['symbol']}: {project.name}/{_where(message)}")

    symbols = sorted(set(totals["without"]) | set(totals["with"]),
                     key=lambda s: (totals["with"][s] - totals["without"][s], s))
    print(f"\n{'message':42s}{'without':>9s}{'with':>9s}{'change':>9s}")
    for symbol in symbols:
        before, after = totals["without"][symbol], totals["with"][symbol]
        print(f"{symbol:42s}{before:9d}{after:9d}{after - before:+9d}")
    print(f"{'all':42s}{sum(totals['without'].values()):9d}{sum(totals['with'].values()):9d}")
    (wall_without, cpu_without), (wall_with, cpu_with) = times["without"], times["with"]
    print(f"\ntime without the plugin: {wall_without:.1f} s (CPU {cpu_without:.1f} s)")
    print(f"time with the plugin:    {wall_with:.1f} s (CPU {cpu_with:.1f} s)")
    print(f"ratio: {wall_with / wall_without:.3f} (CPU {cpu_with / cpu_without:.3f}); "
          "target <= 1.03")
    for label, lines in shown.items():
        if lines:
            print(f"\n{label} by the plugin:")
            print("\n".join(sorted(lines)))


if __name__ == "__main__":
    main()
