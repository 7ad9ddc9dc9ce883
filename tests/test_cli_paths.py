"""Our command lints every Python file of a directory it is given, as ruff does: also the folders
without ``__init__.py`` in which Dagster projects keep their definitions (``defs/``), which
pylint itself does not descend into. It skips what is not the project's code, and honours
pylint's ``ignore``, ``ignore-patterns`` and ``ignore-paths``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from commands import our_command
from linting import PLUGIN_ARGS
from pylint.lint import Run
from pylint.reporters import CollectingReporter

from pylint_dagster_migration.cli import ONLY_OUR_CHECKS, pylint_arguments

# deps given as one string: deps-not-a-list (E7305) at line 4, column 15.
BAD_ASSET = 'import dagster as dg\n\n\n@dg.asset(deps="raw_orders")\ndef {name}():\n    return 1\n'
DAGSTER_PROJECT_FILES = [
    "src_pkg/definitions.py",
    "src_pkg/defs/ingest/assets.py",
    "src_pkg/defs/transform/deeper/assets.py",
]


def _write(root: Path, relative: str, text: str | None = None) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    name = path.stem if path.stem.isidentifier() else "orders"
    path.write_text(BAD_ASSET.format(name=name) if text is None else text, encoding="utf-8")


def _found_at(*relatives: str) -> list[tuple[str, int, int, str]]:
    """The one finding ``BAD_ASSET`` gives, in each of ``relatives``."""
    return sorted((relative, 4, 15, "deps-not-a-list") for relative in relatives)


@pytest.fixture(name="project")
def dagster_project(tmp_path, monkeypatch) -> Path:
    """A ``dg``-style project: ``defs/`` subfolders without ``__init__.py``; cwd is its root."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "src-pkg"\n', encoding="utf-8")
    _write(tmp_path, "src_pkg/__init__.py", "")
    _write(tmp_path, "src_pkg/defs/__init__.py", "")
    for relative in DAGSTER_PROJECT_FILES:
        _write(tmp_path, relative)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _findings(arguments: list[str]) -> list[tuple[str, int, int, str]]:
    reporter = CollectingReporter()
    Run(arguments, reporter=reporter, exit=False)
    return sorted(
        (Path(os.path.relpath(m.abspath)).as_posix(), m.line, m.column, m.symbol)
        for m in reporter.messages
    )


def _plain_pylint(*argv: str):
    return _findings([*PLUGIN_ARGS, *argv])


def _ours(*argv: str):
    """Our command, in-process."""
    return _findings(pylint_arguments(["--persistent=n", *argv]))


def _paths_given_to_pylint(*argv: str) -> list[str]:
    arguments = pylint_arguments(argv)
    assert arguments[: len(ONLY_OUR_CHECKS)] == list(ONLY_OUR_CHECKS)
    return arguments[len(ONLY_OUR_CHECKS) :]


# --- the problem, and the fix -----------------------------------------------------------------


@pytest.mark.usefixtures("project")
@pytest.mark.parametrize("recursive", ["n", "y"])
def test_plain_pylint_misses_the_folders_without_init(recursive):
    found = _plain_pylint(f"--recursive={recursive}", "src_pkg")

    assert found == _found_at("src_pkg/definitions.py")


@pytest.mark.parametrize("directory", ["src_pkg", ".", "./src_pkg/"])
def test_our_command_lints_every_file_of_a_directory(project, directory):
    result = our_command("--output-format=json2", directory, cwd=project)

    assert result.stderr == ""
    found = sorted(
        (Path(m["path"]).as_posix(), m["line"], m["column"], m["symbol"])
        for m in json.loads(result.stdout)["messages"]
    )
    assert found == _found_at(*DAGSTER_PROJECT_FILES)
    assert result.returncode == 2


def test_files_are_given_sorted_and_symbolic_links_to_directories_are_not_followed(project):
    defs = project / "src_pkg" / "defs"
    (defs / "loop").symlink_to(project / "src_pkg", target_is_directory=True)
    (defs / "dangling.py").symlink_to(project / "nowhere.py")

    assert _paths_given_to_pylint("src_pkg") == [
        "src_pkg/__init__.py",
        "src_pkg/definitions.py",
        "src_pkg/defs/__init__.py",
        "src_pkg/defs/ingest/assets.py",
        "src_pkg/defs/transform/deeper/assets.py",
    ]


# --- what a walk skips ------------------------------------------------------------------------


SKIPPED = [
    ".venv/lib/python3.12/site-packages/vendored/bad.py",
    "env/lib/python3.12/site-packages/vendored/bad.py",  # a virtual environment under any name
    "node_modules/some-package/bad.py",
    "build/lib/src_pkg/bad.py",
    "dist/bad.py",
    "src_pkg.egg-info/bad.py",
    ".git/hooks/bad.py",
    ".tox/py312/bad.py",
    "src_pkg/defs/.ipynb_checkpoints/bad.py",
]


def test_environments_build_output_and_hidden_directories_are_skipped(project):
    for relative in SKIPPED:
        _write(project, relative)
    (project / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    (project / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    # A package that is called build is code, not build output.
    _write(project, "tools/build/__init__.py", "")
    _write(project, "tools/build/steps.py")

    assert _ours(".") == _found_at(*DAGSTER_PROJECT_FILES, "tools/build/steps.py")


@pytest.mark.parametrize("named", [".venv/lib/bad.py", "build/lib/src_pkg/bad.py"])
def test_a_file_named_explicitly_is_linted_even_where_a_walk_skips(project, named):
    # As in ruff (without --force-exclude): what the user names is what the user wants linted.
    _write(project, named)
    (project / ".venv").mkdir(exist_ok=True)
    (project / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")

    assert _ours(named) == _found_at(named)


# --- pylint's ignore settings -----------------------------------------------------------------


IGNORE_SETTINGS = [
    # option, value, the files it excludes
    ("ignore", "legacy", ["src_pkg/defs/legacy/old.py", "src_pkg/defs/legacy/older/old.py"]),
    ("ignore-patterns", "^generated_", ["src_pkg/defs/ingest/generated_models.py"]),
    ("ignore-paths", "^src_pkg/defs/transform/.*$", ["src_pkg/defs/transform/deeper/assets.py"]),
]
EXTRA_FILES = [
    "src_pkg/defs/legacy/old.py",
    "src_pkg/defs/legacy/older/old.py",
    "src_pkg/defs/ingest/generated_models.py",
]


@pytest.mark.parametrize("where", ["pyproject", "command line"])
@pytest.mark.parametrize(("option", "value", "excluded"), IGNORE_SETTINGS)
def test_pylints_ignore_settings_exclude_what_they_name(project, where, option, value, excluded):
    for relative in EXTRA_FILES:
        _write(project, relative)
    if where == "pyproject":
        (project / "pyproject.toml").write_text(
            f'[tool.pylint.main]\n{option} = ["{value}"]\n', encoding="utf-8"
        )
        arguments = ["src_pkg"]
    else:
        arguments = [f"--{option}={value}", "src_pkg"]

    kept = sorted(set(DAGSTER_PROJECT_FILES + EXTRA_FILES) - set(excluded))
    assert _ours(*arguments) == _found_at(*kept)


def test_pylints_ignore_settings_also_apply_to_what_is_named_explicitly(project):
    # As pylint does, its ignore settings apply to the arguments too.
    _write(project, "src_pkg/defs/ingest/generated_models.py")
    _write(project, "src_pkg/defs/legacy/old.py")

    assert _ours("--ignore-patterns=^generated_", "src_pkg/defs/ingest/generated_models.py") == []
    assert _ours("--ignore=legacy", "src_pkg/defs/legacy") == []
    assert _paths_given_to_pylint("--ignore=legacy", "src_pkg/defs/legacy") == [
        "--ignore=legacy", "src_pkg/defs/legacy",
    ]


# --- options pass through ---------------------------------------------------------------------


def test_the_value_of_an_option_is_not_taken_for_a_path(project):
    # Directories named like the values: expanding one would lint its bad file.
    _write(project, "1/bad.py")
    _write(project, "src_pkg/defs/legacy/old.py")
    (project / "strict.toml").write_text("[tool.pylint.main]\njobs = 1\n", encoding="utf-8")
    options = ["--rcfile", "strict.toml", "-j", "1", "--ignore", "legacy", "--disable", "fixme"]

    assert _paths_given_to_pylint(*options, "src_pkg") == [
        *options, "src_pkg/__init__.py", "src_pkg/definitions.py", "src_pkg/defs/__init__.py",
        *DAGSTER_PROJECT_FILES[1:],
    ]
    assert _ours(*options, "src_pkg") == _found_at(*DAGSTER_PROJECT_FILES)
    assert _paths_given_to_pylint("--output-format", "json", "src_pkg/defs/ingest") == [
        "--output-format", "json", "src_pkg/defs/ingest/assets.py",
    ]


@pytest.mark.usefixtures("project")
@pytest.mark.parametrize("flag", ["--verbose", "-v", "--enable-all-extensions", "--recursive=y"])
def test_a_directory_after_a_flag_is_expanded(flag):
    # pylint reads --verbose and --enable-all-extensions before its argument parser, whose
    # placeholder entries for them say they take a value.
    assert _paths_given_to_pylint(flag, "src_pkg/defs") == [
        flag, "src_pkg/defs/__init__.py", *DAGSTER_PROJECT_FILES[1:],
    ]


def test_from_stdin_reads_the_buffer_for_the_path_given(project):
    # The editor's unsaved buffer: the finding moved one line down from the file on disk.
    buffer = "# edited\n" + BAD_ASSET.format(name="orders")

    result = our_command("--output-format=json2", "--from-stdin", "src_pkg/defs/ingest/assets.py",
                         cwd=project, stdin=buffer)

    assert result.stderr == ""
    assert [
        (Path(m["path"]).as_posix(), m["line"], m["column"], m["symbol"])
        for m in json.loads(result.stdout)["messages"]
    ] == [("src_pkg/defs/ingest/assets.py", 5, 15, "deps-not-a-list")]
    assert _paths_given_to_pylint("--from-stdin", "src_pkg/defs/ingest/assets.py") == [
        "--from-stdin", "src_pkg/defs/ingest/assets.py",
    ]


# --- paths that are not directories of Python files -------------------------------------------


@pytest.mark.usefixtures("project")
def test_missing_paths_and_module_names_pass_through():
    assert _paths_given_to_pylint("missing/", "src_pkg.definitions") == [
        "missing/", "src_pkg.definitions",
    ]


def test_a_directory_without_python_files_adds_nothing(project):
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# docs\n", encoding="utf-8")

    assert _paths_given_to_pylint("docs", "src_pkg/defs/ingest") == [
        "src_pkg/defs/ingest/assets.py",
    ]
    assert _paths_given_to_pylint("docs") == []

    alone = our_command("docs", cwd=project)

    assert (alone.returncode, alone.stdout) == (32, "No files to lint: exiting.\n")


def test_an_unreadable_directory_is_passed_over(project, monkeypatch):
    locked = project / "src_pkg" / "defs" / "transform"
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path).resolve() == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)

    assert _paths_given_to_pylint("src_pkg/defs") == [
        "src_pkg/defs/__init__.py", "src_pkg/defs/ingest/assets.py",
    ]
