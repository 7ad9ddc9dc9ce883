"""astroid transforms that correct what pylint infers about Dagster's own API.

pylint's checks infer into the Dagster package a linted module imports. Where astroid misreads
Dagster, these transforms give it the truth, as astroid's brains do for the standard library:

- Dagster's lifecycle decorators (``@public``, ``@deprecated``, ``@beta_param``...) attach
  documentation metadata and a warning; the object they return is the same function
  (``functools.wraps``), property, staticmethod or class. astroid infers through their
  bodies instead, where one branch rebuilds a ``property``, and takes ``define_asset_job`` or
  ``AssetSelection.from_string`` for a property (``assignment-from-no-return``,
  ``no-value-for-parameter ... in property call``). In Dagster's modules they infer to the
  identity function, as they behave (the tree is left as written: imports stay used).
- Dagster records (``@record``, ``@record_custom``) are immutable classes whose annotated
  fields the constructor sets; astroid reads the class-level default instead (``assets: ... =
  None`` makes ``defs.assets`` None: ``not-an-iterable``). Each field becomes an instance
  attribute whose value astroid does not claim to know.
- In a ``@job``/``@graph``/``@graph_asset`` body, invoking an op or a graph does not run it:
  it returns a handle on its outputs (``.map()``/``.collect()`` of a dynamic output). The
  value of such a call is left unknown instead of the function's own return value
  (``no-member``).

The first two look only into modules named ``dagster``, ``dagster.*`` or ``dagster_*`` (one
string test per module astroid builds), and there only at decorators imported from Dagster's
own modules, so a user project named ``dagster_*`` is taught the same truth. The third looks
only into functions whose decorator is spelled like a Dagster composition decorator. Each is a
no-op while the option is off, and one that fails leaves the node as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Protocol

from astroid import extract_node, nodes
from astroid.exceptions import UseInferenceDefault
from astroid.inference_tip import inference_tip
from astroid.manager import AstroidManager
from astroid.util import Uninferable, safe_infer

from pylint_dagster_migration import names
from pylint_dagster_migration.model import COMPOSITION_DECORATORS, OP_DECORATORS, decorator_kind

if TYPE_CHECKING:
    from astroid.context import InferenceContext
    from astroid.typing import InferenceResult


class Settings(Protocol):
    enabled: bool


#: Dagster's lifecycle decorators (``dagster._annotations``; ``experimental*`` before 1.10).
LIFECYCLE_DECORATORS = frozenset(
    {
        "public", "deprecated", "deprecated_param", "beta", "beta_param", "hidden_param",
        "preview", "superseded", "experimental", "experimental_param",
    }
)
LIFECYCLE_MODULES = frozenset(
    {
        "dagster._annotations", "dagster._symbol_annotations",
        "dagster._symbol_annotations.lifecycle", "dagster._symbol_annotations.public",
    }
)
RECORD_DECORATORS = frozenset({"record", "record_custom"})
RECORD_MODULES = frozenset({"dagster._record", "dagster_shared.record"})
#: What a composition body can invoke to get output handles back.
INVOCABLE_DECORATORS = OP_DECORATORS | {"graph"}


class _State:
    settings: Settings | None = None


_STATE = _State()


def register(settings: Settings) -> None:
    """Register every transform of this module with astroid's manager, once per process;
    each transform does nothing while ``settings.enabled`` is false.

    astroid's ``clear_cache()`` drops every transform (brains are registered again, plugins
    are not), so "once" is checked against the transforms registered now.
    """
    _STATE.settings = settings
    _register_once(nodes.Module, teach_dagster_module, is_dagster_module)
    _register_once(nodes.FunctionDef, leave_op_outputs_unknown, may_compose_ops)


def _register_once(node_class: type[nodes.NodeNG], transform, predicate) -> None:
    manager = AstroidManager()
    registered = manager._transform.transforms[node_class]  # pylint: disable=protected-access
    if (transform, predicate) not in registered:
        manager.register_transform(node_class, transform, predicate)


def _enabled() -> bool:
    return _STATE.settings is not None and bool(_STATE.settings.enabled)


# Dagster's own modules ------------------------------------------------------------------


def is_dagster_module(module: nodes.Module) -> bool:
    """``dagster``, ``dagster.*``, ``dagster_*``: one string test per module built."""
    return _enabled() and names.is_dagster_module_name(module.name or "")


def teach_dagster_module(module: nodes.Module) -> nodes.Module:
    """Make the lifecycle decorators of the module's functions, methods and classes infer to
    the identity function, and give its record classes their fields as instance attributes.

    The decorators stay in the tree: the module's imports stay used, its lines unchanged."""
    try:
        lifecycle = _imported_names(module, LIFECYCLE_MODULES, LIFECYCLE_DECORATORS)
        records = _imported_names(module, RECORD_MODULES, RECORD_DECORATORS)
        if not lifecycle and not records:
            return module
        fields: list[tuple[nodes.ClassDef, dict[str, nodes.Unknown]]] = []
        transparent: list[nodes.NodeNG] = []
        for definition in _definitions(module.body):
            if not definition.decorators:
                continue
            spelled = [_spelled_decorator(d) for d in definition.decorators.nodes]
            if isinstance(definition, nodes.ClassDef) and records.intersection(spelled):
                fields.append((definition, _record_fields(definition)))
            transparent.extend(
                decorator
                for decorator, name in zip(definition.decorators.nodes, spelled)
                if name in lifecycle
                and decorator._explicit_inference is None  # pylint: disable=protected-access
            )
    except Exception:  # pylint: disable=broad-exception-caught
        return module
    # Only assignments from here on: the module is changed completely or not at all.
    for klass, instance_fields in fields:
        for name, value in instance_fields.items():
            klass.instance_attrs.setdefault(name, [value])
    for decorator in transparent:
        _set_identity_inference(decorator)
    return module


def infer_identity(
    decorator: nodes.NodeNG, context: InferenceContext | None = None
) -> Iterator[InferenceResult]:
    """What a lifecycle decorator is to the object it decorates: ``lambda obj: obj``."""
    del decorator, context
    yield _identity()


@cache
def _identity() -> nodes.FunctionDef:
    return extract_node("def identity(obj):\n    return obj\n")


_set_identity_inference = inference_tip(infer_identity)


def _imported_names(
    module: nodes.Module, modules: frozenset[str], wanted: frozenset[str]
) -> frozenset[str]:
    """The module-level names bound only by ``from <one of modules> import <wanted>``."""
    bound = set()
    for statement in module.body:
        if isinstance(statement, nodes.ImportFrom) and statement.modname in modules:
            bound.update(alias or name for name, alias in statement.names if name in wanted)
    return frozenset(
        name
        for name in bound
        if all(
            isinstance(binding, nodes.ImportFrom) and binding.modname in modules
            for binding in module.locals.get(name, ())
        )
    )


def _definitions(body: Iterable[nodes.NodeNG]) -> Iterator[nodes.FunctionDef | nodes.ClassDef]:
    """The functions and classes of a module, and the methods and classes of its classes."""
    for statement in body:
        if isinstance(statement, nodes.ClassDef):
            yield statement
            yield from _definitions(statement.body)
        elif isinstance(statement, nodes.FunctionDef):
            yield statement


def _spelled_decorator(decorator: nodes.NodeNG) -> str | None:
    """``deprecated`` for ``@deprecated`` and ``@deprecated(...)``; None for ``@a.b``."""
    if isinstance(decorator, nodes.Call):
        decorator = decorator.func
    return decorator.name if isinstance(decorator, nodes.Name) else None


def _record_fields(klass: nodes.ClassDef) -> dict[str, nodes.Unknown]:
    """An unknown instance value for each annotated field of a record class."""
    return {
        statement.target.name: nodes.Unknown(
            parent=statement, lineno=statement.lineno, col_offset=statement.col_offset
        )
        for statement in klass.body
        if isinstance(statement, nodes.AnnAssign)
        and isinstance(statement.target, nodes.AssignName)
        and not _is_class_var(statement.annotation)
    }


def _is_class_var(annotation: nodes.NodeNG) -> bool:
    """``ClassVar``, ``ClassVar[int]``, ``typing.ClassVar[int]``, ``"ClassVar[int]"``."""
    if isinstance(annotation, nodes.Const) and isinstance(annotation.value, str):
        return annotation.value.split("[", 1)[0].rsplit(".", 1)[-1].strip() == "ClassVar"
    if isinstance(annotation, nodes.Subscript):
        annotation = annotation.value
    return names.spelled_name(annotation) == "ClassVar"


# Op invocations in composition bodies -----------------------------------------------------


def may_compose_ops(function: nodes.FunctionDef) -> bool:
    """Cheap test: a decorator spelled like ``job``, ``graph``, ``graph_asset``..."""
    return (
        _enabled()
        and function.decorators is not None
        and any(
            names.spelled_name(decorator) in COMPOSITION_DECORATORS
            for decorator in function.decorators.nodes
        )
    )


def leave_op_outputs_unknown(function: nodes.FunctionDef) -> nodes.FunctionDef:
    """Give the calls in a composition body (not in functions nested in it) the inference
    of an op invocation; calls another brain already infers are left to it."""
    try:
        if not any(decorator_kind(d) in COMPOSITION_DECORATORS for d in function.decorators.nodes):
            return function
        calls = [
            call
            for statement in function.body
            if not isinstance(statement, (nodes.FunctionDef, nodes.ClassDef))
            for call in statement.nodes_of_class(
                nodes.Call, skip_klass=(nodes.FunctionDef, nodes.ClassDef)
            )
            if call._explicit_inference is None  # pylint: disable=protected-access
        ]
    except Exception:  # pylint: disable=broad-exception-caught
        return function
    for call in calls:
        _set_op_output_inference(call)
    return function


def infer_op_output(
    call: nodes.Call, context: InferenceContext | None = None
) -> Iterator[InferenceResult]:
    """An op or graph invoked in a composition body returns a handle on its outputs, which
    astroid cannot know; any other call is inferred as usual."""
    del context  # the callee is found the same way in every context
    callee = safe_infer(call.func)
    if not (
        isinstance(callee, nodes.FunctionDef)
        and callee.decorators
        and any(decorator_kind(d) in INVOCABLE_DECORATORS for d in callee.decorators.nodes)
    ):
        raise UseInferenceDefault
    yield Uninferable


_set_op_output_inference = inference_tip(infer_op_output)
