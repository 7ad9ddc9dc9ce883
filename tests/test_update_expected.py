"""update_expected.py writes only what the markers agree with, and shows what it changes."""

from __future__ import annotations

import update_expected

BAD = """\
import dagster as dg


@dg.asset(deps="raw_orders")  # [deps-not-a-list]
def orders():
    return 1
"""
EXPECTED = (
    "deps-not-a-list:4:15:4:27::deps='raw_orders' is a string, not a list: Dagster "
    "iterates it and declares one external asset per character, with no error. Wrap it in a "
    "list: deps=['raw_orders']\n"
)


def _fixture(tmp_path, monkeypatch, source: str):
    monkeypatch.setattr(update_expected, "FIXTURES", tmp_path)
    fixture = tmp_path / "deps-not-a-list" / "bad.py"
    fixture.parent.mkdir()
    fixture.write_text(source, encoding="utf-8")
    return fixture


def test_writes_the_findings_and_prints_the_diff(tmp_path, monkeypatch, capsys):
    fixture = _fixture(tmp_path, monkeypatch, BAD)

    assert update_expected.update(fixture, write=True) == "changed"

    assert fixture.with_suffix(".txt").read_text(encoding="utf-8") == EXPECTED
    assert f"+{EXPECTED}" in capsys.readouterr().out
    assert update_expected.update(fixture, write=True) == "same"


def test_check_prints_the_diff_and_writes_nothing(tmp_path, monkeypatch, capsys):
    fixture = _fixture(tmp_path, monkeypatch, BAD)

    assert update_expected.update(fixture, write=False) == "changed"

    assert not fixture.with_suffix(".txt").exists()
    assert "+++ b/deps-not-a-list/bad.txt" in capsys.readouterr().out


def test_refuses_findings_that_differ_from_the_markers(tmp_path, monkeypatch, capsys):
    fixture = _fixture(tmp_path, monkeypatch, BAD.replace("  # [deps-not-a-list]", ""))
    fixture.with_suffix(".txt").write_text("kept\n", encoding="utf-8")

    assert update_expected.update(fixture, write=True) == "refused"

    assert fixture.with_suffix(".txt").read_text(encoding="utf-8") == "kept\n"
    assert capsys.readouterr().out == (
        "REFUSED deps-not-a-list/bad.py: marked but not reported []; "
        "reported but not marked [(4, 'deps-not-a-list')]\n"
    )
