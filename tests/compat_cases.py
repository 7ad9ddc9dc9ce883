"""What the tests of the compatibility layer's rules (``test_compat_*.py``) share: parsing a
case, finding the node a pylint message is about in it, and importing an idiom of
``pylint_compat/`` to run it in Dagster."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import astroid
from astroid import nodes

COMPAT = Path(__file__).resolve().parent / "pylint_compat"

#: Two assets, the second receiving the first by name, and a plain function whose parameter
#: is named after it too.
ASSETS = """
import dagster as dg

@dg.asset
def orders():
    return [1]

@dg.asset
def order_count(orders):
    return len(orders)

def plain(orders):
    return orders
"""


def parse_case(source: str) -> nodes.Module:
    return astroid.parse(textwrap.dedent(source), module_name="case")


def find_parameter(module: nodes.Module, function: str, name: str) -> nodes.AssignName:
    return next(
        node for node in module.nodes_of_class(nodes.AssignName)
        if node.name == name and isinstance(node.parent, nodes.Arguments)
        and node.parent.parent.name == function
    )


def find_call(module: nodes.Module, spelled: str) -> nodes.Call:
    return next(
        call for call in module.nodes_of_class(nodes.Call) if call.func.as_string() == spelled
    )


def find_class(module: nodes.Module, name: str) -> nodes.ClassDef:
    return next(cls for cls in module.nodes_of_class(nodes.ClassDef) if cls.name == name)


def import_idiom(path: Path):
    """The module of ``pylint_compat/`` at ``path``, imported to run its idiom in Dagster
    (and forgotten, so the next test imports its own)."""
    sys.path.insert(0, str(path.parent))
    try:
        return __import__(path.stem)
    finally:
        sys.path.remove(str(path.parent))
        sys.modules.pop(path.stem, None)
