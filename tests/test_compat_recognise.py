"""How the compatibility layer recognises Dagster (``compat/recognise.py``,
``compat/annotation_kinds.py``): what an annotation makes of a parameter, and which modules
are Dagster's."""

from __future__ import annotations

import astroid
import pytest

from compat_cases import find_parameter, parse_case
from pylint_dagster_migration import model
from pylint_dagster_migration.compat.annotation_kinds import annotation_kind
from pylint_dagster_migration.compat.recognise import is_dagster_module


# What an annotation makes of a parameter --------------------------------------------------


@pytest.mark.parametrize(
    ("annotation", "kind"),
    [
        ("None", "data"),
        ("dg.ResourceParam[str]", "resource"),
        ("Warehouse", "resource"),
        ("dagster_fivetran.FivetranWorkspace", "resource"),
        ("dagster_k8s.PipesK8sClient", "resource"),
        ("dg.PipesSubprocessClient", "resource"),
        ("dagster_pandas.DataFrame", "unknown"),
        ("dagster_aws.S3PickleIOManager", "resource"),
        ("dg.IOManager", "unknown"),
        ("LegacyStore", "unknown"),
        ("Wrapped", "resource"),
        ("dg.AssetExecutionContext", "unknown"),
        ("project.Thing", "unknown"),
        ("'Warehouse'", "unknown"),
        ("list[int]", "data"),
        ("dict[str, Warehouse]", "unknown"),
    ],
)
def test_what_an_annotation_makes_of_a_parameter(annotation, kind):
    module = parse_case(f"""
        import dagster as dg
        import dagster_aws, dagster_fivetran, dagster_k8s, dagster_pandas, project

        class Warehouse(dg.ConfigurableResource):
            pass

        class LegacyStore(dg.IOManager):
            pass

        class Wrapped(Warehouse, LegacyStore):
            pass

        def f(p: {annotation}):
            pass
    """)
    node = model.parameter_annotation(find_parameter(module, "f", "p"))
    assert annotation_kind(node) == kind


LIBRARY = """
import dagster as dg
from elsewhere import Missing

class Model:
    pass

class Fitted(Model):
    pass

class Partial(Missing):
    pass

class Settings(dg.Config):
    pass

class Client(dg.ConfigurableResource):
    pass
"""


@pytest.mark.parametrize(
    ("annotation", "kind"),
    [
        ("library.Model", "data"),
        ("Fitted", "data"),
        ("library.Partial", "unknown"),
        ("library.Settings", "unknown"),
        ("Client", "resource"),
        ("library.nothing", "unknown"),
    ],
)
def test_a_class_of_a_library_or_of_the_project_is_data_unless_it_is_dagsters(
    tmp_path, monkeypatch, annotation, kind
):
    (tmp_path / "library.py").write_text(LIBRARY)
    monkeypatch.syspath_prepend(str(tmp_path))
    module = parse_case(f"""
        import dagster as dg
        import library
        from library import Fitted, Client

        def f(p: {annotation}):
            pass
    """)
    try:
        node = model.parameter_annotation(find_parameter(module, "f", "p"))
        assert annotation_kind(node) == kind
    finally:
        astroid.MANAGER.astroid_cache.pop("library", None)


# Which modules are Dagster's --------------------------------------------------------------


@pytest.mark.parametrize(
    ("dotted", "linted", "dagsters"),
    [
        ("dagster._core.x", "dagster.y", True),
        ("dagster_dbt.asset_utils", "pipelines.assets", True),
        ("dagster_pipelines.base", "dagster_pipelines.assets", False),
        ("dagster_pipelines.base", "pipelines.assets", True),
        ("dagster_pipelines.base", "dagster_pipelines", False),
        ("pandas.core", "pipelines.assets", False),
    ],
)
def test_a_project_named_like_an_integration_is_not_dagsters(dotted, linted, dagsters):
    module = astroid.parse("x = 1", module_name=linted)
    assert is_dagster_module(dotted, module) is dagsters


def test_a_project_named_like_an_integration_is_not_dagsters_in_its_tests():
    module = astroid.parse("x = 1", module_name="tests.test_assets",
                           path="/work/dagster_pipelines/tests/test_assets.py")
    assert not is_dagster_module("dagster_pipelines.sensors", module)
    assert is_dagster_module("dagster_dbt.asset_utils", module)
