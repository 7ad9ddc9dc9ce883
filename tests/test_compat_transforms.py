"""The astroid transforms of the compatibility layer, in-process: what they change in Dagster's
modules and in composition bodies, and everything they must leave alone."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import dagster
import pytest
from astroid import bases, nodes
from astroid.builder import AstroidBuilder
from astroid.manager import AstroidManager
from astroid.util import Uninferable, safe_infer

from pylint_dagster_migration import compat
from pylint_dagster_migration.compat import transforms

#: A Dagster module in the shape of Dagster's own: lifecycle decorators, kept decorators,
#: a record class.
DAGSTER_SOURCE = """
from dagster._annotations import beta_param, deprecated, deprecated_param, public as exported
from dagster._record import record
from somewhere import suppress_warnings


@deprecated_param(param="old", breaking_version="2.0")
@exported
def build(name, old=None):
    return [name]


@deprecated
@suppress_warnings
def legacy():
    return 1


class Selection:
    @exported
    @staticmethod
    @deprecated(breaking_version="2.0")
    def keys(*names):
        return Selection()

    @classmethod
    @beta_param(param="include_sources")
    def from_string(cls, string, include_sources=False):
        return cls()

    @property
    @exported
    def size(self):
        return 1


@record
class Catalog:
    assets: list | None = None
    owners: list
    kind: "ClassVar[str]" = "catalog"
    limit: typing.ClassVar[int] = 3
"""


@pytest.fixture
def settings():
    """The transforms registered with settings of the test's own, the plugin's restored."""
    previous = transforms._STATE.settings  # pylint: disable=protected-access
    own = SimpleNamespace(enabled=True)
    transforms.register(own)
    yield own
    transforms.register(previous if previous is not None else compat.settings)


@contextmanager
def _cache_kept(modname: str) -> Iterator[None]:
    """astroid caches every module it builds: put back what its cache held for the name."""
    cache = AstroidManager().astroid_cache
    previous = cache.get(modname)
    try:
        yield
    finally:
        if previous is None:
            cache.pop(modname, None)
        else:
            cache[modname] = previous


def build(source: str, modname: str) -> nodes.Module:
    """A module built afresh through astroid's transforms, astroid's cache left as it was."""
    with _cache_kept(modname):
        return AstroidBuilder(AstroidManager()).string_build(textwrap.dedent(source), modname)


def decorator_names(function: nodes.FunctionDef | nodes.ClassDef) -> list[str]:
    return [decorator.as_string() for decorator in function.decorators.nodes]


def is_property(function: nodes.FunctionDef) -> bool:
    return bases._is_property(function)  # pylint: disable=protected-access


def test_lifecycle_decorators_infer_to_the_identity_in_dagster_modules(settings):
    module = build(DAGSTER_SOURCE, "dagster._core.definitions.fake")
    selection = module["Selection"]

    assert not is_property(module["build"])
    assert not is_property(selection["from_string"])
    assert selection["from_string"].type == "classmethod"
    assert selection["keys"].type == "staticmethod"
    assert is_property(selection["size"])
    decorator = module["build"].decorators.nodes[0]
    assert [f.name for f in decorator.infer()] == ["identity"]


def test_the_tree_is_left_as_written(settings):
    """The decorators stay: linting Dagster's own source finds its imports used."""
    module = build(DAGSTER_SOURCE, "dagster._core.definitions.fake")
    assert decorator_names(module["build"]) == [
        "deprecated_param(param='old', breaking_version='2.0')",
        "exported",
    ]
    assert decorator_names(module["legacy"]) == ["deprecated", "suppress_warnings"]
    assert module["legacy"].decorators.nodes[1]._explicit_inference is None


def test_integration_packages_are_dagster_modules(settings):
    module = build(DAGSTER_SOURCE, "dagster_dbt.asset_decorator")
    assert not is_property(module["build"])


def test_record_fields_become_unknown_instance_attributes(settings):
    module = build(DAGSTER_SOURCE, "dagster._core.definitions.fake")
    catalog = module["Catalog"]

    assert set(catalog.instance_attrs) == {"assets", "owners"}
    instance = catalog.instantiate_class()
    assert list(instance.igetattr("assets")) == [Uninferable]
    assert decorator_names(catalog) == ["record"]


def test_a_field_astroid_already_knows_is_kept(settings):
    source = """
        from dagster_shared.record import record_custom

        @record_custom(checked=False)
        class Catalog:
            assets: list = None

            def load(self):
                self.assets = [1]
    """
    catalog = build(source, "dagster._core.fake")["Catalog"]
    [assigned] = catalog.instance_attrs["assets"]
    assert isinstance(assigned, nodes.AssignAttr)


def _untouched(module: nodes.Module) -> bool:
    decorators = [
        decorator
        for definition in (module["build"], module["Selection"]["from_string"])
        for decorator in definition.decorators.nodes
    ]
    return not module["Catalog"].instance_attrs and all(
        decorator._explicit_inference is None  # pylint: disable=protected-access
        for decorator in decorators
    )


def test_user_modules_are_not_touched(settings):
    assert _untouched(build(DAGSTER_SOURCE, "pipelines.assets"))


def test_a_decorator_of_the_same_name_from_elsewhere_is_left_alone(settings):
    source = """
        from typing_extensions import deprecated
        from dagster._annotations import public

        @deprecated("use other")
        def old():
            return 1

        public = lambda fn: fn

        @public
        def rebound():
            return 1
    """
    module = build(source, "dagster._core.fake")
    for function in (module["old"], module["rebound"]):
        assert function.decorators.nodes[0]._explicit_inference is None

    user = build("from mylib import deprecated\n@deprecated\ndef old(): ...\n", "dagster_x.y")
    assert user["old"].decorators.nodes[0]._explicit_inference is None


def test_a_module_without_lifecycle_imports_is_left_as_built(settings):
    module = build("from functools import cache\n@cache\ndef f(): ...\n", "dagster._utils.fake")
    assert module["f"].decorators.nodes[0]._explicit_inference is None


def test_option_off_changes_nothing(settings):
    settings.enabled = False
    module = build(DAGSTER_SOURCE, "dagster._core.definitions.fake")

    assert _untouched(module)
    # What the transforms correct: astroid, inferring through Dagster, sees a property.
    assert is_property(module["Selection"]["from_string"])
    assert not _op_output_calls(build(COMPOSITION_SOURCE, "pipelines.jobs"))


def test_a_failing_transform_leaves_the_module_as_built(settings, monkeypatch):
    def fail(_klass):
        raise RuntimeError("bug")

    monkeypatch.setattr(transforms, "_record_fields", fail)
    module = build(DAGSTER_SOURCE, "dagster._core.definitions.fake")

    # ``build`` comes before the record class that failed: it is left as built too.
    assert _untouched(module)


def test_register_is_idempotent_and_survives_a_cleared_transform_registry(settings):
    manager = AstroidManager()
    registered = manager._transform.transforms  # pylint: disable=protected-access
    ours = (transforms.teach_dagster_module, transforms.is_dagster_module)

    transforms.register(settings)
    transforms.register(settings)
    assert registered[nodes.Module].count(ours) == 1

    manager.unregister_transform(nodes.Module, *ours)
    transforms.register(settings)
    assert registered[nodes.Module].count(ours) == 1
    op_calls = (transforms.leave_op_outputs_unknown, transforms.may_compose_ops)
    assert registered[nodes.FunctionDef].count(op_calls) == 1


def test_the_plugin_registers_the_transforms_with_its_own_settings():
    from pylint.lint import PyLinter  # pylint: disable=import-outside-toplevel

    compat.register(PyLinter())
    assert transforms._STATE.settings is compat.settings  # pylint: disable=protected-access


# Real Dagster --------------------------------------------------------------------------


def test_define_asset_job_is_a_function_again(settings):
    """Built afresh from the installed Dagster: astroid's cache may hold it already."""
    modname = "dagster._core.definitions.unresolved_asset_job_definition"
    path = Path(dagster.__file__).parent.joinpath(*modname.split(".")[1:]).with_suffix(".py")
    with _cache_kept(modname):
        module = AstroidBuilder(AstroidManager()).file_build(str(path), modname)
    define_asset_job = module["define_asset_job"]

    assert not is_property(define_asset_job)
    assert next(define_asset_job.infer()) is define_asset_job


# Op invocations in composition bodies ------------------------------------------------------

COMPOSITION_SOURCE = """
import dagster as dg
from dagster import graph


@dg.op(out=dg.DynamicOut())
def chunks():
    yield dg.DynamicOutput(1, mapping_key="a")


def plain():
    yield 1


@graph
def fan():
    chunks()  #@ op in a graph
    plain()  #@ plain function in a graph

    def nested():
        chunks()  #@ op in a function nested in a graph

    class Nested:
        chunks()  #@ op in a class nested in a graph

    return nested


@dg.job(name="fan_job")
def fan_job():
    result = chunks()  #@ op in a job
    fan()  #@ graph in a job


def direct():
    chunks()  #@ op invoked directly


@job
def not_dagster():
    chunks()  #@ op under a decorator spelled job that is not Dagster's
"""


def _calls(module: nodes.Module) -> dict[str, nodes.Call]:
    lines = textwrap.dedent(COMPOSITION_SOURCE).splitlines()
    found = {}
    for call in module.nodes_of_class(nodes.Call):
        text = lines[call.lineno - 1]
        if "#@ " in text:
            found[text.split("#@ ", 1)[1]] = call
    return found


def _op_output_calls(module: nodes.Module) -> set[str]:
    return {
        label for label, call in _calls(module).items() if call._explicit_inference is not None
    }


def test_op_and_graph_invocations_in_composition_bodies_are_unknown(settings):
    calls = _calls(build(COMPOSITION_SOURCE, "pipelines.jobs"))

    assert list(calls["op in a graph"].infer()) == [Uninferable]
    assert list(calls["op in a job"].infer()) == [Uninferable]
    assert list(calls["graph in a job"].infer()) == [Uninferable]


def test_other_calls_keep_their_inference(settings):
    calls = _calls(build(COMPOSITION_SOURCE, "pipelines.jobs"))

    for label in ("plain function in a graph", "op invoked directly",
                  "op in a function nested in a graph", "op in a class nested in a graph",
                  "op under a decorator spelled job that is not Dagster's"):
        inferred = safe_infer(calls[label])
        assert isinstance(inferred, bases.Generator), label


def test_only_composition_bodies_get_the_inference(settings):
    module = build(COMPOSITION_SOURCE, "pipelines.jobs")
    assert _op_output_calls(module) == {
        "op in a graph", "plain function in a graph", "op in a job", "graph in a job",
    }


def test_a_call_another_brain_infers_keeps_its_inference(settings):
    module = build(
        "import dagster as dg\nimport collections\n"
        "@dg.job\ndef j():\n    collections.namedtuple('P', 'a b')\n",
        "pipelines.jobs",
    )
    [call] = module["j"].nodes_of_class(nodes.Call)
    assert call._explicit_inference is not None
    assert isinstance(safe_infer(call), nodes.ClassDef)


def test_a_failing_composition_transform_leaves_the_calls_as_built(settings, monkeypatch):
    def fail(_decorator):
        raise RuntimeError("bug")

    monkeypatch.setattr(transforms, "decorator_kind", fail)
    assert not _op_output_calls(build(COMPOSITION_SOURCE, "pipelines.jobs"))
