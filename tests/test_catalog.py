"""What the catalog rewrites and what it leaves alone: the README outside its table, current
pages, and the parts of a page made from a message's options and recorded output."""

from __future__ import annotations

import pytest

from pylint_dagster_migration import catalog

README = "# Project\n\nIntro.\n\n{table}\n\n## Development\n\nBy hand.\n"


def _readme(table: str) -> str:
    return README.format(table=f"{catalog.README_START}\n{table}\n{catalog.README_END}")


def test_the_readme_table_is_rewritten_between_its_markers_and_nothing_else(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(_readme("| an old table |"), encoding="utf-8")
    # No page exists yet, nor their directory.
    assert catalog.stale_files(tmp_path) == [readme, *catalog.rendered_docs(tmp_path)]

    changed = catalog.write_all(tmp_path)

    assert readme in changed
    assert readme.read_text(encoding="utf-8") == _readme(catalog.readme_table())
    assert catalog.stale_files(tmp_path) == []
    assert catalog.write_all(tmp_path) == []  # what is current is not written again


def test_a_readme_without_the_table_markers_is_refused(tmp_path):
    (tmp_path / "README.md").write_text("# Project\n", encoding="utf-8")
    with pytest.raises(ValueError, match="README.md lacks the messages table markers"):
        catalog.main([str(tmp_path)])


def test_an_option_without_a_default_and_the_recorded_output_appear_on_the_page(tmp_path):
    message = catalog.Message(
        "W7399", "made-up-message", "%s", "Finds things.", "They are bad.", "made_up",
        (catalog.Option("dagster-root", None, "Where the project starts."),),
    )
    fixtures = tmp_path / "made-up-message"
    fixtures.mkdir()
    (fixtures / "bad.py").write_text("thing = 1  # [made-up-message]\n", encoding="utf-8")
    # A blank line (as an editor may leave) is no finding.
    recorded = "made-up-message:1:0:1:5::Found a thing\n\n"
    (fixtures / "bad.txt").write_text(recorded, encoding="utf-8")

    page = catalog.render_doc(message, tmp_path)

    reported = "bad.py:1:0: W7399: Found a thing (made-up-message)"
    assert f"pylint reports:\n\n```text\n{reported}\n```" in page
    assert '- `dagster-root` (default: `""`): Where the project starts.' in page
    assert 'dagster-root = ""' in page
