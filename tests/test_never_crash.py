"""Any Python file, however odd, gets our findings or none: never a traceback or astroid-error.

The test suite runs with PYLINT_DAGSTER_MIGRATION_STRICT set, so a bug in a check surfaces as
pylint's ``astroid-error`` here instead of being swallowed by the crash guard.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest
from linting import PLUGIN_ARGS, lint_source

ODD_SOURCES = {
    "empty": "",
    "only_import": "import dagster as dg\n",
    "decorated_class": "import dagster as dg\n@dg.asset\nclass NotAFunction: ...\n",
    "async_asset": "import dagster as dg\n@dg.asset(deps='x')\nasync def a(ds, **context):\n    return a()\n",
    "lambda_and_subscript_decorators": (
        "import dagster as dg\nregistry = {}\n@registry['x']\n@(lambda f: f)\n@dg.asset\n"
        "def a(): ...\n"
    ),
    "decorator_called_oddly": (
        "import dagster as dg\n@dg.asset(*[1], **{'deps': 'x'})\ndef a(*args, **kwargs): ...\n"
        "@dg.asset()()\ndef b(): ...\n@dg.asset.__wrapped__\ndef c(): ...\n"
    ),
    "deps_odd_values": (
        "import dagster as dg\n@dg.asset(deps=None)\ndef a(): ...\n"
        "@dg.asset(deps=[[['a', 'b']]], ins=None, name=3, key=[])\ndef b(x): ...\n"
        "@dg.multi_asset(outs={1: 2, **{}}, specs=(None,))\ndef c(): ...\n"
    ),
    "self_referencing_names": (
        "import dagster as dg\nclass A(A): ...\n@dg.asset(deps=[a])\ndef a(a: A): return a[a]\n"
    ),
    "relative_import_outside_package": (
        "from ...nowhere import asset\nimport dagster as dg\n@asset\ndef a(): return a()\n"
    ),
    "star_import": "from dagster import *\n@asset(deps='up')\ndef down(data): return len(down)\n",
    "shadowed_dagster_names": (
        "import dagster as dg\nasset = dg.asset\ndg = None\n@asset\ndef a(ds): ...\n"
    ),
    "deep_nesting": "import dagster as dg\nx = " + "(" * 200 + "1" + ")" * 200 + "\n",
    # As deep as astroid itself can build: deeper trees fail in astroid before any check runs.
    "long_binop_chain": "import dagster as dg\nx = " + " + ".join(["1"] * 250) + "\n",
    "deep_attribute_chain": (
        "import dagster as dg\n@dg.asset\ndef a():\n    return dg" + ".x" * 250 + "(a)\n"
    ),
    "syntax_error": "import dagster as dg\n@dg.asset(\ndef broken(:\n",
    "walrus_match_and_global": textwrap.dedent(
        """
        import dagster as dg
        @dg.asset
        def a(value):
            global counter
            match (n := value):
                case [x, *rest]:
                    return a
                case {"k": v}:
                    return [a for a in a]
        """
    ),
}


@pytest.mark.parametrize("name", sorted(ODD_SOURCES))
def test_odd_sources_do_not_crash(tmp_path, name):
    findings = lint_source(tmp_path, ODD_SOURCES[name], name=f"{name}.py")
    assert not [f for f in findings if f.symbol in {"astroid-error", "fatal"}]


def test_non_utf8_file_does_not_crash(tmp_path):
    path = tmp_path / "latin1.py"
    path.write_bytes("import dagster as dg\nname = 'caf\xe9'\n".encode("latin-1"))
    from linting import lint  # pylint: disable=import-outside-toplevel

    assert not [f for f in lint([path]) if f.symbol in {"astroid-error", "fatal"}]


# Runs in a subprocess so that pylint can use both cores; every module is treated as a Dagster
# module there, so that all checks really run over the standard library too.
_DRIVER = """
import json, sys
from pylint_dagster_migration import model
model._imports_dagster = lambda module: True
from pylint.lint import Run
from pylint.reporters import CollectingReporter
files = sys.stdin.read().split("\\n")
reporter = CollectingReporter()
Run([*sys.argv[1:], *files], reporter=reporter, exit=False)
print(json.dumps([[m.symbol, m.path, m.msg[:2000]] for m in reporter.messages
                  if m.symbol in ("astroid-error", "fatal", "parse-error")]))
"""


def _python_files(directory: Path) -> list[str]:
    return sorted(
        str(path) for path in directory.rglob("*.py") if "site-packages" not in path.parts
    )


def test_standard_library_and_dagster_package_do_not_crash():
    dagster = pytest.importorskip("dagster")
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    files = _python_files(stdlib) + _python_files(Path(dagster.__file__).parent)
    assert len(files) > 1500
    result = subprocess.run(
        [sys.executable, "-c", _DRIVER, *PLUGIN_ARGS, "--enable=astroid-error,fatal", "--jobs=2"],
        input="\n".join(files),
        capture_output=True,
        text=True,
        env={**os.environ, "PYLINT_DAGSTER_MIGRATION_STRICT": "1"},
        timeout=1500,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr[-5000:]
    crashes = json.loads(result.stdout.strip().splitlines()[-1])
    assert crashes == []
