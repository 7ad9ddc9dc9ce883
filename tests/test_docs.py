"""docs/messages/<symbol>.md and the README table are generated from msgs and fixtures, and current.

When a check's msgs or fixtures change, regenerate with ``python -m pylint_dagster_migration.catalog``.
"""

from __future__ import annotations

import shutil

import pytest
from linting import FIXTURES, ROOT

from pylint_dagster_migration import catalog

MESSAGES = catalog.messages()


def test_readme_and_every_page_are_current():
    stale = [str(path.relative_to(ROOT)) for path in catalog.stale_files(ROOT)]
    assert stale == [], "run: python -m pylint_dagster_migration.catalog"


@pytest.mark.parametrize("message", MESSAGES, ids=lambda message: message.symbol)
def test_page_follows_ruffs_rule_pages(message):
    page = catalog.render_doc(message, FIXTURES)

    headings = [line for line in _outside_code_blocks(page) if line.startswith("#")]
    assert headings == [
        f"# {message.symbol} ({message.msgid})",
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
        "## Fix",
        "## Options",
        "## How to disable",
    ]
    what, why = page.split("## What it does\n\n")[1].split("\n\n## Why is this bad?\n\n")
    assert what == catalog._prose(message.summary)  # pylint: disable=protected-access
    assert why.startswith(catalog._prose(message.rationale))  # pylint: disable=protected-access
    verified = f"Verified against Dagster {catalog.DAGSTER_VERSION}."
    assert (verified in why) != message.is_about_the_plugin
    assert f'disable = ["{message.symbol}"]' in page


def _outside_code_blocks(page: str) -> list[str]:
    lines, in_block = [], False
    for line in page.splitlines():
        if line.startswith("```"):
            in_block = not in_block
        elif not in_block:
            lines.append(line)
    return lines


def test_example_is_the_bad_fixture_without_its_markers_and_fix_is_the_good_one():
    message = next(m for m in MESSAGES if m.symbol == "deps-value-expected")
    page = catalog.render_doc(message, FIXTURES)
    bad = (FIXTURES / "deps-value-expected" / "bad.py").read_text(encoding="utf-8")
    good = (FIXTURES / "deps-value-expected" / "good.py").read_text(encoding="utf-8")

    example = page.split("## Example\n\n```python\n")[1].split("\n```")[0]
    assert "# [deps-value-expected]" in bad
    assert "# [" not in example
    assert example.splitlines() == [
        line.split("  # [")[0].rstrip() for line in bad.strip("\n").splitlines()
    ]
    assert "bad.py:13:19: E7301: Parameter 'df' of asset 'cleaned_orders'" in page
    assert f"## Use instead\n\n```python\n{good.strip()}\n```" in page


def test_options_of_the_defining_checker_are_documented_with_a_pyproject_example(tmp_path):
    message = catalog.Message(
        "W7399", "made-up-message", "%s", "Finds things.", "They are bad.", "made_up",
        (
            catalog.Option("dagster-names", ("a", ".*_pw"), "Extra names."),
            catalog.Option("dagster-limit", 3, "A limit."),
            catalog.Option("dagster-strict", False, "Be strict."),
        ),
    )

    page = catalog.render_doc(message, tmp_path)

    options = page.split("## Options\n\n")[1].split("\n\n## How to disable")[0]
    assert options == (
        "Options of the `made_up` checks, which define this message:\n\n"
        '- `dagster-names` (default: `["a", ".*_pw"]`): Extra names.\n'
        "- `dagster-limit` (default: `3`): A limit.\n"
        "- `dagster-strict` (default: `false`): Be strict.\n\n"
        "```toml\n[tool.pylint.dagster-migration]\n"
        'dagster-names = ["a", ".*_pw"]\ndagster-limit = 3\ndagster-strict = false\n```'
    )
    assert "_No example yet: `fixtures/made-up-message/bad.py` is missing._" in page


@pytest.mark.parametrize(
    ("fix", "expected"),
    [
        (None, "None: this finding needs a person to decide how to rewrite the code."),
        (
            catalog.FixSafety("safe", "wraps the value in a list"),
            "Safe (the rewrite keeps what the code meant, with Dagster's own API): "
            "`pylint-dagster-migration --fix` wraps the value in a list.",
        ),
        (
            catalog.FixSafety("unsafe", "removes the keyword; the run no longer waits"),
            "Unsafe, applied only with `pylint-dagster-migration --fix --unsafe-fixes`: it "
            "removes the keyword; the run no longer waits. Review the change: it alters what "
            "the code does.",
        ),
    ],
    ids=["none", "safe", "unsafe"],
)
def test_fix_section_says_what_the_fix_does_and_how_safe_it_is(tmp_path, fix, expected):
    message = catalog.Message("W7399", "made-up-message", "t", "Summary.", "Why.", "made_up",
                              fix=fix)

    page = catalog.render_doc(message, tmp_path)

    assert page.split("## Fix\n\n")[1].split("\n\n## Options")[0] == expected


def test_readme_table_gives_each_messages_fix_from_the_checkers_declaration():
    table = catalog.readme_table()
    deps = next(m for m in MESSAGES if m.symbol == "deps-not-a-list")
    assert deps.fix is not None and deps.fix.level == "safe"
    assert "| [`deps-not-a-list`](docs/messages/deps-not-a-list.md) | error | safe |" in table
    credential = next(m for m in MESSAGES if m.symbol == "hardcoded-credential")
    assert credential.fix is None
    assert "| [`hardcoded-credential`](docs/messages/hardcoded-credential.md) | warning |  |" in table


def test_readme_table_links_every_message_to_its_page():
    table = catalog.readme_table()
    for message in MESSAGES:
        assert f"| {message.msgid} | [`{message.symbol}`](docs/messages/{message.symbol}.md) |" in table


def test_one_command_regenerates_the_table_and_the_pages(tmp_path, capsys):
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    orphan = tmp_path / "docs" / "messages" / "retired-message.md"
    orphan.parent.mkdir(parents=True)
    orphan.write_text("old\n", encoding="utf-8")

    assert catalog.main(["--check", str(tmp_path)]) == 1
    assert catalog.main([str(tmp_path)]) == 0
    assert catalog.main(["--check", str(tmp_path)]) == 0

    assert not orphan.exists()
    pages = sorted(path.stem for path in (tmp_path / "docs" / "messages").glob("*.md"))
    assert pages == sorted(message.symbol for message in MESSAGES)
    page = tmp_path / "docs" / "messages" / f"{MESSAGES[0].symbol}.md"
    page.write_text("edited by hand\n", encoding="utf-8")
    capsys.readouterr()
    assert catalog.main(["--check", str(tmp_path)]) == 1
    assert f"{page}: stale" in capsys.readouterr().out
