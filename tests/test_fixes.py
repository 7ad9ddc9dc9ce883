"""Fixes: applying edits to a text, the command's --fix / --diff / --unsafe-fixes, and the
guarantees every fix keeps on the fixtures (checked for each message that declares a fix)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import astroid
import pytest
from linting import EMPTY_RCFILE, FIXTURES, PLUGIN_ARGS, bad_fixtures, lint
from loading import import_source
from pylint.lint import Run

from pylint_dagster_migration import cli, fixing
from pylint_dagster_migration.catalog import messages
from pylint_dagster_migration.checkers import deps_argument
from pylint_dagster_migration.checkers.base import STRICT_ENV, DagsterChecker
from pylint_dagster_migration.checkers.deps_argument import DepsArgumentChecker
from pylint_dagster_migration.fixes import (
    Edit,
    Fix,
    FixCollector,
    FixSafety,
    apply,
    apply_fixes,
    insert_after,
    insert_before,
    replace,
    wrap,
)

COMMAND = ["--rcfile", str(EMPTY_RCFILE), "--persistent=n"]

# deps-not-a-list at 4:15 (fixable), asset-called-directly at 11:11 (no fix).
PIPELINE = (
    'import dagster as dg\n\n\n@dg.asset(deps="raw_orders")\ndef orders():\n    return 1\n\n\n'
    "@dg.asset\ndef totals():\n    return orders()\n"
)
FIXED_PIPELINE = PIPELINE.replace('deps="raw_orders"', 'deps=["raw_orders"]')


def _value(source: str) -> astroid.nodes.NodeNG:
    """The value of the first keyword argument in ``source``, parsed by astroid as pylint
    parses it."""
    module = astroid.parse(source)
    return next(module.nodes_of_class(astroid.nodes.Keyword)).value


def _run(argv, capsys) -> tuple[int, str, str]:
    """Our command in this process: exit status, stdout, stderr."""
    with pytest.raises(SystemExit) as exited:
        cli.main([*COMMAND, *argv])
    captured = capsys.readouterr()
    return exited.value.code or 0, captured.out, captured.err


@pytest.fixture(name="pipeline")
def pipeline_file(tmp_path, monkeypatch, fresh_project_index) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "pipeline.py"
    path.write_text(PIPELINE, encoding="utf-8")
    return path


# --- apply -----------------------------------------------------------------------------------


def test_text_outside_the_edits_stays_byte_for_byte():
    source = (
        "import dagster as dg  # keep\n\n"
        "@dg.asset(  deps = 'raw' ,\tkinds={'x'} )   # odd spacing\f\n"
        "def orders(): ...\n"
    )
    value = _value(source)

    fixed = apply(source, [Fix(wrap(value, "[", "]"))])

    start = source.index("'raw'")
    assert fixed == source[:start] + "['raw']" + source[start + len("'raw'") :]


def test_crlf_line_endings_are_kept_and_given_to_inserted_lines():
    source = "import dagster as dg\r\n\r\nx = dg.AssetSpec('a', deps='b')\r\n# end\r\n"
    value = _value(source)

    fixed = apply(source, [Fix([insert_after(value, "\n# inserted")])])

    assert fixed == source.replace("deps='b'", "deps='b'\r\n# inserted")
    assert "\n" not in fixed.replace("\r\n", "")


def test_a_lone_carriage_return_ends_a_line_as_for_python():
    source = "a = 1\rx = f(deps='b')\r"
    value = _value(source)  # line 2 for Python's parser

    assert (value.lineno, value.col_offset) == (2, 11)
    assert apply(source, [Fix([replace(value, "['b']")])]) == "a = 1\rx = f(deps=['b'])\r"


def test_columns_are_utf8_bytes_of_the_line_and_land_on_the_right_characters():
    source = 'x = "é€"; y = f(deps="ü")  # ß\n'
    value = _value(source)
    assert value.col_offset == source.encode("utf-8").index(b'"\xc3\xbc"')  # bytes, not characters

    assert apply(source, [Fix(wrap(value, "[", "]"))]) == 'x = "é€"; y = f(deps=["ü"])  # ß\n'


def test_overlapping_and_touching_fixes_are_deferred_whatever_their_order():
    source = "0123456789\n"
    first = Fix([Edit((1, 2), (1, 4), "ab")])
    inside = Fix([Edit((1, 3), (1, 3), "X")])
    touching = Fix([Edit((1, 4), (1, 5), "T")])
    apart = Fix([Edit((1, 6), (1, 8), "")])

    result = apply_fixes(source, [apart, touching, inside, first])

    assert result.text == "01ab4589\n"
    assert result.applied == (first, apart)
    assert set(result.deferred) == {inside, touching}


def test_a_fix_is_applied_whole_its_span_covering_the_text_between_its_edits():
    source = "f(a, b, c)\n"
    around = Fix([Edit((1, 2), (1, 2), "["), Edit((1, 9), (1, 9), "]")])
    between = Fix([Edit((1, 5), (1, 6), "B")])

    result = apply_fixes(source, [between, around])

    assert result.text == "f([a, b, c])\n"
    assert result.deferred == (between,)


@pytest.mark.parametrize(
    "edits",
    [
        [Edit((1, 12), (1, 12), "x")],  # past the end of the line
        [Edit((3, 0), (3, 0), "x")],  # past the last line
        [Edit((1, 6), (1, 6), "x")],  # inside the two bytes of "é"
        [Edit((1, 4), (1, 2), "x")],  # ends before it starts
        [Edit((1, 0), (1, 4), "x"), Edit((1, 2), (1, 3), "y")],  # a fix overlapping itself
    ],
)
def test_an_edit_that_does_not_fit_the_text_is_refused(edits):
    with pytest.raises(ValueError):
        apply("x = 'é'\n", [Fix(edits)])
    with pytest.raises(ValueError):
        apply("x = 1\n", [Fix([Edit((1, 6), (1, 6), "x")])])


def test_a_node_without_an_end_position_gives_no_edit():
    with pytest.raises(ValueError):
        replace(astroid.nodes.Const(1), "2")


@pytest.mark.parametrize(
    ("raw", "decoded"),
    [
        (b"x = '\xc3\xa9'\n", ("x = 'é'\n", False)),
        (b"\xef\xbb\xbfx = 1\r\n", ("x = 1\r\n", True)),
        (b"# -*- coding: utf-8 -*-\nx = 1\n", ("# -*- coding: utf-8 -*-\nx = 1\n", False)),
        (b"#!/usr/bin/env python\n# coding=latin-1\nx = '\xe9'\n", None),
        (b"# coding: no-such-codec\nx = 1\n", None),
        (b"x = '\xe9'\n", None),  # not UTF-8, and no declaration saying what it is
    ],
)
def test_only_utf8_sources_are_fixed(raw, decoded):
    assert fixing.decode(raw) == decoded


def test_a_fix_has_edits_and_a_declared_safety():
    with pytest.raises(ValueError):
        Fix([])
    with pytest.raises(ValueError):
        FixSafety("maybe", "does something")
    unsafe = FixSafety("unsafe", "removes catchup=")
    recorded = unsafe.recorded(Fix([Edit((1, 0), (1, 1), "")]))
    assert not recorded.safe
    assert recorded.description == "removes catchup="
    assert not FixSafety("safe", "x").recorded(Fix([Edit((1, 0), (1, 1), "")], safe=False)).safe


# --- the base checker ------------------------------------------------------------------------


def _collected(path: Path) -> FixCollector:
    collector = FixCollector()
    Run([*PLUGIN_ARGS, str(path)], reporter=collector, exit=False)
    return collector


def test_a_reported_finding_carries_its_fix_and_a_suppressed_one_none(tmp_path):
    path = tmp_path / "pipeline.py"
    path.write_text(
        "import dagster as dg\n\n"
        "a = dg.AssetSpec('a', deps='x')\n"
        "b = dg.AssetSpec('b', deps='y')  # pylint: disable=deps-not-a-list\n",
        encoding="utf-8",
    )

    collector = _collected(path)

    assert [(m.symbol, m.line) for m in collector.messages] == [("deps-not-a-list", 3)]
    ((symbol, fix),) = collector.fixes_by_file()[str(path)]
    assert symbol == "deps-not-a-list"
    assert fix.safe
    assert fix.description == DepsArgumentChecker.fixes["deps-not-a-list"].does
    assert fix.edits == (Edit((3, 27), (3, 27), "["), Edit((3, 30), (3, 30), "]"))


def test_fixes_are_declared_only_for_the_checkers_own_messages():
    with pytest.raises(TypeError, match="not-ours"):

        class _Checker(DagsterChecker):  # pylint: disable=unused-variable
            msgs = {"W7399": ("x", "ours", "x")}
            fixes = {"not-ours": FixSafety("safe", "x")}


# --- the command -----------------------------------------------------------------------------


def test_fix_writes_the_fixes_and_reports_what_is_left(pipeline, capsys):
    status, out, err = _run(["--fix", "pipeline.py"], capsys)

    assert pipeline.read_text(encoding="utf-8") == FIXED_PIPELINE
    assert "deps-not-a-list" not in out
    assert "pipeline.py:11:11:" in out and "(asset-called-directly)" in out
    assert "fixed 1 finding in 1 file" in err
    assert status != 0  # what is left is reported, with pylint's exit status


def test_fix_leaves_nothing_for_a_second_run(pipeline, capsys):
    _run(["--fix", "pipeline.py"], capsys)
    status, out, err = _run(["--diff", "pipeline.py"], capsys)

    assert (status, out, err) == (0, "", "")
    assert pipeline.read_text(encoding="utf-8") == FIXED_PIPELINE


def test_diff_prints_the_fixes_and_changes_nothing(pipeline, capsys):
    status, out, err = _run(["--diff", "pipeline.py"], capsys)

    assert status == 1
    assert out.splitlines() == [
        "--- pipeline.py",
        "+++ pipeline.py",
        "@@ -1,7 +1,7 @@",
        " import dagster as dg",
        " ",
        " ",
        '-@dg.asset(deps="raw_orders")',
        '+@dg.asset(deps=["raw_orders"])',
        " def orders():",
        "     return 1",
        " ",
    ]
    assert "would fix 1 finding in 1 file" in err
    assert pipeline.read_text(encoding="utf-8") == PIPELINE


def test_fix_and_diff_run_with_pylints_jobs_option(pipeline, capsys):
    status, out, _ = _run(["--diff", "-j", "2", "pipeline.py"], capsys)

    assert status == 1 and '+@dg.asset(deps=["raw_orders"])' in out


def test_unsafe_fixes_are_applied_only_when_asked(pipeline, capsys, monkeypatch):
    monkeypatch.setitem(
        DepsArgumentChecker.fixes, "deps-not-a-list", FixSafety("unsafe", "wraps (as a test)")
    )

    status, out, err = _run(["--diff", "pipeline.py"], capsys)
    assert (status, out) == (0, "")
    assert "1 more with unsafe fix (--unsafe-fixes applies them)" in err

    status, out, _ = _run(["--diff", "--unsafe-fixes", "pipeline.py"], capsys)
    assert status == 1 and '+@dg.asset(deps=["raw_orders"])' in out

    _run(["--fix", "pipeline.py"], capsys)
    assert pipeline.read_text(encoding="utf-8") == PIPELINE
    _run(["--fix", "--unsafe-fixes", "pipeline.py"], capsys)
    assert pipeline.read_text(encoding="utf-8") == FIXED_PIPELINE


def test_unsafe_fixes_alone_only_lints(pipeline, capsys):
    status, out, err = _run(["--unsafe-fixes", "pipeline.py"], capsys)

    assert "(deps-not-a-list)" in out and status != 0
    assert "--unsafe-fixes applies only with --fix or --diff" in err
    assert pipeline.read_text(encoding="utf-8") == PIPELINE


def _command_with_stdin(cwd: Path, stdin: bytes, *arguments: str) -> subprocess.CompletedProcess:
    """Our command as an editor runs it: the buffer's bytes on stdin, as they are."""
    return subprocess.run(
        [sys.executable, "-m", "pylint_dagster_migration.cli", *COMMAND, *arguments],
        cwd=cwd, input=stdin, capture_output=True, timeout=120, check=False,
        env={**os.environ, STRICT_ENV: "1"},
    )


def test_fix_from_stdin_prints_the_fixed_text_and_reports_on_stderr(tmp_path):
    (tmp_path / "pipeline.py").write_text("# on disk: not what is linted\n", encoding="utf-8")
    buffer = PIPELINE.replace("\n", "\r\n").encode("utf-8")  # an editor's, line endings kept

    result = _command_with_stdin(tmp_path, buffer, "--fix", "--from-stdin", "pipeline.py")

    assert result.stdout == FIXED_PIPELINE.replace("\n", "\r\n").encode("utf-8")
    report = result.stderr.decode("utf-8")
    assert "pipeline.py:11:11:" in report and "(asset-called-directly)" in report
    assert "deps-not-a-list" not in report
    assert result.returncode != 0
    assert (tmp_path / "pipeline.py").read_text(encoding="utf-8").startswith("# on disk")


def test_diff_from_stdin_prints_the_diff(pipeline, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", _stdin(PIPELINE))

    status, out, _ = _run(["--diff", "--from-stdin", "pipeline.py"], capsys)

    assert status == 1 and '+@dg.asset(deps=["raw_orders"])' in out


def test_fix_from_stdin_with_nothing_to_fix_prints_the_text_unchanged(
    pipeline, capsys, monkeypatch
):
    monkeypatch.setattr("sys.stdin", _stdin(FIXED_PIPELINE))

    _, out, err = _run(["--fix", "--from-stdin", "pipeline.py"], capsys)

    assert out == FIXED_PIPELINE
    assert "(asset-called-directly)" in err


def _stdin(text: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8")


def test_a_file_that_does_not_parse_is_left_alone_and_said_so(pipeline, capsys):
    broken = pipeline.parent / "broken.py"
    broken.write_text('import dagster as dg\n\ndg.AssetSpec("a", deps="b"\n', encoding="utf-8")

    _, _, err = _run(["--fix", "broken.py", "pipeline.py"], capsys)

    assert "broken.py:" in err and "not fixed: the file does not parse" in err
    assert broken.read_text(encoding="utf-8").endswith('deps="b"\n')
    assert pipeline.read_text(encoding="utf-8") == FIXED_PIPELINE


def test_a_file_changed_on_disk_while_being_fixed_is_left_alone_and_said_so(
    pipeline, capsys, monkeypatch
):
    edited = PIPELINE + "# saved by the editor meanwhile\n"
    real = fixing.fix_passes

    def fix_passes_then_edit(*args, **kwargs):
        real(*args, **kwargs)
        pipeline.write_text(edited, encoding="utf-8")

    monkeypatch.setattr(fixing, "fix_passes", fix_passes_then_edit)

    _, out, err = _run(["--fix", "pipeline.py"], capsys)

    assert "pipeline.py: not fixed: it changed on disk while it was being fixed" in err
    assert pipeline.read_text(encoding="utf-8") == edited
    assert "(deps-not-a-list)" in out  # the report is of the file as it is


def test_a_file_not_in_utf8_is_left_alone_and_said_so(pipeline, capsys):
    latin = pipeline.parent / "latin.py"
    latin.write_bytes(
        b"# -*- coding: latin-1 -*-\nimport dagster as dg\n\n"
        b"a = dg.AssetSpec('caf\xe9', deps='b')\n"
    )

    _, _, err = _run(["--fix", "latin.py"], capsys)

    assert "latin.py: not fixed: it is not a UTF-8 file" in err
    assert latin.read_bytes().endswith(b"deps='b')\n")


def test_stdin_that_is_not_utf8_is_printed_as_it_came(tmp_path):
    raw = b"# coding: latin-1\nimport dagster as dg\n\nx = dg.AssetSpec('\xe9', deps='b')\n"

    result = _command_with_stdin(tmp_path, raw, "--fix", "--from-stdin", "pipeline.py")

    assert result.stdout == raw
    assert "pipeline.py: not fixed: the text is not UTF-8" in result.stderr.decode("utf-8")


@pytest.mark.parametrize(
    ("edits", "said"),
    [
        (lambda node: (insert_before(node, "["),), "the fixes would leave it unparsable"),
        (lambda node: (Edit((1, 999), (1, 999), "x"),), "a fix does not fit the text"),
    ],
)
def test_a_broken_fix_leaves_the_file_alone_and_says_so(
    pipeline, capsys, monkeypatch, edits, said
):
    monkeypatch.setattr(deps_argument, "wrap", lambda node, before, after: edits(node))
    with pytest.raises((AssertionError, ValueError)):  # in the suite's strict mode: a bug
        _run(["--fix", "pipeline.py"], capsys)
    monkeypatch.delenv(STRICT_ENV)

    _, out, err = _run(["--fix", "pipeline.py"], capsys)

    assert f"pipeline.py: not fixed: {said} (" in err
    assert pipeline.read_text(encoding="utf-8") == PIPELINE
    assert "(deps-not-a-list)" in out


def test_a_file_that_cannot_be_written_is_said_so(pipeline, capsys, monkeypatch):
    def refusing_open(path, mode="r", **kwargs):
        if "w" in mode:
            raise PermissionError(13, "Permission denied", str(path))
        return open(path, mode, **kwargs)  # pylint: disable=unspecified-encoding

    monkeypatch.setattr(fixing, "open", refusing_open, raising=False)

    _, _, err = _run(["--fix", "pipeline.py"], capsys)

    assert "pipeline.py: not fixed: Permission denied" in err
    assert pipeline.read_text(encoding="utf-8") == PIPELINE


def test_the_diff_marks_a_last_line_without_newline(pipeline, capsys):
    pipeline.write_text('import dagster as dg\nx = dg.AssetSpec("x", deps="y")', encoding="utf-8")

    _, out, _ = _run(["--diff", "pipeline.py"], capsys)

    assert out.endswith(
        '-x = dg.AssetSpec("x", deps="y")\n\\ No newline at end of file\n'
        '+x = dg.AssetSpec("x", deps=["y"])\n\\ No newline at end of file\n'
    )


def test_a_byte_order_mark_and_crlf_survive_a_fix(pipeline, capsys):
    pipeline.write_bytes(b"\xef\xbb\xbf" + PIPELINE.replace("\n", "\r\n").encode("utf-8"))

    _run(["--fix", "pipeline.py"], capsys)

    expected = b"\xef\xbb\xbf" + FIXED_PIPELINE.replace("\n", "\r\n").encode("utf-8")
    assert pipeline.read_bytes() == expected


NESTED = 'import dagster as dg\n\nx = dg.AssetSpec("x", deps=dg.AssetSpec("y", deps="z"))\n'


def test_overlapping_fixes_are_applied_pass_after_pass(pipeline, capsys):
    pipeline.write_text(NESTED, encoding="utf-8")

    _, _, err = _run(["--fix", "pipeline.py"], capsys)

    assert pipeline.read_text(encoding="utf-8") == NESTED.replace(
        'deps=dg.AssetSpec("y", deps="z")', 'deps=[dg.AssetSpec("y", deps=["z"])]'
    )
    assert "fixed 2 findings in 1 file" in err


def test_the_passes_are_bounded(pipeline, capsys, monkeypatch):
    pipeline.write_text(NESTED, encoding="utf-8")
    monkeypatch.setattr(fixing, "MAX_PASSES", 1)

    _, out, err = _run(["--fix", "pipeline.py"], capsys)

    assert "pipeline.py: fixes still found after 1 passes" in err
    assert '[dg.AssetSpec("y", deps="z")]' in pipeline.read_text(encoding="utf-8")
    assert "(deps-not-a-list)" in out


def test_the_fix_options_are_taken_off_the_command_line_before_the_paths():
    assert cli._fix_options(  # pylint: disable=protected-access
        ["--fix", "-j", "2", "--unsafe-fixes", "a.py", "--", "--diff"]
    ) == ({"--fix", "--unsafe-fixes"}, ["-j", "2", "a.py", "--", "--diff"])


def test_the_fix_hook_runs_the_command_with_fix():
    hooks = (Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml").read_text(
        encoding="utf-8"
    )
    yaml = pytest.importorskip("yaml")
    by_id = {hook["id"]: hook for hook in yaml.safe_load(hooks)}

    fix_hook = by_id["pylint-dagster-migration-fix"]
    assert fix_hook["entry"] == by_id["pylint-dagster-migration"]["entry"]
    assert fix_hook["args"] == ["--fix"]
    assert fix_hook["types"] == ["python"]


# --- the guarantees, for every fixture with a fixable finding ------------------------------------


def _fixable_symbols() -> set[str]:
    return {
        symbol
        for checker in _registered_checkers()
        for symbol in getattr(checker, "fixes", {})
    }


def _registered_checkers():
    from pylint.lint import PyLinter  # pylint: disable=import-outside-toplevel

    from pylint_dagster_migration import register  # pylint: disable=import-outside-toplevel

    linter = PyLinter()
    register(linter)
    return linter.get_checkers()


def _reported_symbols(fixture: Path) -> set[str]:
    lines = fixture.with_suffix(".txt").read_text(encoding="utf-8").splitlines()
    return {line.split(":", 1)[0] for line in lines}


FIXABLE_FIXTURES = [
    fixture for fixture in bad_fixtures() if _reported_symbols(fixture) & _fixable_symbols()
]


def test_every_message_with_a_fix_has_a_fixture_to_prove_it():
    assert _fixable_symbols() <= {m.symbol for m in messages()}
    covered = {symbol for f in FIXABLE_FIXTURES for symbol in _reported_symbols(f)}
    assert _fixable_symbols() <= covered


@pytest.fixture(name="fixtures_copy")
def fixtures_project_copy(tmp_path, monkeypatch, fresh_project_index) -> Path:
    """The fixtures as one project, as the suite lints them in the repository."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURES, project / "fixtures")
    (project / "pyproject.toml").write_text('[project]\nname = "fixtures"\n', encoding="utf-8")
    monkeypatch.chdir(project)
    return project / "fixtures"


def _fixes(path: Path, *, unsafe: bool) -> Counter:
    """The findings of ``path`` with a fix ``--fix`` applies (with ``unsafe``, ``--fix
    --unsafe-fixes``), by symbol."""
    return Counter(
        symbol
        for found in _collected(path).fixes_by_file().values()
        for symbol, fix in found
        if unsafe or fix.safe
    )


@pytest.mark.parametrize("fixture", FIXABLE_FIXTURES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixing_a_fixture_keeps_the_guarantees(fixture, fixtures_copy, capsys):
    """The safe fixes, then the unsafe ones: after each, the file parses, none of the fixed
    findings is left and none is new, and fixing again changes nothing."""
    path = fixtures_copy / fixture.relative_to(FIXTURES)
    fixed_any = False
    for options in (["--fix"], ["--fix", "--unsafe-fixes"]):
        before = Counter(finding.symbol for finding in lint([path]))
        fixable = _fixes(path, unsafe="--unsafe-fixes" in options)
        if not fixable:
            continue
        fixed_any = True

        _run([*options, str(path)], capsys)

        fixed = path.read_text(encoding="utf-8")
        assert fixing.parses(fixed)
        after = Counter(finding.symbol for finding in lint([path]))
        assert not after - (before - fixable), (options, before, fixable, after)
        assert _run(["--diff", *options[1:], str(path)], capsys)[:2] == (0, "")
    if not fixed_any:  # its findings are the near misses of a fix: nothing may change
        assert _run(["--diff", "--unsafe-fixes", str(path)], capsys)[:2] == (0, "")
        return
    # A finding left without a fix (most fail the load) leaves the fixed file unloadable.
    if not after and not fixture.read_text(encoding="utf-8").startswith("# fixture-needs:"):
        pytest.importorskip("dagster")
        import_source(path.parent, fixed, prefix="fixed")  # loads in Dagster


def test_the_fixed_deps_fixture_gives_each_asset_its_dependency(tmp_path, fixtures_copy, capsys):
    dg = pytest.importorskip("dagster")
    path = fixtures_copy / "deps-not-a-list" / "bad.py"
    with pytest.raises(TypeError, match="not iterable"):  # as written: no list of deps
        import_source(tmp_path, path.read_text(encoding="utf-8"))

    _run(["--fix", str(path)], capsys)
    module = import_source(tmp_path, path.read_text(encoding="utf-8"))

    def dependencies(asset) -> set:
        (spec,) = asset.specs if isinstance(asset, dg.AssetsDefinition) else [asset]
        return {dep.asset_key for dep in spec.deps}

    assert dependencies(module.orders) == {dg.AssetKey("raw_orders")}
    assert dependencies(module.order_items) == {dg.AssetKey("raw_orders")}
    assert dependencies(module.net_revenue) == {dg.AssetKey(["sales", "refunds"])}
    assert dependencies(module.customers) == {dg.AssetKey("crm_export")}
    dg.Definitions.validate_loadable(
        dg.Definitions(assets=[module.raw_orders, module.orders, module.order_items,
                               module.net_revenue, module.customers])
    )
