"""The edits that fixes share (fixes.py): writing a Dagster name in the module's own import
style (``dagster_reference``) and removing one argument of a call (``remove_argument``).

Each case applies the edits to the source, as ``--fix`` does, and compares the whole text:
what the edits leave around them (commas, comments, lines) matters as much as what they change.
"""

from __future__ import annotations

import ast

import astroid
import pytest

from pylint_dagster_migration.fixes import Fix, apply, dagster_reference, remove_argument


def _call(module: astroid.nodes.Module, function: str = "f") -> astroid.nodes.Call:
    """The first call of ``function`` (its name as written, ``dg.asset`` included)."""
    return next(
        call for call in module.nodes_of_class(astroid.nodes.Call)
        if call.func.as_string() == function
    )


def _fixed(source: str, edits) -> str:
    fixed = apply(source, [Fix(edits)]) if edits else source
    ast.parse(fixed)
    return fixed


# --- dagster_reference ------------------------------------------------------------------------

ASSET_RETRIES = "@{asset}(retries=3)\ndef orders(): ...\n"


@pytest.mark.parametrize(
    ("imports", "asset", "written"),
    [
        ("import dagster as dg\n", "dg.asset", "dg.RetryPolicy"),
        ("import dagster\n", "dagster.asset", "dagster.RetryPolicy"),
        ("import dagster as dagster_\n", "dagster_.asset", "dagster_.RetryPolicy"),
        ("from dagster import asset, RetryPolicy\n", "asset", "RetryPolicy"),
        ("from dagster import RetryPolicy as Policy, asset\n", "asset", "Policy"),
        ("from dagster import (\n    RetryPolicy as Policy,\n    asset,\n)\n", "asset", "Policy"),
        # Both styles: the module's `import dagster` wins, as in the messages.
        ("import dagster as dg\nfrom dagster import asset\n", "asset", "dg.RetryPolicy"),
    ],
)
def test_a_name_the_module_can_already_write_needs_no_edit(imports, asset, written):
    source = imports + "\n\n" + ASSET_RETRIES.format(asset=asset)

    assert dagster_reference(_call(astroid.parse(source), asset), "RetryPolicy") == (written, ())


@pytest.mark.parametrize(
    ("imports", "with_import"),
    [
        (
            "import os\nfrom dagster import asset, op  # the decorators\nimport sys\n",
            "import os\nfrom dagster import asset, op\nfrom dagster import RetryPolicy  "
            "# the decorators\nimport sys\n",
        ),
        (
            "from dagster import (\n    asset,\n    op,\n)\n",
            "from dagster import (\n    asset,\n    op,\n)\nfrom dagster import RetryPolicy\n",
        ),
        (
            "from dagster import \\\n    asset\n",
            "from dagster import \\\n    asset\nfrom dagster import RetryPolicy\n",
        ),
    ],
)
def test_a_module_of_from_imports_gets_a_from_import_of_the_name(imports, with_import):
    source = imports + "\n\n" + ASSET_RETRIES.format(asset="asset")

    written, edits = dagster_reference(_call(astroid.parse(source), "asset"), "RetryPolicy")

    assert written == "RetryPolicy"
    assert _fixed(source, edits) == with_import + "\n\n" + ASSET_RETRIES.format(asset="asset")


def test_a_relative_import_of_a_local_dagster_module_is_not_dagster():
    source = (
        "from dagster import asset\nfrom .dagster import RetryPolicy\n\n\n"
        + ASSET_RETRIES.format(asset="asset")
    )

    written, edits = dagster_reference(_call(astroid.parse(source), "asset"), "RetryPolicy")

    assert written == "RetryPolicy"
    assert _fixed(source, edits).startswith(
        "from dagster import asset\nfrom dagster import RetryPolicy\nfrom .dagster import"
    )


def test_an_import_of_the_name_after_the_call_does_not_count():
    source = (
        "from dagster import asset\n\n\n" + ASSET_RETRIES.format(asset="asset")
        + "\n\nfrom dagster import RetryPolicy\n"
    )

    written, edits = dagster_reference(_call(astroid.parse(source), "asset"), "RetryPolicy")

    assert written == "RetryPolicy"
    assert _fixed(source, edits).startswith(
        "from dagster import asset\nfrom dagster import RetryPolicy\n\n\n@asset"
    )


# A module the plugin lints as Dagster code without a top-level Dagster import (the import sits
# in a try block): the name is written dg.RetryPolicy after a new `import dagster as dg`.
GUARDED = "try:\n    from dagster import asset\nexcept ImportError:\n    asset = None\n\n\n"


@pytest.mark.parametrize(
    ("head", "with_import"),
    [
        ('"""Orders."""\n\n', '"""Orders."""\nimport dagster as dg\n\n'),
        ("", "import dagster as dg\n"),
        (
            "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n",
            "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nimport dagster as dg\n",
        ),
        (
            '"""Orders."""\nfrom __future__ import annotations\n\nimport os\n',
            '"""Orders."""\nfrom __future__ import annotations\n\nimport os\n'
            "import dagster as dg\n",
        ),
    ],
)
def test_a_module_without_a_top_level_dagster_import_gets_import_dagster_as_dg(head, with_import):
    source = head + GUARDED + ASSET_RETRIES.format(asset="asset")

    written, edits = dagster_reference(_call(astroid.parse(source), "asset"), "RetryPolicy")

    assert written == "dg.RetryPolicy"
    assert _fixed(source, edits) == with_import + GUARDED + ASSET_RETRIES.format(asset="asset")


def test_a_from_import_only_after_the_call_gets_import_dagster_as_dg_before_it():
    source = '"""Orders."""\n\n' + GUARDED + ASSET_RETRIES.format(asset="asset") + (
        "\n\nfrom dagster import op\n"
    )

    written, edits = dagster_reference(_call(astroid.parse(source), "asset"), "RetryPolicy")

    assert written == "dg.RetryPolicy"
    assert _fixed(source, edits) == source.replace('"""\n', '"""\nimport dagster as dg\n', 1)


def test_the_new_import_goes_before_the_call_not_after_a_later_import():
    source = GUARDED + ASSET_RETRIES.format(asset="asset") + "\n\nimport os\n"

    written, edits = dagster_reference(_call(astroid.parse(source), "asset"), "RetryPolicy")

    assert written == "dg.RetryPolicy"
    assert _fixed(source, edits) == "import dagster as dg\n" + source


def test_a_new_import_before_a_decorated_first_statement_goes_above_its_decorators():
    source = "@print\n@print\ndef orders(): ...\n"
    module = astroid.parse(source)

    _, edits = dagster_reference(next(module.nodes_of_class(astroid.nodes.Name)), "RetryPolicy")

    assert _fixed(source, edits) == "import dagster as dg\n" + source


# --- remove_argument -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "removed"),
    [
        # One line: first, middle, last, only; a trailing comma stays a trailing comma.
        ("f(retries=3, b=2)\n", "f(b=2)\n"),
        ("f(a, retries=3, b=2)\n", "f(a, b=2)\n"),
        ("f(a, retries=3)\n", "f(a)\n"),
        ("f(a, retries=3,)\n", "f(a,)\n"),
        ("f(retries=3)\n", "f()\n"),
        ("f(retries=3,)\n", "f()\n"),
        ("f(a, retries=3, **options)\n", "f(a, **options)\n"),
        ("f(*args, retries=3)\n", "f(*args)\n"),
        # Parentheses that are not the argument's own node's: kept.
        ("f((a), retries=3)\n", "f((a))\n"),
        ("f((a), retries=(3))\n", "f((a))\n"),
        ("f(a, retries=(3), b=(2))\n", "f(a, b=(2))\n"),
        ("make(1)(a, retries=3)\n", "make(1)(a)\n"),
        ("make(retries=1)(retries=3)\n", "make(retries=1)()\n"),
        ('f("é€", retries=3)  # ü\n', 'f("é€")  # ü\n'),
        ('f(f"{a},{b})", retries=3, c=",")\n', 'f(f"{a},{b})", c=",")\n'),
        ("f([1, (2, 3)], {'a': (1,)}, retries=3)\n", "f([1, (2, 3)], {'a': (1,)})\n"),
        ("f(x for x in y)(retries=3)\n", "f(x for x in y)()\n"),
        # An argument on lines of its own goes with its lines, and its comment.
        (
            "f(\n    a=1,  # keep a\n    retries=3,  # drop\n    b=2,  # keep b\n)\n",
            "f(\n    a=1,  # keep a\n    b=2,  # keep b\n)\n",
        ),
        (
            "f(\n    retries=3,\n    b=2,\n)\n",
            "f(\n    b=2,\n)\n",
        ),
        (
            "f(\n    a=1,  # keep a\n    retries=3,  # drop\n)\n",
            "f(\n    a=1,  # keep a\n)\n",
        ),
        (
            "f(\n    a=1,  # keep a\n    retries=3\n)\n",
            "f(\n    a=1,  # keep a\n)\n",
        ),
        (
            "f(\n    retries=3,\n)\n",
            "f(\n)\n",
        ),
        (
            "f(\n    a=1,\n    # Airflow's\n    retry_delay=timedelta(\n        minutes=5,  # five\n"
            "    ),\n    b=2,\n)\n",
            "f(\n    a=1,\n    # Airflow's\n    b=2,\n)\n",
        ),
        # Sharing lines with other arguments.
        (
            "f(\n    a=1, retries=3,\n    b=2,\n)\n",
            "f(\n    a=1,\n    b=2,\n)\n",
        ),
        (
            "f(\n    retries=3, b=2,\n)\n",
            "f(\n    b=2,\n)\n",
        ),
        (
            "f(a, retries=3,  # about a\n  b=2)\n",
            "f(a,  # about a\n  b=2)\n",
        ),
        (
            "f(retries=3,  # about f\n  b=2)\n",
            "f(  # about f\n  b=2)\n",
        ),
        (
            "f(a,  # keep a\n  retries=3)\n",
            "f(a,  # keep a\n  )\n",
        ),
        (
            "f(a,  # keep a\n  retries=3,)\n",
            "f(a,  # keep a\n  )\n",
        ),
        (
            "f(\n    a,\n    retries=3)\n",
            "f(\n    a)\n",
        ),
        (
            "f(a,\n  retries=3, b=2)\n",
            "f(a,\n  b=2)\n",
        ),
        # A backslash continuation inside the call.
        ("f(a, \\\n  retries=3)\n", "f(a)\n"),
    ],
)
def test_remove_argument_keeps_the_rest_of_the_call_as_written(source, removed):
    module = astroid.parse(source)
    call = module.body[0].value
    keyword = next(k for k in call.keywords if k.arg in ("retries", "retry_delay"))

    assert _fixed(source, [remove_argument(call, keyword)]) == removed


def test_remove_argument_in_a_decorator_keeps_its_line_ending():
    source = (
        "import dagster as dg\r\n\r\n@dg.asset(\r\n    group_name='billing',  # kept\r\n"
        "    retries=3,\r\n)\r\ndef orders(): ...\r\n"
    )
    call = _call(astroid.parse(source), "dg.asset")

    fixed = _fixed(source, [remove_argument(call, call.keywords[1])])

    assert fixed == source.replace("    retries=3,\r\n", "")


def test_remove_argument_refuses_when_the_source_is_gone(tmp_path):
    path = tmp_path / "pipeline.py"
    path.write_text("f(a, retries=3)\n", encoding="utf-8")
    module = astroid.MANAGER.ast_from_file(str(path), "pipeline_gone", source=True)
    call = module.body[0].value
    path.unlink()  # astroid keeps no copy of a file's text: remove_argument reads it again

    with pytest.raises(ValueError, match="cannot be read"):
        remove_argument(call, call.keywords[0])


def test_remove_argument_refuses_an_argument_of_another_call():
    module = astroid.parse("f(g(retries=3), b=2)\n")
    outer = module.body[0].value
    (inner_keyword,) = outer.args[0].keywords

    with pytest.raises(ValueError):
        remove_argument(outer, inner_keyword)
