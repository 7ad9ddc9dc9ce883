"""Connections and secrets become resources: credentials written into the code.

A migration often pastes the password of an Airflow Connection, the value of a Variable or a
Prefect Secret block straight into the new Dagster code. In Dagster a credential is a field of
a ``dg.ConfigurableResource`` set per environment with ``dg.EnvVar("NAME")`` in
``Definitions(resources=...)``. Findings name where the value is held and what kind of secret
it looks like, and never repeat any character of the value.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names
from pylint_dagster_migration.checkers.base import DagsterChecker
from pylint_dagster_migration.credentials import (
    CREDENTIAL_WORDS,
    ENVIRONMENT_DEFAULT_CALLS,
    ENVVAR_CALLS,
    CredentialNames,
    credential_kind,
    environment_default,
    environment_variable_argument,
    name_words,
)
from pylint_dagster_migration.model import is_resource_class, is_test_module

if TYPE_CHECKING:
    from pylint.lint import PyLinter

# Names -----------------------------------------------------------------------------------

#: Kinds whose names are unambiguous: any non-placeholder value is a password.
PASSWORD_KINDS = frozenset({"password", "passphrase"})


# Values ----------------------------------------------------------------------------------

# The patterns below are kept as text and matched through the ``re`` module's own cache
# (``re.search(PATTERN, text)``): each is compiled the first time a value needs it, not when
# pylint loads the plugin, which a one-file run would otherwise pay for them all.

#: Value shapes that are a secret whatever holds them: (kind, suggested variable, pattern).
#: The ``body`` group is the random part, which a made-up example gives away.
SECRET_SHAPES = (
    (
        "AWS access key ID",
        "AWS_ACCESS_KEY_ID",
        r"\b(?:AKIA|ASIA)(?P<body>[0-9A-Z]{16})\b",
    ),
    (
        "GitHub token",
        "GITHUB_TOKEN",
        r"\bgh[pousr]_(?P<body>[A-Za-z0-9]{36})\b|\bgithub_pat_(?P<pat>[A-Za-z0-9_]{40,})",
    ),
    (
        "Slack token",
        "SLACK_TOKEN",
        r"\bxox[abposre]-(?P<body>[0-9]+-[A-Za-z0-9-]{8,})",
    ),
    (
        "Slack webhook URL",
        "SLACK_WEBHOOK_URL",
        r"hooks\.slack\.com/services/(?P<body>T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{16,})",
    ),
    (
        "Stripe live key",
        "STRIPE_API_KEY",
        r"\b[sr]k_live_(?P<body>[0-9A-Za-z]{20,})",
    ),
    (
        "private key",
        "PRIVATE_KEY",
        # PEM: optional RFC 1421 headers (an encrypted key's Proc-Type, DEK-Info), then
        # base64 lines, broken by newlines or by ``\n`` escapes (a key pasted from JSON).
        r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"
        r"(?:(?:\s|\\[nr])*[A-Za-z-]+:[^\n\\]*)*"
        r"(?P<key>(?:[A-Za-z0-9+/=]|\s|\\[nr]){40,})",
    ),
    (
        "JWT",
        "API_TOKEN",
        r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.(?P<body>[A-Za-z0-9_-]{16,})",
    ),
    (
        "bearer token",
        "API_TOKEN",
        r"(?i)^\s*(?:Authorization:\s*)?Bearer\s+(?P<body>[A-Za-z0-9._~+/-]{16,})=*\s*$",
    ),
    (
        "basic auth header",
        "API_CREDENTIALS",
        r"(?i)^\s*(?:Authorization:\s*)?Basic\s+(?P<body>[A-Za-z0-9+/]{12,})={0,2}\s*$",
    ),
)
#: Cheap filter before SECRET_SHAPES: a value must contain one of these to match any shape.
#: (Lower-case substrings: a plain ``in`` test, where a case-blind regex of them would take
#: milliseconds to compile in every run.)
_SHAPE_HINTS = (
    "akia", "asia", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xox", "hooks.slack",
    "k_live_", "private key", "eyj", "bearer", "basic",
)

#: ``scheme://user:password@host``; f-string holes are ``\0`` and never part of a password.
_URL_PASSWORD = (
    r"\b(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<user>[^\s:/?#@]*):(?P<password>[^\s/?#@]+)@(?P<host>[^\s/?#]*)"
)
#: ``password=...`` in libpq (``host=db password=x``) and ODBC (``...;PWD=x;``) strings,
#: which also name a host, user or database (an SQL ``WHERE password = ...`` does not).
_KEY_VALUE_PASSWORD = r"(?i)(?:^|[\s;])(?:password|pwd|passwd)\s*=\s*(?P<password>[^\s;'\"]+)"
_CONNECTION_STRING_KEY = (
    r"(?i)(?:^|[\s;])(?:host|hostaddr|server|user|uid|dbname|database|driver|data source)\s*="
)
F_STRING_HOLE = "\0"

#: Fragments that mark a value as a stand-in wherever they appear in it: ``test_pass``,
#: ``your-token``, ``changeme``, ``...EXAMPLEKEY``.
PLACEHOLDER_FRAGMENTS = (
    "test", "dummy", "fake", "example", "sample", "placeholder", "changeme", "redacted",
    "mock", "your", "replace", "todo", "xxxx", "demo",
)
#: A password that spells out what it is (``token123``, ``mysecret``, ``wrongpass``) is a
#: stand-in too.
SELF_DESCRIBING_FRAGMENTS = ("pass", "secret", "token", "pwd", "apikey", "api_key")
#: Whole values that are no secret: empty-ish words and SQLAlchemy's documented ``tiger``.
PLACEHOLDER_VALUES = frozenset({"none", "null", "nil", "true", "false", "tiger", "key"})
#: Templates (``{password}``, ``<token>``, ``${VAR}``, ``%s``) and bind parameters (``:pw``).
_TEMPLATE = r"\{.*\}|<[^<>]+>|^[$:@?]|%\(|%s|\$\{"
_ENVIRONMENT_VARIABLE = r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+"
_IDENTIFIER = r"[a-z]+(?:[_.:-][a-z]+)+"
_REPEATED_CHARACTER = r"(.)\1{4,}"
_RUNS = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "9876543210")
_FILE = (
    r"(?i)(?:^(?:/|\./|\.\./|~|[A-Za-z]:\\))"
    r"|\.(?:json|pem|key|p8|p12|pfx|crt|cer|der|txt|ya?ml|toml|env|ini|cfg|pickle|pkl|db)$"
)
_SECRET_REFERENCE = r"(?i)^(?:arn:|projects/|vault:|op://|secret:|ssm:|sm://)"


def is_placeholder(value: str) -> bool:
    """True for a password-like value that is clearly no real credential: a template, a mask,
    the name of an environment variable or of a setting, a counting run, or a value made of
    words such as ``test``, ``your-token`` or ``mysecret``."""
    text = value.strip()
    lowered = text.lower()
    return bool(
        len(set(lowered)) <= 2
        or not any(character.isalnum() for character in text)
        or lowered in PLACEHOLDER_VALUES
        or re.search(_TEMPLATE, text)
        or re.fullmatch(_ENVIRONMENT_VARIABLE, text)
        or re.fullmatch(_IDENTIFIER, text)
        or re.search(_REPEATED_CHARACTER, text)
        or any(lowered in run for run in _RUNS)
        or any(fragment in lowered for fragment in PLACEHOLDER_FRAGMENTS)
        or any(fragment in lowered for fragment in SELF_DESCRIBING_FRAGMENTS)
    )


def is_fake_token(token: str) -> bool:
    """True for a value with a real key's prefix but a made-up body: ``xoxp-1234123412...``,
    ``T00000000/B00000000/XXXX...``, ``...abcdefghijklmnop``, ``AKIA...EXAMPLE``."""
    lowered = token.lower()
    return bool(
        re.search(_REPEATED_CHARACTER, token)
        or len(set(lowered)) < min(12, len(lowered) // 2)
        or any(lowered[i : i + 6] in run for run in _RUNS for i in range(len(lowered) - 5))
        or any(fragment in lowered for fragment in PLACEHOLDER_FRAGMENTS)
    )


def looks_like_secret(value: str, kind: str) -> bool:
    """Whether a literal held under a credential name of this kind could be a real secret."""
    if is_placeholder(value) or any(character.isspace() for character in value.strip()):
        return False
    if "://" in value or re.search(_FILE, value) or re.search(_SECRET_REFERENCE, value):
        return False
    if kind in PASSWORD_KINDS:
        return len(value) >= 4
    if kind == "DSN":
        return False  # a DSN holds a credential only with a password, found by its shape
    # Tokens, keys and secrets are long and mix letters with digits, case or symbols, so
    # "oauth", "externalbrowser" and "bearer" are settings, not secrets.
    return len(value) >= 8 and (
        any(character.isdigit() for character in value)
        or (value.lower() != value and value.upper() != value)
        or any(not character.isalnum() for character in value)
    )


def secret_shape(
    text: str, keys_only: bool = False, allowed: frozenset[str] = frozenset()
) -> tuple[str, str] | None:
    """(kind, suggested variable) of a value whose shape alone makes it a secret, or None.

    ``text`` is a literal's value, with ``\\0`` for each ``{...}`` hole of an f-string.
    ``keys_only`` looks only for well-known keys, not for passwords in connection strings;
    passwords in ``allowed`` are not secrets.
    """
    lowered = text.lower()
    if any(hint in lowered for hint in _SHAPE_HINTS):
        for kind, variable, pattern in SECRET_SHAPES:
            match = re.search(pattern, text)
            if not match:
                continue
            if match.groupdict().get("key") is not None:
                if is_private_key(match.group("key")):
                    return (kind, variable)
            elif not is_fake_token(next(filter(None, match.groupdict().values()), "")):
                return (kind, variable)
    if keys_only:
        return None
    match = re.search(_URL_PASSWORD, text) if "://" in text else None
    if match and _is_literal_password(match.group("password"), allowed) and "example" not in match.group("host"):
        return ("connection URL with an embedded password", "DATABASE_URL")
    match = re.search(_KEY_VALUE_PASSWORD, text) if "=" in text else None
    if match and _is_literal_password(match.group("password"), allowed) and re.search(_CONNECTION_STRING_KEY, text):
        return ("connection string with an embedded password", "DATABASE_URL")
    return None


_PEM_BREAK = r"\s|\\[nr]"
#: What the base64 of an OpenSSH private key starts with (``openssh-key-v1\0``).
_OPENSSH_MAGIC = b"openssh-key-v1\0"


def is_private_key(body: str) -> bool:
    """Whether the base64 ``body`` of a PEM private key block is a key, not a stand-in.

    From 160 characters a body that does not look made up is a key (an OpenSSH key, whose
    runs of ``A`` look made up, is known by its magic). A shorter one is a key when it is a
    whole DER key, which declares its length in its first bytes: a PKCS#8 Ed25519 key takes
    64 characters, while the first line of an RSA key followed by "..." declares far more
    than it holds.
    """
    text = re.sub(_PEM_BREAK, "", body)
    decoded = _base64(text)
    if decoded is not None and decoded.startswith(_OPENSSH_MAGIC):
        return len(text) >= 160
    if len(text) >= 160:
        return not _is_made_up_body(text)
    declared = _der_length(decoded) if decoded is not None else None
    return declared is not None and declared <= len(decoded) and len(set(text)) >= 16


#: A long made-up body repeats a character or spells a run or a word of six or more letters.
#: Shorter words (``test``, ``mock``) turn up by chance in a random body of a thousand
#: characters, about once in forty keys, so they do not count here.
_MADE_UP_BODY = r"(.)\1{7,}"
_LONG_PLACEHOLDER_FRAGMENTS = tuple(fragment for fragment in PLACEHOLDER_FRAGMENTS if len(fragment) >= 6)


def _is_made_up_body(text: str) -> bool:
    """Whether a PEM body of 160 characters or more is a stand-in and not random base64."""
    lowered = text.lower()
    return bool(
        re.search(_MADE_UP_BODY, text)
        or len(set(text)) < 20
        or any(lowered[i : i + 8] in run for run in _RUNS for i in range(len(lowered) - 7))
        or any(fragment in lowered for fragment in _LONG_PLACEHOLDER_FRAGMENTS)
    )


def _base64(text: str) -> bytes | None:
    import base64  # pylint: disable=import-outside-toplevel  # a private key's body only
    import binascii  # pylint: disable=import-outside-toplevel

    text = text.rstrip("=")
    text = text[: len(text) - len(text) % 4] if len(text) % 4 == 1 else text
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def _der_length(decoded: bytes) -> int | None:
    """The total length a DER SEQUENCE declares (tag, length bytes and content), or None."""
    if len(decoded) < 2 or decoded[0] != 0x30:
        return None
    first = decoded[1]
    if first < 0x80:
        return 2 + first
    size = first & 0x7F
    if not 1 <= size <= 3 or len(decoded) < 2 + size:
        return None
    return 2 + size + int.from_bytes(decoded[2 : 2 + size], "big")


def _is_literal_password(password: str, allowed: frozenset[str]) -> bool:
    return F_STRING_HOLE not in password and password not in allowed and not is_placeholder(password)


# Where a literal is held -----------------------------------------------------------------


# A plain class, not a dataclass: defining a dataclass costs every pylint run a millisecond.
class Holder:
    """The name a literal is bound to or passed as, and how to phrase that.

    Finding the holder reads only the literal's parents; the imports are resolved (for the
    fix) only once a finding is certain.
    """

    __slots__ = ("name", "phrase", "owner", "kind", "fallback")

    def __init__(
        self,
        name: str,
        phrase: str,
        owner: nodes.ClassDef | nodes.Call | str | None = None,
        kind: str | None = None,
        *,
        fallback: bool = False,
    ) -> None:
        self.name = name
        self.phrase = phrase
        #: The class or call the name belongs to (``SnowflakeResource`` for its
        #: ``password=``), or the name of the dict it is a key of.
        self.owner = owner
        #: The kind of credential the position implies whatever the name (the password of a
        #: ``(user, password)`` pair).
        self.kind = kind
        #: True for the default of ``os.getenv("NAME", default)``: the value used wherever
        #: the variable is unset.
        self.fallback = fallback

    def variable(self) -> str:
        """The environment variable ``dg.EnvVar`` should read."""
        name = self.name
        if self.kind == "password":  # the password of an auth pair: SERVICE_PASSWORD
            name = "_".join([*name_words(name)[:-1], "password"])
        owner = self.owner
        if isinstance(owner, nodes.ClassDef):
            owner = owner.name
        elif isinstance(owner, nodes.Call):
            owner = names.spelled_callee(owner)
        return environment_variable(name, owner)

    def resource_role(self) -> str:
        """``"field"`` for a resource field's default, ``"argument"`` for an argument of a
        resource's constructor, ``""`` otherwise."""
        if isinstance(self.owner, nodes.ClassDef) and is_resource_class(self.owner):
            return "field"
        if isinstance(self.owner, nodes.Call) and is_resource_class(self.owner.func):
            return "argument"
        return ""


#: Words of a class or variable name that say nothing about which system a secret is for.
_GENERIC_OWNER_WORDS = frozenset(
    {"resource", "resources", "client", "hook", "connection", "conn", "session", "engine",
     "config", "configs", "settings", "conf", "params", "kwargs", "options", "args", "get",
     "create", "connect", "make", "build", "new", "io", "manager", "default", "defaults",
     "credentials", "creds", "secrets", "auth", "headers", "dict", "data", "payload", "init",
     "post", "put", "patch", "request", "urlopen", "fetch", "send", "open", "login"}
)


def environment_variable(name: str, owner: str | None = None) -> str:
    """``DB_PASSWORD`` for ``dbPassword``; ``SNOWFLAKE_PASSWORD`` for ``password`` given to
    ``SnowflakeResource``."""
    words = list(name_words(name))
    if owner and tuple(words) in CREDENTIAL_WORDS:
        words = [word for word in name_words(owner) if word not in _GENERIC_OWNER_WORDS] + words
    return "_".join(words).upper() or "SECRET"


def holder_of(node: nodes.NodeNG) -> Holder | None:
    """Where the literal ``node`` is kept: an assignment target, a resource field, a keyword
    argument, a dict key, a parameter default, the default of ``os.getenv("NAME", ...)`` or
    a ``(user, password)`` pair."""
    parent = node.parent
    lookup = parent.parent if isinstance(parent, nodes.Keyword) else parent
    if isinstance(lookup, nodes.Call) and environment_default(lookup) is node:
        return _fallback_holder(lookup)
    if isinstance(parent, (nodes.Assign, nodes.AnnAssign)) and parent.value is node:
        targets = parent.targets if isinstance(parent, nodes.Assign) else [parent.target]
        return _assignment_holder(targets, parent)
    if isinstance(parent, nodes.Keyword) and parent.arg:
        call = parent.parent
        callee = names.spelled_callee(call) if isinstance(call, nodes.Call) else None
        phrase = f"passed as {parent.arg}=" + (f" to '{callee}'" if callee else "")
        return Holder(parent.arg, phrase, call if callee else None)
    if isinstance(parent, nodes.Dict):
        for key, value in parent.items:
            if value is node and isinstance(key, nodes.Const) and isinstance(key.value, str):
                return Holder(key.value, f"stored under '{key.value}'", _assigned_name(parent))
        return None
    if isinstance(parent, nodes.Arguments):
        parameter = _parameter_with_default(parent, node)
        if parameter is not None:
            return Holder(parameter.name, f"as the default of parameter '{parameter.name}'")
        return None
    if isinstance(parent, (nodes.Tuple, nodes.List)):
        return _sequence_holder(node, parent)
    if isinstance(parent, nodes.Call) and node in parent.args:
        callee = names.spelled_callee(parent)
        if callee:
            return Holder("", f"passed to '{callee}'")
    return None


def _fallback_holder(lookup: nodes.Call) -> Holder:
    """``os.getenv("DB_PASSWORD", "...")``: the default stands for the variable's value."""
    variable = environment_variable_argument(lookup)
    if isinstance(variable, nodes.Const) and isinstance(variable.value, str):
        name, spelled = variable.value, f'"{variable.value}"'
    else:
        name, spelled = "", "..."
    return Holder(name, f"as the default of {lookup.func.as_string()}({spelled})", fallback=True)


def _assignment_holder(targets: list[nodes.NodeNG], statement: nodes.NodeNG) -> Holder | None:
    names_ = [name for name in map(_target_name, targets) if name]
    if not names_:
        return None
    name = next((name for name in names_ if credential_kind(name)), names_[-1])
    klass = statement.parent
    if isinstance(klass, nodes.ClassDef):
        return Holder(name, f"as the default of field '{name}' of '{klass.name}'", klass)
    return Holder(name, f"assigned to '{name}'")


def _target_name(target: nodes.NodeNG) -> str | None:
    if isinstance(target, nodes.AssignName):
        return target.name
    if isinstance(target, nodes.AssignAttr):
        return target.attrname
    if isinstance(target, nodes.Subscript):
        key = target.slice
        if isinstance(key, nodes.Const) and isinstance(key.value, str):
            return key.value
    return None


def _sequence_holder(node: nodes.NodeNG, sequence: nodes.Tuple | nodes.List) -> Holder | None:
    """``user, password = "etl", "..."`` and ``auth=("etl", "...")``."""
    index = next(i for i, element in enumerate(sequence.elts) if element is node)
    parent = sequence.parent
    if isinstance(parent, nodes.Assign) and parent.value is sequence:
        target = parent.targets[-1]
        if isinstance(target, (nodes.Tuple, nodes.List)) and len(target.elts) == len(sequence.elts):
            name = _target_name(target.elts[index])
            if name:
                return Holder(name, f"assigned to '{name}'")
    # A (user, password) pair given as HTTP basic auth: the second item is the password.
    if len(sequence.elts) == 2 and index == 1 and not isinstance(parent, nodes.Assign):
        pair = holder_of(sequence)
        if pair and credential_kind(pair.name) in {"auth", "credentials"}:
            return Holder(
                pair.name, f"as the password of the (user, password) pair {pair.phrase}", pair.owner, "password"
            )
    return None


def _assigned_name(node: nodes.NodeNG) -> str | None:
    """``SNOWFLAKE_SETTINGS`` for the dict of ``SNOWFLAKE_SETTINGS = {...}``."""
    parent = node.parent
    if isinstance(parent, nodes.Assign) and parent.value is node:
        return _target_name(parent.targets[0])
    if isinstance(parent, nodes.AnnAssign) and parent.value is node:
        return _target_name(parent.target)
    return None


def _parameter_with_default(arguments: nodes.Arguments, default: nodes.NodeNG) -> nodes.AssignName | None:
    positional = [*(arguments.posonlyargs or []), *(arguments.args or [])]
    defaults = arguments.defaults or []
    for index, candidate in enumerate(defaults):
        if candidate is default:
            return positional[len(positional) - len(defaults) + index]
    for index, candidate in enumerate(arguments.kw_defaults or []):
        if candidate is default:
            return arguments.kwonlyargs[index]
    return None


class HardcodedCredentialChecker(DagsterChecker):
    """Finds credentials written into Dagster code as string literals."""

    # Read from the options when the run opens (see ``open``).
    _names = CredentialNames()
    _allowed_values: frozenset[str] = frozenset()

    msgs = {
        "W7310": (
            "%s%s: a credential in the code is committed with it and shared by every "
            "environment. %s",
            "hardcoded-credential",
            "A string literal in a Dagster module is a credential: it is held by a "
            "credential-like name (password, token, api_key, client_secret...) or is the "
            "default of os.getenv(\"DB_PASSWORD\", ...) (os.environ.get, setdefault) for a "
            "variable with such a name, is a connection URL or string with a password, or "
            "has the shape of a well-known key (AWS, GitHub, Slack, Stripe, a PEM private "
            "key block, JWT, bearer token). A default of os.getenv is used wherever the "
            "variable is unset, so it is as committed as any other literal; empty and "
            "placeholder defaults (\"\", \"changeme\", \"<your-token>\") are not "
            "reported.\n\n"
            "Airflow keeps credentials in Connections and Variables and Prefect in Blocks; "
            "pasting their values into the ported code puts them in version control and "
            "makes every environment use the same ones. In Dagster a credential is a field "
            "of a dg.ConfigurableResource, set in Definitions(resources=...) with "
            "dg.EnvVar(\"NAME\"), so each deployment supplies its own value and the UI shows "
            "only the variable's name. The message names the holder and the kind of secret, "
            "never the value.",
        ),
    }

    options = (
        (
            "dagster-credential-names",
            {
                "default": (),
                "type": "regexp_csv",
                "metavar": "<regexps>",
                "help": "Extra names (variables, arguments, fields, dict keys) that hold "
                "credentials, as regular expressions matched against the whole name, "
                "e.g. '.*_pw,sf_key'.",
            },
        ),
        (
            "dagster-ignored-credential-names",
            {
                "default": (),
                "type": "regexp_csv",
                "metavar": "<regexps>",
                "help": "Names that look like credential names but hold no secret, as regular "
                "expressions matched against the whole name, e.g. 'token_budget,.*_secret_arn'.",
            },
        ),
        (
            "dagster-allowed-credential-values",
            {
                "default": (),
                "type": "csv",
                "metavar": "<values>",
                "help": "Literal values never reported as credentials, such as the "
                "placeholders of your test suite, e.g. 'hunter2,local-dev-password'; a "
                "listed value is also allowed as the password of a connection URL.",
            },
        ),
    )

    def open(self) -> None:
        config = self.linter.config
        self._names = CredentialNames.from_config(config)
        self._allowed_values = frozenset(config.dagster_allowed_credential_values)

    @only_required_for_messages("hardcoded-credential")
    def visit_const(self, node: nodes.Const) -> None:
        value = node.value
        if (
            isinstance(value, str)
            and len(value) >= 4
            # f-string parts are read with their f-string; bare strings are comments.
            and not isinstance(node.parent, (nodes.JoinedStr, nodes.Expr))
        ):
            self._check_literal(node, value)
        elif isinstance(value, bytes) and b"PRIVATE KEY" in value:
            # A key handed to a library as bytes: only its shape can tell.
            self._check_literal(node, value.decode("latin-1"), keys_only=True)

    @only_required_for_messages("hardcoded-credential")
    def visit_joinedstr(self, node: nodes.JoinedStr) -> None:
        if isinstance(node.parent, nodes.FormattedValue):
            return
        text = "".join(
            str(part.value) if isinstance(part, nodes.Const) else F_STRING_HOLE
            for part in node.values
        )
        self._check_literal(node, text)

    def _check_literal(self, node: nodes.NodeNG, value: str, *, keys_only: bool = False) -> None:
        if value in self._allowed_values:
            return
        holder = holder_of(node)
        if holder and holder.name and self._names.is_ignored(holder.name):
            return
        # Tests build resources with stand-in credentials, as they should: there only
        # well-known key shapes are reported.
        keys_only = keys_only or is_test_module(node.root())
        shape = secret_shape(value, keys_only=keys_only, allowed=self._allowed_values)
        if shape:
            label, variable = shape
        elif holder and isinstance(node, nodes.Const) and not keys_only:
            kind = holder.kind or self._names.kind(holder.name)
            if kind is None or not looks_like_secret(value, kind):
                return
            label, variable = f"{kind} literal", ""
        else:
            return
        if _names_an_environment_variable(node):
            return
        if not shape or (holder and holder.name and self._names_the_secret(holder)):
            variable = holder.variable()
        self.add_message(
            "hardcoded-credential",
            node=node,
            args=(
                label[0].upper() + label[1:],
                f" {holder.phrase}" if holder else "",
                _fix(holder, variable, names.dagster_prefix(node)),
            ),
        )

    def _names_the_secret(self, holder: Holder) -> bool:
        """Whether the holder's name suits the variable (``DB_PASSWORD``, ``WAREHOUSE_URL``)
        better than the shape's generic one."""
        if (holder.kind or self._names.kind(holder.name)) not in {None, "auth", "authorization"}:
            return True
        words = name_words(holder.name)
        return bool(words) and words[-1] in {"url", "uri", "dsn", "string", "conn", "connection"}



def _names_an_environment_variable(node: nodes.NodeNG) -> bool:
    """Whether ``node`` is the name of an environment variable: the first argument of
    ``os.getenv(...)`` and kin, or what ``dg.EnvVar(...)`` is given. (A default of
    ``os.getenv`` is a value, used wherever the variable is unset.)"""
    parent = node.parent
    if isinstance(parent, nodes.Keyword):
        parent = parent.parent
    if not isinstance(parent, nodes.Call):
        return False
    qualified = names.call_qualified_name(parent)
    if qualified in ENVVAR_CALLS:
        return True
    return qualified in ENVIRONMENT_DEFAULT_CALLS and environment_variable_argument(parent) is node


def _fix(holder: Holder | None, variable: str, prefix: str) -> str:
    """Where the credential should come from instead, with Dagster names written with the
    module's ``prefix`` (``dg.``, ``dagster.`` or nothing)."""
    env_var = f'{prefix}EnvVar("{variable}")'
    role = holder.resource_role() if holder else ""
    if holder and holder.fallback:
        return (
            f"Remove the default and read the variable through a {prefix}ConfigurableResource "
            f"field set with {env_var} in Definitions(resources=...)"
        )
    if role == "field":
        return (
            "Remove the default and set the field per environment in "
            f"Definitions(resources=...) with {env_var}"
        )
    if role == "argument":
        return f"Pass {env_var} instead, so each environment sets {variable}"
    return (
        f"Make it a field of a {prefix}ConfigurableResource and set that field in "
        f"Definitions(resources=...) with {env_var}"
    )


def register(linter: PyLinter) -> None:
    linter.register_checker(HardcodedCredentialChecker(linter))
