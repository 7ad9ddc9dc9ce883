"""What names a credential and how code reads one from the environment.

Shared by the checks about secrets (``hardcoded-credential``, ``secret-from-os-environ``,
``envvar-of-a-value``): one set of credential-name rules, so that the checks agree on what a
secret is, and one reading of ``os.getenv``/``os.environ`` resolved through the module's
imports.
"""

from __future__ import annotations

import re

from astroid import nodes
from astroid.const import Context

from pylint_dagster_migration import names

# Names -----------------------------------------------------------------------------------

#: The word sequences a credential's name ends with, and the kind of credential they name.
#: A name is a credential name only when it *ends* with one of them (``db_password``,
#: ``dbPassword``, ``DB_PASSWORD``), as in detect-secrets' keyword detector: ``token_url``,
#: ``password_field`` and ``secret_name`` name something else.
CREDENTIAL_WORDS = {
    ("password",): "password",
    ("passwd",): "password",
    ("pwd",): "password",
    ("pass",): "password",
    ("passphrase",): "passphrase",
    ("secret",): "secret",
    ("token",): "token",
    ("apikey",): "API key",
    ("api", "key"): "API key",
    ("access", "key"): "access key",
    ("secret", "access", "key"): "secret access key",
    ("accesskey",): "access key",
    ("secret", "key"): "secret key",
    ("secretkey",): "secret key",
    ("private", "key"): "private key",
    ("privatekey",): "private key",
    ("priv", "key"): "private key",
    ("auth", "key"): "auth key",
    ("account", "key"): "account key",
    ("client", "key"): "client key",
    ("signing", "key"): "signing key",
    ("auth",): "auth",
    ("authorization",): "authorization",
    ("credentials",): "credentials",
    ("credential",): "credentials",
    ("creds",): "credentials",
    ("dsn",): "DSN",
}
_LONGEST_CREDENTIAL_NAME = max(map(len, CREDENTIAL_WORDS))

# Compiled on first use through re's cache, not when pylint loads the plugin.
_NAME_WORD = r"[A-Z]+(?![a-z])|[A-Z][a-z]*|[a-z]+|\d+"
_NAME_PART = r"[^A-Za-z0-9]+"


def name_words(name: str) -> tuple[str, ...]:
    """``dbPassword``, ``DB_PASSWORD``, ``db-password`` -> ``("db", "password")``."""
    return tuple(
        word.lower() for part in re.split(_NAME_PART, name) for word in re.findall(_NAME_WORD, part)
    )


#: Credential words that also end run-together names such as ``PGPASSWORD`` or ``slacktoken``
#: (``pass``, ``auth`` and ``dsn`` do not: ``bypass``, ``oauth``).
_RUN_TOGETHER_ENDINGS = tuple(
    (words[0], kind)
    for words, kind in CREDENTIAL_WORDS.items()
    if len(words) == 1 and words[0] not in {"pass", "auth", "dsn", "creds"}
)


def credential_kind(name: str) -> str | None:
    """The kind of credential a name holds (``"password"`` for ``DB_PASSWORD``), or None."""
    words = name_words(name)
    for length in range(min(len(words), _LONGEST_CREDENTIAL_NAME), 0, -1):
        kind = CREDENTIAL_WORDS.get(words[-length:])
        if kind and not (words[-length:] == ("pass",) and len(words) == 1):
            return kind
    last = words[-1] if words else ""
    return next((kind for ending, kind in _RUN_TOGETHER_ENDINGS if last.endswith(ending)), None)


# Value objects are plain classes rather than frozen dataclasses or named tuples: a frozen
# dataclass costs a millisecond to define, a named tuple a third of one, paid by every pylint
# run that loads the plugin.
class CredentialNames:
    """The credential-name rules with the user's options of ``hardcoded-credential``
    (``dagster-credential-names``, ``dagster-ignored-credential-names``) applied."""

    __slots__ = ("extra", "ignored")

    def __init__(
        self, extra: tuple[re.Pattern[str], ...] = (), ignored: tuple[re.Pattern[str], ...] = ()
    ) -> None:
        self.extra = extra
        self.ignored = ignored

    @classmethod
    def from_config(cls, config: object) -> CredentialNames:
        return cls(
            tuple(getattr(config, "dagster_credential_names", ()) or ()),
            tuple(getattr(config, "dagster_ignored_credential_names", ()) or ()),
        )

    def is_ignored(self, name: str) -> bool:
        return any(pattern.fullmatch(name) for pattern in self.ignored)

    def kind(self, name: str) -> str | None:
        """The kind of credential ``name`` holds; None for other names and ignored ones."""
        if self.is_ignored(name):
            return None
        kind = credential_kind(name)
        if kind is None and any(pattern.fullmatch(name) for pattern in self.extra):
            return "secret"
        return kind


# Reading the environment -----------------------------------------------------------------

#: Calls that return an environment variable's value, resolved through the imports
#: (``from os import getenv, environ`` included), with the position of their default.
ENVIRONMENT_READ_CALLS = frozenset({"os.getenv", "os.environ.get"})
#: Calls whose first argument names an environment variable and whose second, if any, is the
#: value used when it is unset.
ENVIRONMENT_DEFAULT_CALLS = ENVIRONMENT_READ_CALLS | {"os.environ.setdefault", "os.environ.pop"}
#: ``dg.EnvVar(...)`` and ``dg.EnvVar.int(...)``, which take a variable's name.
ENVVAR_CALLS = frozenset({"dagster.EnvVar", "dagster.EnvVar.int"})
_SPELLED_READS = frozenset({"getenv", "get", "setdefault", "pop"})


class EnvironmentRead:
    """``os.getenv("NAME")``, ``os.environ.get("NAME", ...)`` or ``os.environ["NAME"]``."""

    __slots__ = ("node", "variable")

    def __init__(self, node: nodes.Call | nodes.Subscript, variable: str | None) -> None:
        self.node = node
        #: The variable's name when it is written out as a literal, else None.
        self.variable = variable

    def text(self) -> str:
        """The read as written, with any default left out: a default may be a secret."""
        variable = f'"{self.variable}"' if self.variable is not None else "..."
        if isinstance(self.node, nodes.Subscript):
            return f"{self.node.value.as_string()}[{variable}]"
        more = ", ..." if len(self.node.args) + len(self.node.keywords or ()) > 1 else ""
        return f"{self.node.func.as_string()}({variable}{more})"


def environment_read(node: nodes.NodeNG) -> EnvironmentRead | None:
    """The read of an environment variable that ``node`` is, or None."""
    if isinstance(node, nodes.Call):
        func = node.func
        # Cheap filters first: ``getenv(...)``, or ``.get(...)`` on something spelled environ.
        if names.spelled_name(func) == "get":
            if not isinstance(func, nodes.Attribute) or names.spelled_name(func.expr) != "environ":
                return None
        elif names.spelled_name(func) != "getenv":
            return None
        if names.call_qualified_name(node) not in ENVIRONMENT_READ_CALLS:
            return None
        return EnvironmentRead(node, _literal(environment_variable_argument(node)))
    if (
        isinstance(node, nodes.Subscript)
        and node.ctx == Context.Load
        and names.spelled_name(node.value) == "environ"
        and names.qualified_name(node.value) == "os.environ"
    ):
        return EnvironmentRead(node, _literal(node.slice))
    return None


def environment_variable_argument(call: nodes.Call) -> nodes.NodeNG | None:
    """The argument of ``os.getenv(...)`` and kin that names the variable."""
    if call.args:
        return call.args[0]
    return names.keyword_argument(call, "key")


def environment_default(call: nodes.Call) -> nodes.NodeNG | None:
    """The default of ``os.getenv("NAME", default)`` and kin (``os.environ.get``,
    ``setdefault``, ``pop``), or None when ``call`` is none of them or has no default."""
    if names.spelled_callee(call) not in _SPELLED_READS:
        return None
    default = call.args[1] if len(call.args) > 1 else names.keyword_argument(call, "default")
    if default is None or names.call_qualified_name(call) not in ENVIRONMENT_DEFAULT_CALLS:
        return None
    return default


def _literal(node: nodes.NodeNG | None) -> str | None:
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return node.value
    return None
