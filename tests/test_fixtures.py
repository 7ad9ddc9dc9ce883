"""Each fixture reports exactly what it marks, at the exact positions its .txt records."""

from __future__ import annotations

import pytest
from linting import FIXTURES, bad_fixtures, expected_path, good_fixtures, lint, markers

from pylint_dagster_migration.catalog import messages


def _id(path):
    return str(path.relative_to(FIXTURES))


@pytest.mark.parametrize("fixture", bad_fixtures(), ids=_id)
def test_bad_fixture_reports_exactly_its_marked_messages(fixture):
    findings = lint([fixture])

    reported = sorted((f.line, f.symbol) for f in findings)
    assert reported == sorted(markers(fixture).elements())
    assert fixture.parent.name in {f.symbol for f in findings}
    expected = expected_path(fixture).read_text(encoding="utf-8").splitlines()
    assert [f.expected_line() for f in findings] == expected


@pytest.mark.parametrize("fixture", good_fixtures(), ids=_id)
def test_good_fixture_reports_nothing(fixture):
    assert lint([fixture]) == []


def test_every_message_has_bad_and_good_fixtures():
    for message in messages():
        if message.is_about_the_plugin:
            continue
        directory = FIXTURES / message.symbol
        assert (directory / "bad.py").is_file(), message.symbol
        assert (directory / "good.py").is_file(), message.symbol


def test_every_fixture_directory_is_a_message():
    symbols = {message.symbol for message in messages()}
    assert {path.name for path in FIXTURES.iterdir() if path.is_dir()} <= symbols
