"""Generated Python modules, however odd, get our findings or none: never a traceback.

Two kinds of module are generated, both Dagster modules so that every check runs on them:

* a fixture of this project with some of its expressions replaced by generated odd ones
  (``deps=(lambda: ...)``, ``AssetKey([[None]])``, ``cron_schedule=-1``...): the fixtures
  reach every check, and the replacements put odd values exactly where the checks look;
* a module that ``hypothesmith`` generates (syntactically valid, semantically anything), its
  functions and classes given Dagster decorators, followed by generated Dagster definitions
  with odd decorator arguments, signatures and bodies.

Each is written into a project of its own (a directory with a ``pyproject.toml``, so that the
project-wide checks read it from disk as in a real run) and linted in-process by one reused
``PyLinter``. The suite runs with PYLINT_DAGSTER_MIGRATION_STRICT set, so an exception in a
check or in the plugin's model is not swallowed by the crash guard: pylint reports it as
``astroid-error`` (or ``fatal``), and the test fails with the traceback pylint saved. A module
that astroid itself cannot build is astroid's problem, not the plugin's, and is skipped.

The default run is small and derandomized (the same examples for the same tree, no example
database), so CI is reproducible; the ``slow`` run tries many more (derandomized too, other
examples). Set PYLINT_DAGSTER_MIGRATION_FUZZ_EXAMPLES to try another number in the slow run.
Crashes found so far are kept, minimized, in FOUND_CRASHES.
"""

from __future__ import annotations

import ast
import functools
import itertools
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import astroid
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from linting import FIXTURES, PLUGIN_ARGS
from pylint.lint import Run
from pylint.reporters import CollectingReporter

from pylint_dagster_migration import asset_graph, names
from pylint_dagster_migration.names import DAGSTER_STAR_NAMES, DEFINITION_DECORATORS
from pylint_dagster_migration.project_root import project_root

DEFAULT_EXAMPLES = 100
SLOW_EXAMPLES = int(os.environ.get("PYLINT_DAGSTER_MIGRATION_FUZZ_EXAMPLES", "1000"))
#: Messages that mean something crashed (strict mode turns a check's exception into one).
CRASHES = frozenset({"astroid-error", "fatal", "dagster-check-failed"})

_SETTINGS = {
    "deadline": None,
    "database": None,
    "derandomize": True,
    "print_blob": False,
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
}


# --- the vocabulary: what the fixtures (so the checks) care about --------------------------


def _compiles(source: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "is" with a literal, and the like
            compile(source, "<generated>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


@dataclass(frozen=True)
class Seed:
    """A fixture and the byte spans of the expressions that may be replaced in it."""

    name: str
    source: bytes
    #: (start, end) byte offsets into ``source``.
    spans: tuple[tuple[int, int], ...]


def _replaceable_spans(source: bytes, tree: ast.Module) -> tuple[tuple[int, int], ...]:
    """Expressions that any parenthesized expression may replace: loaded values, outside
    f-strings (whose inner positions are unreliable) and match patterns."""
    line_starts = [0, *itertools.accumulate(len(line) for line in source.splitlines(True))]
    excluded: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.JoinedStr, ast.pattern)):
            excluded.update(id(inner) for inner in ast.walk(node))
    spans = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.expr) or id(node) in excluded or node.end_lineno is None:
            continue
        if not isinstance(getattr(node, "ctx", ast.Load()), ast.Load):
            continue
        start = line_starts[node.lineno - 1] + node.col_offset
        end = line_starts[node.end_lineno - 1] + node.end_col_offset
        spans.append((start, end))
    return tuple(sorted(set(spans)))


@functools.cache
def _seeds() -> tuple[Seed, ...]:
    seeds = []
    for path in sorted(FIXTURES.rglob("*.py")):
        source = path.read_bytes()
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            continue  # a fixture being edited right now
        spans = _replaceable_spans(source, tree)
        if spans:
            seeds.append(Seed(str(path.relative_to(FIXTURES)), source, spans))
    return tuple(seeds)


@functools.cache
def _fixture_vocabulary() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Names, keyword names and attribute names that the fixtures use."""
    identifiers, keywords, attributes = set(), set(), set()
    for seed in _seeds():
        for node in ast.walk(ast.parse(seed.source)):
            if isinstance(node, ast.Name):
                identifiers.add(node.id)
            elif isinstance(node, ast.keyword) and node.arg:
                keywords.add(node.arg)
            elif isinstance(node, ast.Attribute):
                attributes.add(node.attr)
    return tuple(sorted(identifiers)), tuple(sorted(keywords)), tuple(sorted(attributes))


HEADER = (
    "import dagster as dg\n"
    "from dagster import asset, op, job, sensor, schedule, Definitions, AssetSpec, AssetIn, "
    "AssetKey\n"
)
#: Further imports a generated module may start with (after HEADER).
OPTIONAL_IMPORTS = (
    "import dagster",
    "from dagster import *",
    "import os",
    "import time",
    "import subprocess",
    "import datetime",
    "from airflow.models import Variable",
    "from airflow.decorators import dag, task",
    "from airflow.operators.bash import BashOperator",
    "from prefect import flow, task",
    "from . import sibling",
    "from .assets import *",
)
DAGSTER_PREFIXES = ("dg.", "dagster.", "")
STRINGS = (
    "", "a", "raw/orders", "raw.orders", "/", "a//b", "orders/", "0 0 * * *", "@daily",
    "* * * *", "ds", "{{ ds }}", "password", "hunter2", "SECRET_KEY", "é", "\x00", "a b",
)
ODD_NAMES = ("context", "ds", "ti", "self", "cls", "orders", "raw_orders", "_", "x")


# --- odd expressions ------------------------------------------------------------------------
# Strategies are built once (building one costs more than drawing from it).


def _float_literal(value: float) -> str:
    if value != value:  # NaN has no literal
        return "float('nan')"
    if value in (float("inf"), float("-inf")):
        return "1e999" if value > 0 else "-1e999"
    return repr(value)


def _atoms() -> st.SearchStrategy[str]:
    identifiers, _, attributes = _fixture_vocabulary()
    return st.one_of(
        st.sampled_from(identifiers or ODD_NAMES),
        st.sampled_from(ODD_NAMES),
        st.builds(
            "{}{}".format,
            st.sampled_from(DAGSTER_PREFIXES),
            st.sampled_from(sorted(DAGSTER_STAR_NAMES)),
        ),
        st.builds(
            "{}.{}".format,
            st.sampled_from(["dg", "os", "context", "dg.AssetKey"]),
            st.sampled_from(attributes or ("key",)),
        ),
        st.sampled_from(STRINGS).map(repr),
        st.text(max_size=6).map(repr),
        st.binary(max_size=4).map(repr),
        st.integers(min_value=-(2**70), max_value=2**70).map(repr),
        st.floats().map(_float_literal),
        st.sampled_from(
            ["None", "True", "False", "...", "1j", "()", "[]", "{}", "f'{x}'", "1e999", "-1e999"]
        ),
    )


def _arguments(values: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Call arguments in an order Python accepts: positional ones, then unique keywords."""
    _, keywords, _ = _fixture_vocabulary()
    positional = st.lists(
        st.one_of(values.map("({})".format), values.map("*({})".format)), max_size=1
    )
    named = st.lists(
        st.tuples(st.sampled_from(keywords or ("deps",)), values),
        max_size=3,
        unique_by=lambda pair: pair[0],
    ).map(lambda pairs: [f"{k}=({v})" for k, v in pairs])
    double = st.lists(values.map("**({})".format), max_size=1)
    return st.builds(lambda *parts: ", ".join(itertools.chain(*parts)), positional, named, double)


def _compound(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    _, _, attributes = _fixture_vocabulary()
    items = st.lists(
        st.one_of(children.map("({})".format), children.map("*({})".format)), max_size=3
    ).map(", ".join)
    pairs = st.lists(
        st.one_of(
            st.builds("({}): ({})".format, children, children), children.map("**({})".format)
        ),
        max_size=3,
    ).map(", ".join)
    operator = st.sampled_from(
        ["+", "-", "*", "/", "%", ">>", "<<", "|", "&", "@", "**", "and", "or", "<", "==",
         "is", "not in"]
    )
    return st.one_of(
        st.builds("({})({})".format, children, _arguments(children)),
        items.map("[{}]".format),
        items.map(lambda text: f"({text},)" if text else "()"),
        st.builds("{{({}), {}}}".format, children, items),
        pairs.map("{{{}}}".format),
        st.builds("({}).{}".format, children, st.sampled_from(attributes or ("key",))),
        st.builds("({})[{}]".format, children, children),
        st.builds("({})[{}:{}]".format, children, children, children),
        children.map("lambda: ({})".format),
        children.map("lambda context, *a, **k: ({})".format),
        st.builds("({}) if ({}) else ({})".format, children, children, children),
        st.builds("({}) {} ({})".format, children, operator, children),
        st.builds("{}({})".format, st.sampled_from(["-", "not ", "~"]), children),
        st.builds("[({}) for x in ({}) if ({})]".format, children, children, children),
        st.builds("{{({}): x for x in ({})}}".format, children, children),
    )


@functools.cache
def annotations() -> st.SearchStrategy[str]:
    """Odd expressions without assignment expressions, which annotations reject."""
    return st.recursive(_atoms(), _compound, max_leaves=4)


@functools.cache
def odd_expressions() -> st.SearchStrategy[str]:
    # An assignment expression only at the top: inside a comprehension's iterable, Python
    # rejects it.
    return st.one_of(annotations(), annotations().map("(y := ({}))".format))


# --- odd modules ----------------------------------------------------------------------------


@st.composite
def mutated_fixtures(draw) -> str:
    """A fixture with a few of its expressions replaced."""
    seed = draw(st.sampled_from(_seeds()))
    chosen = draw(st.lists(st.sampled_from(seed.spans), min_size=1, max_size=4, unique=True))
    # An odd expression, or one moved from elsewhere in the fixture (a Dagster call where a
    # key was, a lambda where a list was).
    replacements = st.one_of(
        odd_expressions().map(str.encode),
        st.sampled_from(seed.spans).map(lambda span: seed.source[span[0] : span[1]]),
    )
    # Replace from the end, skipping any span that overlaps one already replaced.
    source = seed.source
    taken_start = len(source) + 1
    for start, end in sorted(chosen, reverse=True):
        if end > taken_start:
            continue
        source = source[:start] + b"(" + draw(replacements) + b")" + source[end:]
        taken_start = start
    text = source.decode("utf-8")
    if draw(st.booleans()):
        text += "\n" + draw(dagster_definitions())
    return text


@functools.cache
def decorators() -> st.SearchStrategy[str]:
    name = st.builds(
        "{}{}".format,
        st.sampled_from(DAGSTER_PREFIXES),
        st.sampled_from(sorted(DEFINITION_DECORATORS)),
    )
    return st.one_of(name, st.builds("{}({})".format, name, _arguments(odd_expressions())))


@functools.cache
def parameters() -> st.SearchStrategy[str]:
    identifiers, _, _ = _fixture_vocabulary()
    plain = [n for n in ODD_NAMES + identifiers if n not in {"args", "kwargs"}]
    required = st.one_of(
        st.sampled_from(plain),
        st.sampled_from(plain),
        st.builds("{}: ({})".format, st.sampled_from(plain), annotations()),
    )

    def signature(parts: tuple[list[str], list[str], bool, bool]) -> str:
        required_ones, defaults, star, double = parts
        # Required parameters before defaulted ones, as Python demands, and no name twice.
        defaulted = [f"default_{i}=({d})" for i, d in enumerate(defaults)]
        variadic = (["*args"] if star else []) + (["**kwargs"] if double else [])
        return ", ".join([*required_ones, *defaulted, *variadic])

    return st.tuples(
        st.lists(required, max_size=3, unique_by=lambda p: p.split(":")[0]),
        st.lists(odd_expressions(), max_size=1),
        st.booleans(),
        st.booleans(),
    ).map(signature)


@functools.cache
def statements() -> st.SearchStrategy[str]:
    expression = odd_expressions()
    return st.one_of(
        expression.map("return ({})".format),
        expression.map("yield ({})".format),
        expression.map("({})".format),
        expression.map("x = ({})".format),
        expression.map("while ({}):\n        pass".format),
        expression.map("for x in ({}):\n        continue".format),
        expression.map("time.sleep({})".format),
        expression.map("with ({}) as x:\n        pass".format),
        expression.map("try:\n        pass\n    except ({}):\n        raise".format),
    )


@functools.cache
def module_level_calls() -> st.SearchStrategy[str]:
    callee = st.builds(
        "{}{}".format,
        st.sampled_from(DAGSTER_PREFIXES),
        st.sampled_from(
            ["Definitions", "ScheduleDefinition", "define_asset_job", "AssetSpec", "AssetKey",
             "RetryPolicy", "SensorDefinition", "AssetIn", "AssetOut"]
        ),
    )
    target = st.sampled_from(["defs", "spec", "generated_job", "_"])
    return st.builds("{} = {}({})\n".format, target, callee, _arguments(odd_expressions()))


@st.composite
def dagster_definitions(draw) -> str:
    """Decorated functions, and module-level Dagster calls, with odd arguments."""
    blocks = []
    for index in range(draw(st.integers(min_value=1, max_value=2))):
        decorated = draw(st.lists(decorators(), min_size=1, max_size=2))
        keyword = draw(st.sampled_from(["def"] * 9 + ["async def"]))
        name = draw(st.sampled_from([f"generated_{index}", *ODD_NAMES]))
        body = draw(st.lists(statements(), min_size=1, max_size=2))
        blocks.append(
            "".join(f"@{d}\n" for d in decorated)
            + f"{keyword} {name}({draw(parameters())}):\n"
            + "".join(f"    {s}\n" for s in body)
        )
    blocks.extend(draw(st.lists(module_level_calls(), max_size=1)))
    return "\n".join(blocks)


def _decorate_definitions(source: str, decorator_texts: list[str]) -> str:
    """``source`` with a decorator line added above each function and class it defines."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return source
    lines = source.splitlines(True)
    targets = sorted(
        {
            (node.decorator_list[0].lineno if node.decorator_list else node.lineno)
            for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        },
        reverse=True,
    )
    for decorator, line in zip(itertools.cycle(decorator_texts), targets):
        text = lines[line - 1]
        indent = text[: len(text) - len(text.lstrip(" \t\f"))]
        lines.insert(line - 1, f"{indent}@{decorator}\n")
    decorated = "".join(lines)
    return decorated if _compiles(decorated) else source


@functools.cache
def hypothesmith_code() -> st.SearchStrategy[str]:
    # Imported here: importing hypothesmith takes a second, which collecting tests that do not
    # draw from it should not pay.
    import hypothesmith  # pylint: disable=import-outside-toplevel

    # Whole modules only: from_grammar(start="eval_input") and from_node() take seconds per
    # example, too slow for the default run. No targeting: it would steer the search to
    # large hypothesmith modules, away from the fixtures.
    return hypothesmith.from_grammar(auto_target=False)


@st.composite
def hypothesmith_modules(draw) -> str:
    """A module from hypothesmith, its definitions decorated, and Dagster definitions."""
    future = draw(st.sampled_from(["", "from __future__ import annotations\n"]))
    imports = draw(st.lists(st.sampled_from(OPTIONAL_IMPORTS), max_size=3, unique=True))
    generated = draw(hypothesmith_code())
    body = _decorate_definitions(generated, draw(st.lists(decorators(), min_size=1, max_size=3)))
    return (
        future + HEADER + "".join(f"{i}\n" for i in imports)
        + body.rstrip("\r\n\\ \t\f") + "\n\n" + draw(dagster_definitions())
    )


#: Where the module is written inside its project (the model reads packages and test
#: modules), ``{n}`` numbering the project: astroid resolves imports by module name, once per
#: process, so two projects must not both have a ``pkg.assets``.
MODULE_PATHS = ("pipeline{n}.py", "definitions{n}.py", "pkg{n}/__init__.py",
                "pkg{n}/assets.py", "tests/test_assets{n}.py")


def dagster_modules() -> st.SearchStrategy[tuple[str, str]]:
    # Mostly fixtures, which reach every check (a plain one_of draws mostly the other).
    kinds = st.sampled_from([mutated_fixtures] * 3 + [hypothesmith_modules])
    return st.tuples(kinds.flatmap(lambda kind: kind()), st.sampled_from(MODULE_PATHS))


# --- linting ----------------------------------------------------------------------------------


class GeneratedProjects:
    """Lints each generated module in a fresh project of its own, with one PyLinter set up
    once as pylint's ``Run`` sets it up, and forgets the project afterwards."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.counter = itertools.count()
        empty = self._write("empty.py", "")
        run = Run([*PLUGIN_ARGS, str(empty)], reporter=CollectingReporter(), exit=False)
        self.linter = run.linter

    def lint(self, source: str, relative: str) -> tuple[Path, list]:
        """The file the module was written to, and pylint's messages on it."""
        path = self._write(relative, source)
        reporter = CollectingReporter()
        self.linter.set_reporter(reporter)
        try:
            self.linter.check([str(path)])
        finally:
            self._forget()
        return path, reporter.messages

    def astroid_builds(self, path: Path, modname: str) -> bool:
        """Whether astroid builds the module as pylint did (same file, same module name)."""
        try:
            astroid.MANAGER.ast_from_file(str(path), modname, source=True)
        except Exception:  # pylint: disable=broad-exception-caught
            return False
        finally:
            self._forget()
        return True

    def _write(self, relative: str, source: str) -> Path:
        number = next(self.counter)
        root = self.base / f"p{number}"
        path = root / relative.format(n=number)
        path.parent.mkdir(parents=True)
        (root / "pyproject.toml").write_text('[project]\nname = "generated"\n', encoding="utf-8")
        if path.parent != root and path.parent.name != "tests":
            (path.parent / "__init__.py").write_text("", encoding="utf-8")
        path.write_text(source, encoding="utf-8", newline="")
        return path

    def _forget(self) -> None:
        """Drop what astroid and the plugin keep of the project (the installed packages
        astroid read stay cached)."""
        base = str(self.base) + os.sep
        cache = astroid.MANAGER.astroid_cache
        for name in [n for n, m in cache.items() if (m.file or "").startswith(base)]:
            del cache[name]
        asset_graph.forget_projects()
        project_root.cache_clear()


@pytest.fixture(name="projects", scope="module")
def _projects(tmp_path_factory) -> GeneratedProjects:
    return GeneratedProjects(tmp_path_factory.mktemp("generated"))


def _crash_report(messages) -> str:
    """The messages, with the traceback pylint saved for each crash (in an issue template
    that pylint appends to, one file per second: the last traceback in it is this one's)."""
    parts = []
    for message in messages:
        parts.append(f"{message.symbol}: {message.msg}")
        match = re.search(r"template that you can use in '([^']+)'", message.msg)
        if match and os.path.exists(match.group(1)):
            template = Path(match.group(1)).read_text(encoding="utf-8", errors="replace")
            parts.append(template.rsplit("pylint crashed with", 1)[-1].split("</details>")[0])
    return "\n".join(parts)


def _check(projects: GeneratedProjects, module: tuple[str, str]) -> None:
    source, relative = module
    assume(_compiles(source))
    path, messages = projects.lint(source, relative)
    crashes = [m for m in messages if m.symbol in CRASHES]
    # A module astroid itself cannot build (say, nested too deep) is astroid's limit: skip it.
    assume(not crashes or projects.astroid_builds(path, crashes[0].module))
    assert not crashes, f"{path}:\n{source}\n\n{_crash_report(crashes)}"


def test_a_crash_in_a_check_fails_the_test(projects, monkeypatch):
    """The harness sees an exception in a check: strict mode lets it out of the guard, and
    pylint reports it as a crash, whose traceback the failure shows."""

    def broken(call, name):
        raise ZeroDivisionError("a bug in a check")

    monkeypatch.setattr(names, "keyword_argument", broken)

    @settings(max_examples=1, database=None)
    @given(module=st.just((HEADER + "@dg.asset(deps='x')\ndef a(): ...\n", "pipeline.py")))
    def check(module):
        _check(projects, module)

    with pytest.raises(AssertionError, match="ZeroDivisionError: a bug in a check"):
        check()


#: An integer literal of 4816 digits, more than str() writes (sys.get_int_max_str_digits()).
#: Not generated: astroid's as_string() fails on it, and so do pylint's own checks and every
#: check of ours that quotes code (FOUND_CRASHES keeps the ones fixed).
HUGE_INT = "0x" + "f" * 4000

#: Crashes found by generated modules (and by trying their odd values under every keyword),
#: minimized; all fixed.
FOUND_CRASHES = {
    # ValueError in excerpt(): astroid's as_string() repr()s the literal.
    "unknown_argument_huge_int": (
        f"import dagster as dg\n@dg.asset(Body={HUGE_INT})\ndef a(): ...\n"
    ),
    # ValueError in retry_policies.retry_count(): str() of the literal.
    "retry_policy_huge_int": f"import dagster as dg\np = dg.RetryPolicy(retries={HUGE_INT})\n",
    # ValueError in the execution_timeout hint of unknown-dagster-argument.
    "execution_timeout_huge_int": (
        f"import dagster as dg\n@dg.asset(execution_timeout={HUGE_INT})\ndef a(): ...\n"
    ),
    # OverflowError in names.timedelta_seconds(): int(inf).
    "retry_delay_infinite_timedelta": (
        "import dagster as dg\nfrom datetime import timedelta\n"
        "p = dg.RetryPolicy(max_retries=3, delay=timedelta(seconds=1e999))\n"
    ),
    # OverflowError in names.timedelta_seconds(): an int too large for a float.
    "airflow_retry_delay_huge_timedelta": (
        "import dagster as dg\nfrom datetime import timedelta\n"
        f"@dg.op(retry_delay=timedelta(minutes={HUGE_INT}), retries=2)\ndef a(): ...\n"
    ),
}


@pytest.mark.parametrize("name", sorted(FOUND_CRASHES))
def test_found_crashes_stay_fixed(projects, name):
    _, messages = projects.lint(FOUND_CRASHES[name], "pipeline.py")
    crashes = [m for m in messages if m.symbol in CRASHES]
    assert not crashes, _crash_report(crashes)
    assert [m.symbol for m in messages if m.symbol != "definition-not-registered"]


@settings(max_examples=DEFAULT_EXAMPLES, **_SETTINGS)
@given(module=dagster_modules())
def test_generated_modules_do_not_crash(projects, module):
    _check(projects, module)


@pytest.mark.slow
@settings(max_examples=SLOW_EXAMPLES, **_SETTINGS)
@given(module=dagster_modules())
def test_many_generated_modules_do_not_crash(projects, module):
    _check(projects, module)
