"""Rewrite fixtures/*/bad*.txt from the current linter output, and show what changed.

    python update_expected.py                      # every fixture
    python update_expected.py deps-not-a-list ...  # only these messages' fixtures
    python update_expected.py --check              # print the diff, write nothing

It runs in strict mode, as the tests do, so a check that crashes fails here instead of quietly
dropping its findings. It refuses to write a fixture whose findings differ from its ``# [symbol]``
markers: the markers say what the fixture is meant to report, and an expected output that
disagrees with them would bless a wrong message. Exit status 1 when anything was refused (or,
with ``--check``, when anything would change).
"""

import difflib
import os
import sys

os.environ["PYLINT_DAGSTER_MIGRATION_STRICT"] = "1"

# pylint: disable-next=wrong-import-position
from linting import FIXTURES, bad_fixtures, expected_path, lint, markers


def _marker_mismatch(fixture, findings) -> str | None:
    reported = sorted((f.line, f.symbol) for f in findings)
    marked = sorted(markers(fixture).elements())
    if reported == marked:
        return None
    missing = sorted(set(marked) - set(reported))
    unmarked = sorted(set(reported) - set(marked))
    return f"marked but not reported {missing}; reported but not marked {unmarked}"


def update(fixture, *, write: bool) -> str:
    """Show (and with ``write``, apply) the change to one fixture's expected output:
    ``"refused"`` when the findings disagree with the markers, else ``"changed"``/``"same"``."""
    name = fixture.relative_to(FIXTURES)
    findings = lint([fixture])
    mismatch = _marker_mismatch(fixture, findings)
    if mismatch:
        print(f"REFUSED {name}: {mismatch}")
        return "refused"
    target = expected_path(fixture)
    new = "".join(f"{finding.expected_line()}\n" for finding in findings)
    old = target.read_text(encoding="utf-8") if target.exists() else ""
    if new != old:
        sys.stdout.writelines(
            difflib.unified_diff(
                old.splitlines(keepends=True), new.splitlines(keepends=True),
                f"a/{target.relative_to(FIXTURES)}", f"b/{target.relative_to(FIXTURES)}",
            )
        )
        if write:
            target.write_text(new, encoding="utf-8")
        return "changed"
    return "same"


def main(arguments: list[str]) -> int:
    write = "--check" not in arguments
    wanted = {argument for argument in arguments if not argument.startswith("--")}
    fixtures = [f for f in bad_fixtures() if not wanted or f.parent.name in wanted]
    outcomes = {update(fixture, write=write) for fixture in fixtures}
    return 1 if "refused" in outcomes or (not write and "changed" in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
