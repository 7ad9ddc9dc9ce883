"""Rewrite fixtures/*/bad*.txt from the current linter output; review the diff after.

    python update_expected.py                      # every fixture
    python update_expected.py deps-not-a-list ...  # only these messages' fixtures
"""

import sys

from linting import bad_fixtures, expected_path, lint

if __name__ == "__main__":
    wanted = set(sys.argv[1:])
    for fixture in bad_fixtures():
        if wanted and fixture.parent.name not in wanted:
            continue
        lines = [finding.expected_line() for finding in lint([fixture])]
        expected_path(fixture).write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        print(f"{fixture.relative_to(fixture.parents[1])}: {len(lines)} findings")
