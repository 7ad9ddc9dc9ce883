"""``pylint-dagster-migration [pylint options] [paths...]``: pylint with only this plugin's checks.

For users who want the migration checks without adopting pylint's whole rule set, and for the
pre-commit hook. It is ``pylint --load-plugins=pylint_dagster_migration --disable=all
--enable=dagster-migration``, and every pylint option passes through (``--output-format``,
``--from-stdin``, ``--rcfile``, ``--disable=<one of ours>``, ...).

``--enable=dagster-migration`` on the command line would otherwise undo a project's
configuration that turns one of our messages off (``disable = ["asset-called-directly"]`` in
``pyproject.toml``), because pylint applies the command line after the configuration file; such
configured disables of our messages are therefore repeated after it.

Directory arguments are expanded into their Python files before pylint sees them, as ruff does.
pylint descends only into packages, so the folders without ``__init__.py`` in which Dagster
projects keep their definitions (``defs/`` of ``dg`` and components) would otherwise be left
unlinted without a word. A directory becomes the sorted list of the ``.py`` files under it, at
any depth, without those in virtual environments, hidden, build and cache directories (see
``files``) and without what pylint's ``ignore``, ``ignore-patterns`` and ``ignore-paths`` exclude,
read from the configuration file and the command line by pylint's own code. A directory without
Python files adds nothing. Which words are paths and which are the values of options
(``--rcfile x``, ``-j 2``) is told by pylint's own option definitions.

Unchanged are file arguments (what pre-commit and editors pass), module names, paths that do
not exist (pylint reports them), a directory that pylint's settings ignore (pylint ignores it),
and the whole command line with ``--from-stdin`` or one that pylint will refuse. A file named
explicitly is linted even inside a directory that the walk skips, as in ruff, unless pylint's
``ignore`` settings name it, as in pylint.

Telling paths from option values and reading the ignore settings takes a second linter,
configured as pylint configures its own. A command line that names no directory and no wildcard
(pre-commit's and editors' lists of files) has nothing to expand and is passed on without one.

Fixing, with ruff's option names (taken off the command line before pylint sees it; see
``fixing`` for how):

- ``--fix``: apply the safe fixes in place, then lint again and report what is left, with
  pylint's report and exit status. What was fixed, and any file left alone (it does not parse,
  it changed on disk meanwhile), is said on stderr, so that stdout stays pylint's report.
- ``--diff``: print a unified diff of what ``--fix`` would change and change nothing; no
  report. Exit status 1 when there is a diff, 0 otherwise, as ruff's.
- ``--unsafe-fixes``: with ``--fix`` or ``--diff``, apply the unsafe fixes too.
- ``--fix --from-stdin NAME`` (what editors run): the fixed text (or the text unchanged) goes
  to stdout and the report of what is left to stderr, as ruff does with ``--fix -``.

The fix passes lint in this process with one job whatever ``-j`` says (fixes made in pylint's
worker processes would never reach this one); the final report honours ``-j``.
"""

from __future__ import annotations

import contextlib
import glob
import io
import os
import sys
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path

from pylint.config import find_default_config_files
from pylint.config.config_initialization import _config_initialization
from pylint.config.exceptions import ArgumentPreprocessingError
from pylint.config.utils import PREPROCESSABLE_OPTIONS, _preprocess_options
from pylint.lint import PyLinter, Run
from pylint.lint.expand_modules import _is_ignored_file
from pylint.lint.run import _make_run_options
from pylint.reporters import CollectingReporter

from pylint_dagster_migration import files, register
from pylint_dagster_migration.checkers.base import CHECKER_NAME

ONLY_OUR_CHECKS = (
    "--load-plugins=pylint_dagster_migration",
    "--disable=all",
    f"--enable={CHECKER_NAME}",
    # A score out of our checks alone says nothing about the code; --score=y brings it back.
    "--score=n",
)


def pylint_arguments(argv: Sequence[str]) -> list[str]:
    """The pylint command line that runs only our checks on ``argv``."""
    config_file = _config_file(argv)
    disabled = sorted(set(_configured_disables_of_ours(config_file)))
    repeated = [f"--disable={','.join(disabled)}"] if disabled else []
    arguments = [*ONLY_OUR_CHECKS, *repeated, *argv]
    if not _may_name_a_directory(argv):
        return arguments
    return _with_directories_expanded(arguments, config_file)


# --- configured disables of our messages ------------------------------------------------------


def _config_file(argv: Sequence[str]) -> Path | None:
    """The configuration file pylint will read: ``--rcfile``'s, else its default search."""
    for position, argument in enumerate(argv):
        if argument.startswith("--rcfile="):
            return Path(argument.partition("=")[2])
        if argument == "--rcfile" and position + 1 < len(argv):
            return Path(argv[position + 1])
    return next(find_default_config_files(), None)


def _configured_disables_of_ours(config_file: Path | None) -> Iterator[str]:
    if config_file is None or not config_file.is_file():
        return
    try:
        # pylint's own reader, so that every file format it accepts is read alike.
        # pylint: disable-next=import-outside-toplevel
        from pylint.config.config_file_parser import _RawConfParser

        _, config_args = _RawConfParser.parse_config_file(config_file, False)
    except Exception:  # pylint: disable=broad-exception-caught
        # pylint reports an unreadable configuration itself when it reads it.
        return
    disabled = [
        name.strip()
        for option, value in zip(config_args[::2], config_args[1::2])
        if option == "--disable"
        for name in value.split(",")
    ]
    if not disabled:
        return  # no need to list our messages, which takes a linter of its own
    ours = _our_message_names()
    yield from (name for name in disabled if name in ours or name.upper() in ours)


def _our_message_names() -> set[str]:
    """The symbols and ids of our messages, as a linter registers them."""
    linter = PyLinter()
    register(linter)
    return {
        name
        for definition in linter.msgs_store.messages
        if definition.checker_name == CHECKER_NAME
        for name in (definition.symbol, definition.msgid)
    }


# --- directory arguments ----------------------------------------------------------------------


def _may_name_a_directory(argv: Sequence[str]) -> bool:
    """Whether a word of ``argv`` that is not an option is a directory, or a wildcard that may
    match one. Without such a word there is nothing to expand, whichever of the words pylint
    takes for paths and whichever for the values of options (``-j 2``)."""
    options_ended = False
    for word in argv:
        if word == "--" and not options_ended:
            options_ended = True
        elif options_ended or not word.startswith("-") or word == "-":
            if glob.escape(word) != word or os.path.isdir(word):
                return True
    return False


def _with_directories_expanded(arguments: list[str], config_file: Path | None) -> list[str]:
    """``arguments`` with each directory argument replaced by the Python files pylint should
    lint in it; every other word stays as it is, where it is. ``config_file`` is the
    configuration file found without ``--rcfile``."""
    linter = _configured_linter(arguments, config_file)
    if linter is None or linter.config.from_stdin:
        return arguments
    paths = set(_path_positions(arguments, linter))
    expanded: list[str] = []
    for position, argument in enumerate(arguments):
        if position in paths:
            expanded.extend(_files_to_lint(argument, linter))
        else:
            expanded.append(argument)
    return expanded


def _files_to_lint(argument: str, linter: PyLinter) -> list[str]:
    """The Python files of a directory argument; any other path argument itself."""
    # pylint expands wildcards in its path arguments (for shells that do not); expanding them
    # the same way here lets a wildcard that names directories reach their files.
    matches = sorted(glob.glob(argument, recursive=True)) or [argument]
    if not any(os.path.isdir(match) for match in matches):
        return [argument]
    return [
        path
        for match in matches
        for path in (_python_files(match, linter) if os.path.isdir(match) else [match])
    ]


def _python_files(directory: str, linter: PyLinter) -> list[str]:
    def is_ignored(path: str) -> bool:
        # pylint's own test, as its directory walk applies it to directories and files.
        config = linter.config
        return _is_ignored_file(path, config.ignore, config.ignore_patterns, config.ignore_paths)

    if is_ignored(directory):
        return [directory]  # for pylint to ignore, as it ignores any argument its settings name
    return files.python_files(directory, is_ignored)


# --- reading the command line as pylint does ---------------------------------------------------


class _RunStandIn:  # pylint: disable=too-few-public-methods
    """Stands in for pylint's ``Run`` while pylint's functions read the command line: they
    record ``--rcfile``, ``--load-plugins``, ``--output`` and ``--verbose`` on it."""

    def __init__(self) -> None:
        self._rcfile: str | None = None
        self._output: str | None = None
        self._plugins: list[str] = []
        self.verbose = False
        self.linter: PyLinter | None = None


def _configured_linter(
    arguments: list[str], config_file: Path | None, linter_class: type[PyLinter] = PyLinter
) -> PyLinter | None:
    """A linter (a ``linter_class``) configured by ``arguments`` and the configuration file
    (``--rcfile``'s, else ``config_file``, found by pylint's default search) as ``pylint``
    configures it, without linting anything; None when pylint will stop at these arguments (a
    bad option, ``--help``, ``--list-msgs``), which it then reports itself."""
    run = _RunStandIn()
    try:
        # pylint prints help, usage errors and warnings while reading; it prints them again
        # when it runs. (An init-hook runs twice: pylint runs it again, too.)
        with _silenced():
            remaining = _preprocess_options(run, arguments)
            linter = run.linter = linter_class(
                _make_run_options(run), option_groups=Run.option_groups
            )
            linter.load_default_plugins()
            # pylint: disable-next=protected-access
            plugins, rcfile = run._plugins, run._rcfile
            linter.load_plugin_modules(plugins)
            _config_initialization(linter, remaining, CollectingReporter(), rcfile or config_file)
    except (SystemExit, ArgumentPreprocessingError):
        return None
    except Exception as error:  # pylint: disable=broad-exception-caught
        # Never worse than plain pylint, but say so: the point is that nobody is left unaware
        # of files not being linted.
        print(
            f"pylint-dagster-migration: directories are passed to pylint unexpanded "
            f"({type(error).__name__}: {error})",
            file=sys.stderr,
        )
        return None
    return linter


@contextlib.contextmanager
def _silenced() -> Iterator[None]:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield


def _path_positions(arguments: Sequence[str], linter: PyLinter) -> Iterator[int]:
    """Positions of the words that pylint takes for paths or modules rather than for options
    and their values."""
    position = 0
    while position < len(arguments):
        word = arguments[position]
        if word == "--":  # argparse's end of options: every word after it is a path
            yield from range(position + 1, len(arguments))
            return
        if word.startswith("-") and word != "-":
            position += 1 + _value_count(word, linter)
        else:
            yield position
            position += 1


def _value_count(option: str, linter: PyLinter) -> int:
    """How many of the words after ``option`` are its value (pylint has rejected the command
    line before this is asked if a value is missing)."""
    if "=" in option:
        return 0  # --output-format=json carries its value
    preprocessed = _preprocessed_option(option)
    if preprocessed is not None:
        # Read before argparse and consumed there: --verbose takes no value although its entry
        # in the argument parser (a do-nothing placeholder) says it does.
        takes_value, _, _ = PREPROCESSABLE_OPTIONS[preprocessed]
        return int(takes_value)
    action = _parser_action(option, linter)
    if action is None:  # -j2: a short option with its value attached
        return 0
    # nargs None is one value; "+" belongs only to --help-msg, which stops pylint above.
    return action.nargs if isinstance(action.nargs, int) else 1


def _preprocessed_option(option: str) -> str | None:
    """The option of pylint's preprocessing that ``option`` names, matched by the number of
    leading characters pylint's table gives for it (0: the whole name)."""
    for name, (_, _, characters) in PREPROCESSABLE_OPTIONS.items():
        if option == name if characters == 0 else option.startswith(name[:characters]):
            return name
    return None


def _parser_action(option: str, linter: PyLinter):
    """The argparse action of pylint's (and its plugins') option ``option``, which argparse
    also finds by an unambiguous prefix of its long name (``--output-f``)."""
    # pylint: disable-next=protected-access
    actions = linter._arg_parser._option_string_actions
    if option in actions:
        return actions[option]
    if option.startswith("--"):
        candidates = {id(action): action for name, action in actions.items()
                      if name.startswith(option)}
        if len(candidates) == 1:
            return next(iter(candidates.values()))
    return None


# --- fixing --------------------------------------------------------------------------------------


FIX_OPTIONS = ("--fix", "--diff", "--unsafe-fixes")


def _fix_options(argv: Sequence[str]) -> tuple[set[str], list[str]]:
    """Our fix options in ``argv``, and the rest of it, for pylint (words after ``--`` are
    paths, whatever they look like)."""
    chosen: set[str] = set()
    rest: list[str] = []
    options_ended = False
    for word in argv:
        options_ended = options_ended or word == "--"
        if not options_ended and word in FIX_OPTIONS:
            chosen.add(word)
        else:
            rest.append(word)
    return chosen, rest


def _fix(argv: list[str], chosen: set[str]) -> int | None:
    """Fix (``--fix``) or show the fixes (``--diff``) of the files ``argv`` names; the exit
    status of ``--diff``. ``--fix`` ends as a plain run that reports what is left."""
    # Imported here: a plain run (every pre-commit and editor run) never loads the fix passes.
    from pylint_dagster_migration import fixing  # pylint: disable=import-outside-toplevel

    arguments = pylint_arguments(argv)
    linter = _configured_linter(arguments, _config_file(argv), fixing.PassLinter)
    if linter is None:  # pylint refuses the command line (or --help): let it say so
        Run(arguments)
        return None
    notes: list[str] = []
    sources = fixing.Sources(notes)
    from_stdin = bool(linter.config.from_stdin)
    raw = _read_stdin_bytes() if from_stdin else b""
    if from_stdin:
        sources.add_stdin(linter.config.files[0], raw)
    # The passes lint the texts of ``sources``, but pylint still reads stdin with --from-stdin.
    with _stdin_holding("") if from_stdin else contextlib.nullcontext():
        fixing.fix_passes(linter, sources, unsafe="--unsafe-fixes" in chosen)
    fixing.forget(sources)  # the final report reads the files again
    if "--diff" in chosen:
        diffs = [fixing.unified_diff(source) for source in sources.values() if source.changed]
        sys.stdout.write("".join(diffs))
        fixing.say([*notes, fixing.summary(sources, done=False)])
        return 1 if diffs else 0
    if from_stdin:
        fixed = _print_fixed_stdin(sources, raw).decode("utf-8-sig", "replace")
        fixing.say([*notes, fixing.summary(sources, done=True)])
        # The report goes to stderr, as ruff's: stdout holds the fixed text.
        with contextlib.redirect_stdout(sys.stderr), _stdin_holding(fixed):
            Run(arguments)
    else:
        fixing.write(sources)
        fixing.say([*notes, fixing.summary(sources, done=True)])
        Run(arguments)
    return None


def _read_stdin_bytes() -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    return stream.read() if stream is not None else sys.stdin.read().encode("utf-8")


def _print_fixed_stdin(sources: fixing.Sources, raw: bytes) -> bytes:
    """Print the fixed text on stdout (the text as read when it could not be fixed)."""
    fixed = next(iter(sources.values())).encoded() if sources else raw
    sys.stdout.flush()
    stdout = getattr(sys.stdout, "buffer", None)
    if stdout is not None:  # the bytes as they are: no newline translation
        stdout.write(fixed)
    else:
        sys.stdout.write(fixed.decode("utf-8", "replace"))
    sys.stdout.flush()
    return fixed


@contextlib.contextmanager
def _stdin_holding(text: str) -> Iterator[None]:
    """``sys.stdin`` reading ``text``, as pylint's ``--from-stdin`` reads it."""
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8")
    try:
        yield
    finally:
        sys.stdin = saved


def main(argv: Sequence[str] | None = None) -> None:
    """Run pylint; exits with pylint's exit status (with ``--diff``: 1 when there is a diff)."""
    chosen, rest = _fix_options(sys.argv[1:] if argv is None else argv)
    if chosen & {"--fix", "--diff"}:
        sys.exit(_fix(rest, chosen))
    if chosen:
        print("pylint-dagster-migration: --unsafe-fixes applies only with --fix or --diff",
              file=sys.stderr)
    Run(pylint_arguments(rest))


if __name__ == "__main__":
    main()
