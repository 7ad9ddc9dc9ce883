"""Rewrite every fixtures/*/bad*.txt from the current linter output; review the diff after."""

from linting import bad_fixtures, expected_path, lint

if __name__ == "__main__":
    for fixture in bad_fixtures():
        lines = [finding.expected_line() for finding in lint([fixture])]
        expected_path(fixture).write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        print(f"{fixture.relative_to(fixture.parents[1])}: {len(lines)} findings")
