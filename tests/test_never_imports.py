"""The linter never imports or runs the code it lints, nor the modules beside it."""

from __future__ import annotations

import textwrap

from linting import lint


def test_linted_module_and_its_siblings_are_never_executed(tmp_path):
    package = tmp_path / "pipelines"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    marker = tmp_path / "imported.txt"
    side_effect = f"open({str(marker)!r}, 'a').write(__name__)\n"
    (package / "upstream.py").write_text(
        side_effect + "import dagster as dg\n@dg.asset\ndef raw(): ...\n", encoding="utf-8"
    )
    (package / "downstream.py").write_text(
        side_effect
        + textwrap.dedent(
            """
            import dagster as dg
            from .upstream import raw

            @dg.asset(deps=[raw])
            def cleaned(data):
                return raw()
            """
        ),
        encoding="utf-8",
    )

    findings = lint([package / "downstream.py"])

    assert {"deps-value-expected", "asset-called-directly"} <= {f.symbol for f in findings}
    assert not marker.exists()
