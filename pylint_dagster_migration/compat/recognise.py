"""Recognising Dagster's constructs, shared by the modules whose rules drop pylint's own
messages on Dagster idioms (``asset_parameters``, ``composition_calls``, ``class_hierarchy``,
``resolvers``).

Each rule gets the node and the arguments of one message (see ``suppressions``) and says
whether that message is a false alarm on a Dagster idiom. The Dagster construct is recognised
from the module's imports through the shared model (``model.dagster_module``), never by
inferring into Dagster, so every rule works where Dagster is not installed. Where a rule needs
another module (the op a job imports, the class a parameter is annotated with), it reads the
node pylint found there and judges it by that module's model and imports. A rule that cannot
tell, or meets a node it does not expect, keeps the message.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from astroid import bases, nodes
from astroid.exceptions import InferenceError
from pylint.checkers.design_analysis import STDLIB_CLASSES_IGNORE_ANCESTOR

from pylint_dagster_migration import names
from pylint_dagster_migration.model import DagsterModule, dagster_module


def model_of(node: nodes.NodeNG | None) -> DagsterModule | None:
    """The model of a module that imports Dagster, or None (messages elsewhere are kept)."""
    if not isinstance(node, nodes.NodeNG):
        return None
    model = dagster_module(node)
    return model if model.is_dagster else None


def first_argument(args: object) -> object:
    """The first of a message's arguments: the name in ``redefined-outer-name``'s
    ``("orders", 5)``, or ``unused-argument``'s single ``"context"``."""
    return args[0] if isinstance(args, tuple) and args else args


def is_dagster_name(node: nodes.NodeNG) -> bool:
    """``dg.Config``, ``ConfigurableResource``, ``dagster_dbt.DagsterDbtTranslator``...: a
    name the module imports from Dagster or one of its integration packages (not from the
    project's own package, however it is named)."""
    qualified = names.qualified_name(node)
    return bool(qualified) and is_dagster_module(qualified, node.root())


def in_dagster(found: nodes.NodeNG, linted: nodes.Module) -> bool:
    """Whether a class or function pylint found is defined in Dagster's modules."""
    return is_dagster_module(found.root().name, linted)


def is_dagster_module(dotted: str, linted: nodes.Module) -> bool:
    """``dagster``, ``dagster.*`` and the ``dagster_*`` integration packages, but not the
    project's own package named like one (``dagster_pipelines``): the linted module's
    top-level package, or a directory on the linted file's path (its tests, a src layout)."""
    top = dotted.split(".", 1)[0]
    if top == "dagster":
        return True
    return (
        names.is_dagster_module_name(top)
        and top != linted.name.split(".", 1)[0]
        and top not in Path(linted.file or "").parts
    )


# A plain class, not a dataclass: defining a dataclass costs every pylint run a millisecond.
class Hierarchy:
    """A class's ancestors, explored as pylint's ``too-many-ancestors`` explores them, up to
    Dagster's classes: those are recorded, never inferred into."""

    __slots__ = ("own", "dagster", "unresolved")

    def __init__(self, *, unresolved: bool = False) -> None:
        self.own: set[nodes.ClassDef] = set()
        #: The Dagster classes reached: base expressions spelled with a Dagster name, or
        #: classes found in a Dagster module (re-exported by a module of the project).
        self.dagster: list[nodes.NodeNG] = []
        #: Whether some base could not be inferred.
        self.unresolved = unresolved

    @classmethod
    def of(cls, klass: nodes.ClassDef, stop_after: int = 32) -> Hierarchy:
        """The hierarchy of ``klass``, its own classes counted until there are more than
        ``stop_after``."""
        hierarchy = cls()
        explored = list(hierarchy._bases(klass))
        while explored and len(hierarchy.own) <= stop_after:
            parent = explored.pop()
            if parent.qname() in STDLIB_CLASSES_IGNORE_ANCESTOR or parent in hierarchy.own:
                continue
            hierarchy.own.add(parent)
            explored.extend(hierarchy._bases(parent))
        return hierarchy

    def _bases(self, klass: nodes.ClassDef) -> Iterator[nodes.ClassDef]:
        """The classes ``klass``'s bases stand for, as astroid's ``ancestors(recurs=False)``,
        except Dagster's."""
        for base in klass.bases:
            spelled = base.value if isinstance(base, nodes.Subscript) else base
            if is_dagster_name(spelled):
                self.dagster.append(spelled)
                continue
            found = False
            try:
                for inferred in base.infer():
                    if isinstance(inferred, bases.Instance):
                        inferred = inferred._proxied  # pylint: disable=protected-access
                    if not isinstance(inferred, nodes.ClassDef) or inferred.hide:
                        continue
                    found = True
                    if in_dagster(inferred, klass.root()):
                        self.dagster.append(inferred)
                    else:
                        yield inferred
            except InferenceError:
                pass
            self.unresolved = self.unresolved or not found
