"""The rules on the project's subclasses of Dagster's classes (``compat/class_hierarchy.py``):
too-many-ancestors and too-few-public-methods; the edge cases the ``pylint_compat`` fixtures
do not show, and what the installed Dagster's base classes supply."""

from __future__ import annotations

import astroid
import dagster as dg
import pytest

from compat_cases import find_class, parse_case
from pylint_dagster_migration.compat import class_hierarchy


# too-many-ancestors, too-few-public-methods ------------------------------------------------


HIERARCHY = """
import dagster as dg
from dagster import ConfigurableResource as Base
import project

class A(dg.ConfigurableResource): pass
class B(A): pass
class C(B, Base[int]): pass
class Plain: pass
class D(Plain, project.Unknown): pass
class E(project.missing.Name): pass
class F(undefined_name): pass
class G(A, B): pass
def make(): return Plain()
class H(make(), A): pass
"""


@pytest.mark.parametrize(
    ("name", "args", "dropped"),
    [
        ("A", (8, 7), True),
        ("C", (12, 7), True),
        ("C", (12, 1), False),  # A and B: two of the project's own
        ("C", (12, "7"), False),
        ("C", (12,), False),
        ("D", (8, 7), False),  # no Dagster class: pylint counted what it should
        ("E", (8, 7), False),
        ("F", (8, 7), False),
        ("G", (12, 1), False),  # A, B and A again through B: two
        ("G", (12, 2), True),
        ("H", (12, 2), True),  # Plain through an instance of it, and A
    ],
)
def test_ancestors_counted_without_dagsters(name, args, dropped):
    cls = find_class(parse_case(HIERARCHY), name)
    assert class_hierarchy.ancestors_are_dagsters(cls, args) is dropped


def test_a_dagster_class_reexported_by_a_project_module_is_not_counted(tmp_path, monkeypatch):
    (tmp_path / "reexport.py").write_text("from dagster import ConfigurableIOManager\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = parse_case("""
        import dagster as dg
        from reexport import ConfigurableIOManager

        class Local(ConfigurableIOManager):
            pass
    """)
    assert class_hierarchy.ancestors_are_dagsters(find_class(module, "Local"), (12, 7))
    astroid.MANAGER.astroid_cache.pop("reexport", None)


@pytest.mark.parametrize(
    ("name", "dropped"),
    [("A", True), ("B", True), ("C", True), ("Plain", False), ("D", False), ("E", False)],
)
def test_few_methods_inherited_from_dagster(name, dropped):
    cls = find_class(parse_case(HIERARCHY), name)
    assert class_hierarchy.methods_inherited_from_dagster(cls, (0, 2)) is dropped


# What Dagster does with each idiom -------------------------------------------------------


def test_dagster_base_classes_supply_the_public_methods_pylint_does_not_see():
    for base in (dg.ConfigurableResource, dg.ConfigurableIOManager, dg.Config):
        public = [
            name for name in dir(base)
            if not name.startswith("_") and callable(getattr(base, name))
        ]
        assert len(public) >= 2, base
