"""How fast the project index is: a benchmark, not a test (it always exits 0).

Usage::

    .venv/bin/python benchmarks/index_project.py [--modules 2000] [--runs 5] [--keep DIR]
        [--corpus DIR [--corpus-files 200]]

It writes a synthetic Dagster project (by default 2,000 modules: a package of subpackages with
assets that have ``deps`` and ``ins``, ``AssetSpec``s, multi-assets with ``outs``, schedules,
sensors, jobs, plain helper modules and a definitions module that loads them all) into a
temporary directory, or into ``--keep DIR`` (left in place), and prints, each the median of
``--runs`` runs:

1. cold index time: the project's asset catalog (``asset_graph.catalog_for``, what the
   ``unknown-asset-dependency`` check asks for) built in this process from scratch, with an
   empty cache directory (``PYLINT_HOME`` a fresh directory) and the per-process cache reset;
   the files are summarized in worker processes where several CPUs are idle (see
   ``asset_graph._summarize_files``: on a busy machine they are summarized in the process),
   and the same cold build in this process alone is printed for comparison;
2. warm index time: the same with the on-disk cache filled and the per-process cache reset,
   which is what every new pylint process of a pre-commit run pays (the catalog itself comes
   from the cache while no file has changed); and the same after one file was edited, when the
   catalog is built again from the cached summaries and the one file read anew;
3. a one-file run of the console script (``pylint-dagster-migration <one module>``, a
   subprocess, warm cache) against pylint's floor on the same file
   (``pylint --disable=all --enable=line-too-long <file>``), the commands alternated run by
   run, and their ratio (the median of the run-by-run ratios, which a drift of the machine's
   speed during the benchmark does not skew), with where the difference goes: importing and registering the plugin (the floor with
   ``--load-plugins``), running its checks (plain pylint with the console script's options),
   and the console script's own reading of the command line and pylint's configuration to
   expand directories (``cli.pylint_arguments``).

Targets (a 2-core machine): cold <= 1.5 s, warm <= 0.2 s, one-file run <= 1.10 x the floor.

With ``--corpus DIR`` (repeatable) it also lints the first ``--corpus-files`` Python files under
the DIRs (sorted, in the order given) with pylint's default checks, with and without
``--load-plugins=pylint_dagster_migration``, in one process each (``-j 1``, warm index cache),
and prints both times and their ratio. For example::

    .venv/bin/python benchmarks/index_project.py \
        --corpus /work/corpus/dagster-io+hooli-data-eng-pipelines \
        --corpus /work/corpus/dagster-io+dagster-open-platform

Every figure is given as wall-clock and CPU time (of worker processes too): on a shared
machine the CPU time is the steadier of the two, and the load average is printed before and
after. The linting subprocesses get bytecode caching (``PYTHONPYCACHEPREFIX`` in a temporary
directory, ``PYTHONDONTWRITEBYTECODE`` dropped) so that this package is not compiled again on
every run while pylint's installed modules are not.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
if str(REPOSITORY) not in sys.path:
    sys.path.insert(0, str(REPOSITORY))

BIN = Path(sys.executable).parent
PACKAGE = "synth_pipelines"
DOMAINS = 20

COLD_TARGET = 1.5
WARM_TARGET = 0.2
RATIO_TARGET = 1.10


# --- the synthetic project ---------------------------------------------------------------------


def _asset_module(domain: int, number: int) -> str:
    prefix = f"d{domain:02d}"
    name = f"{prefix}_table_{number:03d}"
    upstream = f"{prefix}_table_{_previous_asset(number):03d}"
    return textwrap.dedent(
        f'''\
        """Assets of table {number} of domain {domain}."""

        import dagster as dg
        import pandas as pd

        from {PACKAGE}.domain_{domain:02d}.helpers_000 import clean_frame


        @dg.asset(
            key_prefix=["warehouse", "{prefix}"],
            group_name="{prefix}",
            deps=["{upstream}", dg.AssetKey(["raw", "{prefix}", "source_{number:03d}"])],
            retry_policy=dg.RetryPolicy(max_retries=2),
        )
        def {name}(context: dg.AssetExecutionContext) -> pd.DataFrame:
            """Table {number}."""
            context.log.info("materializing {name}")
            return clean_frame(pd.DataFrame({{"id": range(10)}}))


        @dg.asset(
            ins={{"upstream": dg.AssetIn(key=["warehouse", "{prefix}", "{name}"])}},
            group_name="{prefix}",
        )
        def {name}_summary(upstream: pd.DataFrame) -> dict:
            return {{"rows": len(upstream), "columns": list(upstream.columns)}}


        @dg.asset(deps=[{name}_summary], kinds={{"python"}})
        def {name}_report() -> None:
            for row in range(3):
                print(row)
        '''
    )


def _spec_module(domain: int, number: int) -> str:
    prefix = f"d{domain:02d}"
    # Spec modules are numbered 4 in each ten (see KINDS): they declare the raw sources of the
    # asset modules of their ten.
    sources = "\n".join(
        f'    dg.AssetSpec(key=["raw", "{prefix}", "source_{n:03d}"], group_name="raw"),'
        for n in range(number - 4, number + 6)
    )
    return (
        '"""Tables produced outside Dagster."""\n\nimport dagster as dg\n\n'
        f"raw_specs = [\n{sources}\n"
        f'    dg.AssetSpec("{prefix}_external_{number:03d}", deps=["{prefix}_table_001"]),\n]\n'
    )


def _multi_module(domain: int, number: int) -> str:
    prefix = f"d{domain:02d}"
    return textwrap.dedent(
        f'''\
        """A multi-asset that writes several tables at once."""

        import dagster as dg


        @dg.multi_asset(
            outs={{
                "{prefix}_multi_{number:03d}_a": dg.AssetOut(key_prefix=["mart"]),
                "{prefix}_multi_{number:03d}_b": dg.AssetOut(key=["mart", "{prefix}_b_{number:03d}"]),
                "{prefix}_multi_{number:03d}_c": dg.AssetOut(),
            }},
            deps=["{prefix}_table_{_previous_asset(number):03d}"],
            can_subset=False,
        )
        def {prefix}_multi_{number:03d}():
            yield dg.Output(1, output_name="{prefix}_multi_{number:03d}_a")
            yield dg.Output(2, output_name="{prefix}_multi_{number:03d}_b")
            yield dg.Output(3, output_name="{prefix}_multi_{number:03d}_c")
        '''
    )


def _job_module(domain: int, number: int) -> str:
    prefix = f"d{domain:02d}"
    return textwrap.dedent(
        f'''\
        """Jobs, schedules and sensors of domain {domain}."""

        import dagster as dg

        {prefix}_job_{number:03d} = dg.define_asset_job(
            "{prefix}_job_{number:03d}", selection=dg.AssetSelection.groups("{prefix}")
        )

        {prefix}_schedule_{number:03d} = dg.ScheduleDefinition(
            job={prefix}_job_{number:03d}, cron_schedule="0 {number % 24} * * *"
        )


        @dg.schedule(job={prefix}_job_{number:03d}, cron_schedule="30 {number % 24} * * *")
        def {prefix}_nightly_{number:03d}(context: dg.ScheduleEvaluationContext):
            return dg.RunRequest(run_key=None, tags={{"date": context.scheduled_execution_time.isoformat()}})


        @dg.sensor(job={prefix}_job_{number:03d}, minimum_interval_seconds=60)
        def {prefix}_sensor_{number:03d}(context: dg.SensorEvaluationContext):
            cursor = int(context.cursor or 0)
            context.update_cursor(str(cursor + 1))
            yield dg.RunRequest(run_key=str(cursor))
        '''
    )


def _helper_module(domain: int, number: int) -> str:
    return textwrap.dedent(
        f'''\
        """Helpers of domain {domain} (no Dagster here)."""

        import re

        PATTERN_{number} = re.compile(r"^[a-z_]+$")


        def clean_frame(frame):
            frame.columns = [column.strip().lower() for column in frame.columns]
            return frame


        def is_identifier(text: str) -> bool:
            return bool(PATTERN_{number}.match(text))


        class Counter:
            def __init__(self) -> None:
                self.count = 0

            def add(self, amount: int = 1) -> int:
                self.count += amount
                return self.count
        '''
    )


def _previous_asset(number: int) -> int:
    """The number of the asset module before ``number`` (asset modules are those whose
    number ends in 0 to 3, except 0 itself; see ``KINDS``), or 1."""
    for candidate in range(number - 1, 0, -1):
        if candidate % 10 < 4:
            return candidate
    return 1


KINDS = (
    ("assets", _asset_module, 4),
    ("specs", _spec_module, 1),
    ("multi", _multi_module, 1),
    ("jobs", _job_module, 1),
    ("helpers", _helper_module, 3),
)


def generate(root: Path, modules: int) -> tuple[Path, int]:
    """Write the project under ``root``; return the module a one-file run lints and the number
    of Python files written."""
    package = root / PACKAGE
    package.mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        f'[project]\nname = "{PACKAGE}"\nversion = "0"\n\n'
        f'[tool.dagster]\nmodule_name = "{PACKAGE}.definitions"\n',
        encoding="utf-8",
    )
    (package / "__init__.py").write_text("", encoding="utf-8")
    written = 1
    per_domain = max((modules - 2) // DOMAINS - 1, 1)  # __init__ of each domain, definitions
    weights = sum(weight for _, _, weight in KINDS)
    domain_modules: dict[int, list[str]] = {}
    for domain in range(DOMAINS):
        directory = package / f"domain_{domain:02d}"
        directory.mkdir()
        (directory / "__init__.py").write_text(f'"""Domain {domain}."""\n', encoding="utf-8")
        written += 1
        names = []
        for number in range(per_domain):
            kind, render, _ = _kind_for(number, weights)
            name = f"{kind}_{number:03d}" if kind != "helpers" else f"helpers_{number:03d}"
            if number == 0:
                kind, render, name = "helpers", _helper_module, "helpers_000"
            (directory / f"{name}.py").write_text(render(domain, number), encoding="utf-8")
            written += 1
            if kind != "helpers":
                names.append(name)
        domain_modules[domain] = names
    while written < modules - 1:  # top up to the exact count with helpers in a flat folder
        extra = package / "util"
        extra.mkdir(exist_ok=True)
        if not (extra / "__init__.py").exists():
            (extra / "__init__.py").write_text("", encoding="utf-8")
            written += 1
            continue
        (extra / f"helpers_{written:04d}.py").write_text(_helper_module(0, written), encoding="utf-8")
        written += 1
    imports = "\n".join(f"from {PACKAGE} import domain_{d:02d}" for d in domain_modules)
    loads = ",\n    ".join(
        f"*dg.load_assets_from_package_module(domain_{d:02d})" for d in domain_modules
    )
    jobs = [
        (d, name) for d, names in domain_modules.items() for name in names if name.startswith("jobs")
    ]
    job_imports = "\n".join(
        f"from {PACKAGE}.domain_{d:02d}.{name} import d{d:02d}_job_{name[-3:]}, "
        f"d{d:02d}_schedule_{name[-3:]}, d{d:02d}_nightly_{name[-3:]}, d{d:02d}_sensor_{name[-3:]}"
        for d, name in jobs
    )
    (package / "definitions.py").write_text(
        f'"""The code location."""\n\nimport dagster as dg\n\n{imports}\n{job_imports}\n\n'
        f"all_assets = [\n    {loads},\n]\n\n"
        "defs = dg.Definitions(\n    assets=all_assets,\n"
        f"    jobs=[{', '.join(f'd{d:02d}_job_{n[-3:]}' for d, n in jobs)}],\n"
        f"    schedules=[{', '.join(f'd{d:02d}_{k}_{n[-3:]}' for d, n in jobs for k in ('schedule', 'nightly'))}],\n"
        f"    sensors=[{', '.join(f'd{d:02d}_sensor_{n[-3:]}' for d, n in jobs)}],\n)\n",
        encoding="utf-8",
    )
    written += 1
    return package / "domain_07" / f"{_first('assets', per_domain, weights)}.py", written


def _kind_for(number: int, weights: int):
    slot = number % weights
    for kind, render, weight in KINDS:
        if slot < weight:
            return kind, render, weight
        slot -= weight
    raise AssertionError


def _first(kind: str, per_domain: int, weights: int) -> str:
    for number in range(1, per_domain):
        if _kind_for(number, weights)[0] == kind:
            return f"{kind}_{number:03d}"
    raise AssertionError(kind)


# --- measuring ---------------------------------------------------------------------------------


class Timing:
    """Medians of wall-clock and CPU (user + system) seconds over several runs."""

    def __init__(self, wall: list[float], cpu: list[float]) -> None:
        self.wall = statistics.median(wall)
        self.cpu = statistics.median(cpu)

    def __str__(self) -> str:
        return f"{self.wall:7.3f} s  (CPU {self.cpu:.3f} s)"


class PairedTiming(Timing):
    """Medians over runs, keeping each run's figures to pair with another command's."""

    def __init__(self, timings: list[Timing]) -> None:
        super().__init__([t.wall for t in timings], [t.cpu for t in timings])
        self.runs = timings

    def paired_ratio(self, other: PairedTiming) -> tuple[float, float]:
        """The median of this command's time over ``other``'s, run by run (wall, CPU)."""
        return (
            statistics.median(mine.wall / theirs.wall for mine, theirs in zip(self.runs, other.runs)),
            statistics.median(mine.cpu / theirs.cpu for mine, theirs in zip(self.runs, other.runs)),
        )


def _cpu_time() -> float:
    """CPU seconds of this process and of its children that have ended (the workers that
    summarize a cold index)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def index_times(linted: Path, runs: int) -> tuple[Timing, Timing, Timing, Timing]:
    """Cold and warm builds of the catalog the asset-graph check asks for, in this process,
    a warm build after one file was edited (what pre-commit pays after a change), and a cold
    build without worker processes."""
    # pylint: disable-next=import-outside-toplevel
    from pylint_dagster_migration import asset_graph, project_root

    def build() -> tuple[float, float]:
        asset_graph.forget_projects()
        project_root.project_root.cache_clear()
        project_root.package_root.cache_clear()
        wall, cpu = time.perf_counter(), _cpu_time()
        catalog = asset_graph.catalog_for(
            project_root.project_root(linted.parent), linted, linted.read_bytes()
        )
        wall, cpu = time.perf_counter() - wall, _cpu_time() - cpu
        assert catalog.keys and catalog.is_complete, catalog.unlisted[:3]
        return wall, cpu

    cold: list[tuple[float, float]] = []
    serial: list[tuple[float, float]] = []
    warm: list[tuple[float, float]] = []
    edited: list[tuple[float, float]] = []
    original = linted.read_bytes()
    threshold = asset_graph.PARALLEL_THRESHOLD
    for run in range(runs):
        # PYLINT_HOME is read whenever the cache directory is needed: a fresh one is empty.
        home = Path(tempfile.mkdtemp(prefix="pdm-bench-home-"))
        serial_home = Path(tempfile.mkdtemp(prefix="pdm-bench-home-"))
        try:
            os.environ["PYLINT_HOME"] = str(serial_home)
            asset_graph.PARALLEL_THRESHOLD = sys.maxsize  # no worker processes
            serial.append(build())
            asset_graph.PARALLEL_THRESHOLD = threshold
            os.environ["PYLINT_HOME"] = str(home)
            cold.append(build())
            warm.extend(build() for _ in range(3))
            linted.write_bytes(original + f"\n# edit {run}\n".encode())
            edited.append(build())
        finally:
            asset_graph.PARALLEL_THRESHOLD = threshold
            linted.write_bytes(original)
            shutil.rmtree(home, ignore_errors=True)
            shutil.rmtree(serial_home, ignore_errors=True)
    asset_graph.forget_projects()
    return tuple(
        Timing([w for w, _ in timings], [c for _, c in timings])
        for timings in (cold, warm, edited, serial)
    )


def command_time(command: list[str], cwd: Path, environment: dict, runs: int) -> Timing:
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, env=environment, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return Timing(walls, cpus)


def subprocess_environment(home: Path, bytecode: Path) -> dict:
    """The environment of the linting subprocesses: a cache directory of their own, and
    bytecode caching on (in a directory of the benchmark's), as an installed package has its
    modules compiled; without it (PYTHONDONTWRITEBYTECODE) an editable install is compiled
    again on every run while pylint's own modules are not."""
    environment = {**os.environ, "PYLINT_HOME": str(home), "PYTHONPYCACHEPREFIX": str(bytecode)}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def one_file_times(root: Path, linted: Path, runs: int, scratch: Path) -> dict[str, Timing]:
    environment = subprocess_environment(scratch / "home", scratch / "bytecode")
    relative = str(linted.relative_to(root))
    pylint = str(BIN / "pylint")
    commands = {
        "floor": [pylint, "--disable=all", "--enable=line-too-long", relative],
        # The floor with the plugin imported and registered, none of its checks enabled.
        "floor + plugin loaded": [pylint, "--load-plugins=pylint_dagster_migration",
                                  "--disable=all", "--enable=line-too-long", relative],
        # What the console script runs, without its own reading of the command line (cli.py).
        "pylint with our checks": [pylint, "--load-plugins=pylint_dagster_migration",
                                   "--disable=all", "--enable=dagster-migration", "--score=n",
                                   relative],
        "console script": [str(BIN / "pylint-dagster-migration"), relative],
    }
    for command in commands.values():  # fills the on-disk and bytecode caches
        command_time(command, root, environment, 1)
    # Alternated, run by run, so that a change of the machine's speed (a shared VM drifts by
    # a tenth within a minute) hits every command alike; see paired_ratio.
    rounds: dict[str, list[Timing]] = {label: [] for label in commands}
    for _ in range(runs):
        for label, command in commands.items():
            rounds[label].append(command_time(command, root, environment, 1))
    return {label: PairedTiming(timings) for label, timings in rounds.items()}



def corpus_times(
    corpora: list[Path], count: int, runs: int, scratch: Path
) -> tuple[int, Timing, Timing]:
    paths = [
        str(path)
        for corpus in corpora
        for path in sorted(corpus.rglob("*.py"))
        if not any(part.startswith(".") for part in path.relative_to(corpus).parts)
    ][:count]
    corpus = corpora[0]
    environment = subprocess_environment(scratch / "corpus-home", scratch / "bytecode")
    # --persistent=n: pylint's own statistics file is not part of the comparison.
    base = [str(BIN / "pylint"), "-j", "1", "--exit-zero", "--persistent=n",
            f"--rcfile={os.devnull}"]
    plugged = [*base, "--load-plugins=pylint_dagster_migration"]
    command_time([*base, *paths], corpus, environment, 1)
    command_time([*plugged, *paths], corpus, environment, 1)  # fills the index cache
    plain_times, plugged_times = [], []
    for _ in range(runs):  # alternated, so that a change of load hits both alike
        plain_times.append(command_time([*base, *paths], corpus, environment, 1))
        plugged_times.append(command_time([*plugged, *paths], corpus, environment, 1))
    return (len(paths),
            Timing([t.wall for t in plain_times], [t.cpu for t in plain_times]),
            Timing([t.wall for t in plugged_times], [t.cpu for t in plugged_times]))


def verdict(value: float, target: float) -> str:
    return f"target <= {target}: {'met' if value <= target else 'MISSED'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--modules", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="write the project here and leave it")
    parser.add_argument("--corpus", type=Path, action="append", help="also compare default "
                        "pylint with and without the plugin on the Python files of this "
                        "directory (repeat the option to add the files of another)")
    parser.add_argument("--corpus-files", type=int, default=200)
    arguments = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="pdm-bench-")).resolve()
    if arguments.keep:
        root = arguments.keep.resolve()
        if root.exists() and any(root.iterdir()):
            sys.exit(f"{root} is not empty")
    else:
        root = scratch / "project"
    try:
        linted, written = generate(root, arguments.modules)
        print(f"synthetic project: {written} modules under {root}")
        print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}, "
              f"Python {sys.version.split()[0]}; medians of {arguments.runs} runs")
        cold, warm, edited, serial = index_times(linted, arguments.runs)
        print(f"cold index:             {cold}  {verdict(cold.wall, COLD_TARGET)}")
        print(f"  in one process:       {serial}  (no worker processes)")
        print(f"warm index:             {warm}  {verdict(warm.wall, WARM_TARGET)}")
        print(f"warm, one file edited:  {edited}  (the catalog built again from cached summaries)")
        times = one_file_times(root, linted, arguments.runs, scratch)
        print(f"one file ({linted.relative_to(root)}), warm cache:")
        for label, timing in times.items():
            print(f"  {label + ':':24s}{timing}")
        floor = times["floor"]
        ratio, cpu_ratio = times["console script"].paired_ratio(floor)
        print(f"  ratio to the floor:     {ratio:7.3f}    (CPU "
              f"{cpu_ratio:.3f})  {verdict(ratio, RATIO_TARGET)}  (median of run-by-run ratios)")
        print("  where the difference goes (wall):")
        print(f"    importing and registering the plugin: "
              f"{times['floor + plugin loaded'].wall - floor.wall:+.3f} s")
        print(f"    running our checks instead of line-too-long: "
              f"{times['pylint with our checks'].wall - times['floor + plugin loaded'].wall:+.3f} s")
        print(f"    cli.py reading the command line and configuration: "
              f"{times['console script'].wall - times['pylint with our checks'].wall:+.3f} s")
        if arguments.corpus:
            corpora = [corpus.resolve() for corpus in arguments.corpus]
            count, plain, plugged = corpus_times(corpora, arguments.corpus_files,
                                                 arguments.runs, scratch)
            print(f"default pylint (all checks, -j 1) on {count} files of "
                  f"{', '.join(corpus.name for corpus in corpora)}:")
            print(f"  without the plugin:     {plain}")
            print(f"  with the plugin:        {plugged}")
            print(f"  ratio:                  {plugged.wall / plain.wall:7.3f}    "
                  f"(CPU {plugged.cpu / plain.cpu:.3f})")
        print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
