"""Connections and secrets become resources: secrets read from the environment too early.

A script or an Airflow DAG reads its secrets with ``os.getenv`` when it starts, and a port
keeps doing so where the module builds its resources. Dagster imports a module in the code
server (and in every run worker): a value read there is fixed at import, the code server must
hold it, and a resource field holding it is sent to the UI and kept in the job snapshot stored
with each run. ``dg.EnvVar("NAME")`` defers the read to the run and shows only the name. The
opposite mix-up, ``dg.EnvVar(os.getenv("NAME"))``, gives EnvVar the secret where it wants a
name.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names
from pylint_dagster_migration.checkers.base import DagsterChecker
from pylint_dagster_migration.credentials import (
    ENVVAR_CALLS,
    CredentialNames,
    EnvironmentRead,
    environment_read,
    name_words,
)
from pylint_dagster_migration.model import is_resource_class, is_test_module

if TYPE_CHECKING:
    from pylint.lint import PyLinter

#: Variables that, despite a credential-like name, conventionally hold a file's path.
PATH_VARIABLES = frozenset({"GOOGLE_APPLICATION_CREDENTIALS"})
#: Last words of a variable name that say it holds no secret even where a credential field
#: receives it (``private_key=os.getenv("KEY_PATH")``).
_NOT_A_SECRET_WORDS = frozenset(
    {"path", "file", "filename", "dir", "name", "id", "arn", "host", "user", "username", "region"}
)
#: Last words of a variable that holds the *name* of another variable:
#: ``dg.EnvVar(os.getenv("PASSWORD_VAR"))`` is an indirection, not a mix-up.
_INDIRECTION_WORDS = frozenset({"name", "var", "variable", "envvar", "env"})
#: Classes of ``dagster_*`` integrations that are Pythonic resources besides ``*Resource``
#: and ``*IOManager`` (see ``model.is_resource_class``): ``FivetranWorkspace``,
#: ``DbtCloudWorkspace``, ``AirbyteCloudWorkspace``, ``PowerBIWorkspace``...
_INTEGRATION_RESOURCE_SUFFIXES = ("Workspace",)
#: Class names that mark a project's own class as a resource where it is given to
#: ``Definitions(resources=...)``.
_RESOURCE_CLASS_SUFFIXES = ("Resource", "IOManager")
#: Keywords of Dagster calls that take resources by key.
_RESOURCE_KEYWORDS = frozenset({"resources", "resource_defs"})
_FIELD_FUNCTIONS = frozenset({"pydantic.Field", "pydantic.fields.Field"})


# A plain class, not a dataclass: defining a dataclass costs every pylint run a millisecond.
class Destination:
    """Where a value read from the environment ends up: a resource's field."""

    __slots__ = ("field", "phrase", "constant")

    def __init__(self, field: str, phrase: str, constant: str = "") -> None:
        #: The field's name (a keyword of the resource's constructor or a field of its class).
        self.field = field
        self.phrase = phrase
        #: The module-level constant the value passes through, if any.
        self.constant = constant


class EnvironmentSecretChecker(DagsterChecker):
    """Finds secrets read with os.getenv/os.environ at import and handed to resources, and
    values of environment variables given to dg.EnvVar."""

    _names = CredentialNames()
    # What the current module hands to resources, worked out once it is first needed.
    _module: nodes.Module | None = None
    _placed: set[nodes.Call] | None = None
    _uses: dict[str, list[nodes.Name]] | None = None

    msgs = {
        "W7361": (
            "%s is read when the module is imported and %s: the code server must hold the "
            "secret, keeps it until it reloads and sends it to the UI, and each run's stored job "
            "snapshot contains it. Use %sEnvVar(\"%s\"), which each run resolves and Dagster "
            "shows by name only",
            "secret-from-os-environ",
            "A credential (a variable named like DB_PASSWORD, API_TOKEN, CLIENT_SECRET... by "
            "the rules of hardcoded-credential) is read with os.getenv, os.environ.get or "
            "os.environ[...] while the module is imported, and given to a resource: as the "
            "default of a dg.ConfigurableResource field, as a keyword of a resource's "
            "constructor, or through a module-level constant that reaches one.\n\n"
            "Dagster imports the module in the code server. Read there, the secret must be "
            "in the code server's environment (a required field fails the whole code "
            "location when it is missing), keeps its value until the code server reloads, "
            "and becomes the resource's configuration: the code server sends the value to "
            "the UI's resource page (a field marked dagster__is_secret is masked there, but "
            "sent all the same), and the job snapshot that Dagster stores with every run "
            "holds it. "
            "dg.EnvVar(\"NAME\") is resolved when a run starts, in the run's environment, "
            "and Dagster shows and stores only the variable's name. A resource is a class of "
            "the module deriving from dg.ConfigurableResource (or ConfigurableIOManager), a "
            "*Resource, *IOManager or *Workspace class of a dagster_* integration, or a "
            "*Resource/*IOManager class of the project itself given to "
            "Definitions(resources=...); other objects (SDK clients, plain classes given as "
            "resources) are not reported, since a dg.EnvVar given to them would silently be "
            "the variable's name. Settings that are no secret (hosts, users, flags, "
            "deployment names), reads inside functions (asset bodies, resource methods: run "
            "time) and test modules are not reported.",
        ),
        "E7362": (
            "%s takes the name of an environment variable, but %s gives it the variable's "
            "value: Dagster looks up a variable named after the value, so the run fails and "
            "the error and the UI show the value. Write %s(\"%s\")",
            "envvar-of-a-value",
            "dg.EnvVar (or dg.EnvVar.int) is given the value of an environment variable, "
            "read with os.getenv, os.environ.get or os.environ[...], instead of its name.\n\n"
            "EnvVar's string is the name of the variable that Dagster reads when a run "
            "starts. Given the value, Dagster looks up a variable named after the secret "
            "(or \"None\" when it was unset at import): the run fails with \"You have "
            "attempted to fetch the environment variable ... which is not set\" quoting the "
            "value, and the UI lists the value as the variable the resource uses. Pass the "
            "name: dg.EnvVar(\"NAME\"). A variable that holds the name of another variable "
            "(dg.EnvVar(os.getenv(\"PASSWORD_VAR\")), or a default spelled like a variable "
            "name) is an indirection and is not reported.",
        ),
    }

    def open(self) -> None:
        self._names = CredentialNames.from_config(self.linter.config)

    @only_required_for_messages("secret-from-os-environ", "envvar-of-a-value")
    def visit_call(self, node: nodes.Call) -> None:
        spelled = names.spelled_callee(node)
        if spelled in {"getenv", "get"}:
            self._check_read(node)
        elif spelled in {"EnvVar", "int"} and names.call_qualified_name(node) in ENVVAR_CALLS:
            self._check_envvar(node)

    @only_required_for_messages("secret-from-os-environ")
    def visit_subscript(self, node: nodes.Subscript) -> None:
        if names.spelled_name(node.value) == "environ":
            self._check_read(node)

    # secret-from-os-environ ---------------------------------------------------------------

    def _check_read(self, node: nodes.Call | nodes.Subscript) -> None:
        read = environment_read(node)
        if read is None or read.variable is None or self._names.is_ignored(read.variable):
            return
        slot = _value_slot(node)
        if _given_to_envvar(slot) or not _evaluated_at_load(node) or is_test_module(node.root()):
            return
        destination = self._destination(slot)
        if destination is None or not self._is_secret(read.variable, destination):
            return
        self.add_message(
            "secret-from-os-environ",
            node=node,
            args=(read.text(), destination.phrase, names.dagster_prefix(node), read.variable),
        )

    def _is_secret(self, variable: str, destination: Destination) -> bool:
        """Whether the variable holds a credential: its name says so, or the field (or the
        constant) it is given to does and the variable's name does not say otherwise."""
        if variable in PATH_VARIABLES:
            return False
        if self._names.kind(variable):
            return True
        words = name_words(variable)
        if not words or words[-1] in _NOT_A_SECRET_WORDS:
            return False
        return any(self._names.kind(name) for name in (destination.field, destination.constant) if name)

    def _destination(self, slot: nodes.NodeNG) -> Destination | None:
        """The resource field that the value at ``slot`` is given to, directly or through a
        module-level constant."""
        found = self._resource_field(slot)
        if found is not None:
            return found
        constant = _module_constant(slot)
        if constant is None:
            return None
        for use in self._uses_of(constant):
            found = self._resource_field(_value_slot(use))
            if found is not None:
                return Destination(found.field, f"{found.phrase} through '{constant.name}'", constant.name)
        return None

    def _resource_field(self, slot: nodes.NodeNG) -> Destination | None:
        parent = slot.parent
        if isinstance(parent, nodes.Keyword) and parent.arg and isinstance(parent.parent, nodes.Call):
            call = parent.parent
            if self._is_resource_constructor(call):
                callee = names.spelled_callee(call)
                return Destination(parent.arg, f"passed as {parent.arg}= to '{callee}'")
            return None
        if isinstance(parent, (nodes.Assign, nodes.AnnAssign)) and parent.value is slot:
            klass = parent.parent
            target = parent.target if isinstance(parent, nodes.AnnAssign) else parent.targets[0]
            if (
                isinstance(klass, nodes.ClassDef)
                and isinstance(target, nodes.AssignName)
                and is_resource_class(klass)
            ):
                return Destination(
                    target.name, f"set as the default of field '{target.name}' of '{klass.name}'"
                )
        return None

    def _is_resource_constructor(self, call: nodes.Call) -> bool:
        """A resource class of the module or of Dagster, a ``*Workspace`` of an integration,
        or a ``*Resource`` class of the project given to ``Definitions(resources=...)``."""
        func = call.func
        if is_resource_class(func):
            return True
        qualified = names.qualified_name(func)
        if not qualified or "." not in qualified:
            return False
        top, class_name = qualified.split(".", 1)[0], qualified.rsplit(".", 1)[-1]
        if top.startswith("dagster_"):
            return class_name.endswith(_INTEGRATION_RESOURCE_SUFFIXES)
        return (
            class_name.endswith(_RESOURCE_CLASS_SUFFIXES)
            and call in self._placed_resources(call.root())
            and _is_first_party(qualified, call.root())
        )

    # Module-wide lookups, each computed once per module and only when a read needs it.

    def _for_module(self, module: nodes.Module) -> None:
        if self._module is not module:
            self._module, self._placed, self._uses = module, None, None

    def _placed_resources(self, module: nodes.Module) -> set[nodes.Call]:
        self._for_module(module)
        if self._placed is None:
            self._placed = _calls_given_as_resources(module)
        return self._placed

    def _uses_of(self, constant: nodes.AssignName) -> list[nodes.Name]:
        module = constant.root()
        self._for_module(module)
        if self._uses is None:
            self._uses = {}
            for name in module.nodes_of_class(nodes.Name):
                self._uses.setdefault(name.name, []).append(name)
        return [use for use in self._uses.get(constant.name, ()) if _bound_to(use, constant)]

    # envvar-of-a-value --------------------------------------------------------------------

    def _check_envvar(self, call: nodes.Call) -> None:
        argument = call.args[0] if call.args else None
        found = _read_given(argument) if argument is not None else None
        if found is None:
            return
        anchor, read = found
        if read.variable is None or _is_indirection(read):
            return
        text = read.text()
        if anchor is not read.node:
            text = f"'{anchor.as_string()}' ({text})"
        callee = call.func.as_string()
        self.add_message(
            "envvar-of-a-value", node=anchor, args=(callee, text, callee, read.variable)
        )


def _value_slot(node: nodes.NodeNG) -> nodes.NodeNG:
    """The expression whose value ``node`` becomes: itself, or the ``x or default``,
    ``a if c else b`` or ``pydantic.Field(default=x)`` around it."""
    while True:
        parent = node.parent
        if isinstance(parent, nodes.BoolOp) or (isinstance(parent, nodes.IfExp) and parent.test is not node):
            node = parent
        elif _is_field_default(node):
            node = parent.parent if isinstance(parent, nodes.Keyword) else parent
        else:
            return node


def _is_field_default(node: nodes.NodeNG) -> bool:
    """``x`` in ``pydantic.Field(x)`` or ``pydantic.Field(default=x)``."""
    parent = node.parent
    if isinstance(parent, nodes.Keyword) and parent.arg == "default":
        call = parent.parent
    elif isinstance(parent, nodes.Call) and parent.args and parent.args[0] is node:
        call = parent
    else:
        return False
    return names.spelled_callee(call) == "Field" and names.call_qualified_name(call) in _FIELD_FUNCTIONS


def _bound_to(use: nodes.Name, constant: nodes.AssignName) -> bool:
    _, bindings = use.lookup(use.name)
    return bool(bindings) and bindings[-1] is constant


def _given_to_envvar(slot: nodes.NodeNG) -> bool:
    """``dg.EnvVar(os.getenv(...))``: envvar-of-a-value's finding, not this one's."""
    parent = slot.parent
    if isinstance(parent, nodes.Call) and names.spelled_callee(parent) == "str":
        parent = parent.parent
    return isinstance(parent, nodes.Call) and names.call_qualified_name(parent) in ENVVAR_CALLS


def _evaluated_at_load(node: nodes.NodeNG) -> bool:
    """Whether ``node`` runs when the code location loads: at module level or in a class
    body (not under ``if __name__ == "__main__":``), or in the body of a function decorated
    with ``@dg.definitions``, which Dagster calls to load the location."""
    child, parent = node, node.parent
    while parent is not None and not isinstance(parent, nodes.Module):
        if isinstance(parent, nodes.Lambda) and child is parent.body:
            return False
        if isinstance(parent, (nodes.FunctionDef, nodes.AsyncFunctionDef)) and child in parent.body:
            if not _loads_definitions(parent):
                return False
        if isinstance(parent, nodes.If) and child in parent.body and _is_main_guard(parent.test):
            return False
        child, parent = parent, parent.parent
    return True


def _loads_definitions(function: nodes.FunctionDef) -> bool:
    decorators = function.decorators.nodes if function.decorators else ()
    return any(
        (names.dagster_name(decorator) or "").rsplit(".", 1)[-1] == "definitions"
        for decorator in decorators
    )


def _is_main_guard(test: nodes.NodeNG) -> bool:
    return (
        isinstance(test, nodes.Compare)
        and isinstance(test.left, nodes.Name)
        and test.left.name == "__name__"
    )


def _module_constant(slot: nodes.NodeNG) -> nodes.AssignName | None:
    """``DB_PASSWORD`` for ``DB_PASSWORD = os.getenv(...)`` at module level."""
    parent = slot.parent
    if not isinstance(parent, (nodes.Assign, nodes.AnnAssign)) or parent.value is not slot:
        return None
    target = parent.target if isinstance(parent, nodes.AnnAssign) else parent.targets[-1]
    if isinstance(target, nodes.AssignName) and isinstance(target.scope(), nodes.Module):
        return target
    return None


def _calls_given_as_resources(module: nodes.Module) -> set[nodes.Call]:
    """The calls a module gives as resources: the values of the dicts passed as
    ``resources=``/``resource_defs=`` to Dagster calls, directly or through names."""
    placed: set[nodes.Call] = set()
    for call in module.nodes_of_class(nodes.Call):
        for keyword in call.keywords or ():
            if keyword.arg in _RESOURCE_KEYWORDS and names.dagster_name(call.func):
                _collect_resource_values(keyword.value, placed, depth=0)
    return placed


def _collect_resource_values(node: nodes.NodeNG | None, placed: set[nodes.Call], depth: int) -> None:
    """The calls ``node`` holds as a dict of resources: through names, ``{**common, ...}``,
    and dicts of dicts such as ``resources_by_deployment[deployment]``."""
    if node is None or depth > 6:
        return
    if isinstance(node, nodes.Call):
        placed.add(node)
    elif isinstance(node, nodes.Name):
        _collect_resource_values(names.assigned_value(node), placed, depth + 1)
    elif isinstance(node, nodes.Subscript):
        _collect_resource_values(node.value, placed, depth + 1)
    elif isinstance(node, nodes.Dict):
        for _, value in node.items:
            _collect_resource_values(value, placed, depth + 1)


def _is_first_party(qualified: str, module: nodes.Module) -> bool:
    """Whether ``qualified`` (``my_project.resources.Warehouse``) is imported from the linted
    project: a relative import, the module's own top-level package, or a module beside it."""
    top = qualified.split(".", 1)[0]
    if not top or qualified.startswith("."):
        return True
    own = module.name.split(".", 1)[0]
    if top == own:
        return True
    if not module.file:
        return False
    # The directory that the module's top-level package (or the module itself) sits in.
    path = Path(module.file).resolve()
    levels = module.name.count(".") + (path.name == "__init__.py")
    if levels >= len(path.parents):
        return False
    directory = path.parents[levels]
    return (directory / f"{top}.py").is_file() or (directory / top / "__init__.py").is_file()


def _read_given(argument: nodes.NodeNG) -> tuple[nodes.NodeNG, EnvironmentRead] | None:
    """The environment read an EnvVar argument is, holds (``x or "d"``, ``str(x)``) or is
    bound to (``TOKEN = os.getenv(...)``), with the node to report."""
    candidates = [argument]
    if isinstance(argument, nodes.BoolOp):
        candidates = list(argument.values)
    elif isinstance(argument, nodes.Call) and names.is_builtin(argument.func, "str") and argument.args:
        candidates = [argument.args[0]]
    for candidate in candidates:
        read = environment_read(candidate)
        if read is not None:
            return candidate, read
        if isinstance(candidate, nodes.Name):
            read = environment_read(names.assigned_value(candidate))
            if read is not None:
                return candidate, read
    return None


def _is_indirection(read: EnvironmentRead) -> bool:
    """``os.getenv("PASSWORD_VAR")`` or ``os.getenv("X", "DB_PASSWORD")``: the variable
    holds the name of another variable."""
    words = name_words(read.variable or "")
    if words and words[-1] in _INDIRECTION_WORDS:
        return True
    node = read.node
    default = node.args[1] if isinstance(node, nodes.Call) and len(node.args) > 1 else None
    return (
        isinstance(default, nodes.Const)
        and isinstance(default.value, str)
        and default.value.isupper()
        and default.value.replace("_", "").isalnum()
    )


def register(linter: PyLinter) -> None:
    linter.register_checker(EnvironmentSecretChecker(linter))
