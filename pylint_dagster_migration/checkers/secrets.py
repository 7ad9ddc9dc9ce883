"""Connections and secrets become resources: credentials written into the code.

A migration often pastes the password of an Airflow Connection, the value of a Variable or a
Prefect Secret block straight into the new Dagster code. In Dagster a credential is a field of
a ``dg.ConfigurableResource`` set per environment with ``dg.EnvVar("NAME")`` in
``Definitions(resources=...)``. Findings name where the value is held and what kind of secret
it looks like, and never repeat any character of the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names
from pylint_dagster_migration.checkers.base import DagsterChecker
from pylint_dagster_migration.model import is_resource_class, is_test_module

if TYPE_CHECKING:
    from pylint.lint import PyLinter

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
#: Kinds whose names are unambiguous: any non-placeholder value is a password.
PASSWORD_KINDS = frozenset({"password", "passphrase"})

_NAME_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z][a-z]*|[a-z]+|\d+")
_NAME_PART = re.compile(r"[^A-Za-z0-9]+")


def name_words(name: str) -> tuple[str, ...]:
    """``dbPassword``, ``DB_PASSWORD``, ``db-password`` -> ``("db", "password")``."""
    return tuple(
        word.lower() for part in _NAME_PART.split(name) for word in _NAME_WORD.findall(part)
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


# Values ----------------------------------------------------------------------------------

#: Value shapes that are a secret whatever holds them: (kind, suggested variable, pattern).
#: The ``body`` group is the random part, which a made-up example gives away.
SECRET_SHAPES = (
    (
        "AWS access key ID",
        "AWS_ACCESS_KEY_ID",
        re.compile(r"\b(?:AKIA|ASIA)(?P<body>[0-9A-Z]{16})\b"),
    ),
    (
        "GitHub token",
        "GITHUB_TOKEN",
        re.compile(r"\bgh[pousr]_(?P<body>[A-Za-z0-9]{36})\b|\bgithub_pat_(?P<pat>[A-Za-z0-9_]{40,})"),
    ),
    (
        "Slack token",
        "SLACK_TOKEN",
        re.compile(r"\bxox[abposre]-(?P<body>[0-9]+-[A-Za-z0-9-]{8,})"),
    ),
    (
        "Slack webhook URL",
        "SLACK_WEBHOOK_URL",
        re.compile(r"hooks\.slack\.com/services/(?P<body>T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{16,})"),
    ),
    (
        "Stripe live key",
        "STRIPE_API_KEY",
        re.compile(r"\b[sr]k_live_(?P<body>[0-9A-Za-z]{20,})"),
    ),
    (
        "private key",
        "PRIVATE_KEY",
        re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----\s*(?P<body>[A-Za-z0-9+/=\s]{160})"),
    ),
    (
        "JWT",
        "API_TOKEN",
        re.compile(r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.(?P<body>[A-Za-z0-9_-]{16,})"),
    ),
    (
        "bearer token",
        "API_TOKEN",
        re.compile(r"^\s*(?:Authorization:\s*)?Bearer\s+(?P<body>[A-Za-z0-9._~+/-]{16,})=*\s*$", re.I),
    ),
    (
        "basic auth header",
        "API_CREDENTIALS",
        re.compile(r"^\s*(?:Authorization:\s*)?Basic\s+(?P<body>[A-Za-z0-9+/]{12,})={0,2}\s*$", re.I),
    ),
)
#: Cheap filter before SECRET_SHAPES: a value must contain one of these to match any shape.
_SHAPE_HINT = re.compile(r"AKIA|ASIA|gh[pousr]_|github_pat_|xox|hooks\.slack|k_live_|PRIVATE KEY|eyJ|bearer|basic", re.I)

#: ``scheme://user:password@host``; f-string holes are ``\0`` and never part of a password.
_URL_PASSWORD = re.compile(
    r"\b(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<user>[^\s:/?#@]*):(?P<password>[^\s/?#@]+)@(?P<host>[^\s/?#]*)"
)
#: ``password=...`` in libpq (``host=db password=x``) and ODBC (``...;PWD=x;``) strings,
#: which also name a host, user or database (an SQL ``WHERE password = ...`` does not).
_KEY_VALUE_PASSWORD = re.compile(
    r"(?:^|[\s;])(?:password|pwd|passwd)\s*=\s*(?P<password>[^\s;'\"]+)", re.I
)
_CONNECTION_STRING_KEY = re.compile(
    r"(?:^|[\s;])(?:host|hostaddr|server|user|uid|dbname|database|driver|data source)\s*=", re.I
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
_TEMPLATE = re.compile(r"\{.*\}|<[^<>]+>|^[$:@?]|%\(|%s|\$\{")
_ENVIRONMENT_VARIABLE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
_IDENTIFIER = re.compile(r"[a-z]+(?:[_.:-][a-z]+)+")
_REPEATED_CHARACTER = re.compile(r"(.)\1{4,}")
_RUNS = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "9876543210")
_FILE = re.compile(
    r"(?:^(?:/|\./|\.\./|~|[A-Za-z]:\\))|\.(?:json|pem|key|p8|p12|pfx|crt|cer|der|txt|ya?ml|toml|env|ini|cfg|pickle|pkl|db)$",
    re.I,
)
_SECRET_REFERENCE = re.compile(r"^(?:arn:|projects/|vault:|op://|secret:|ssm:|sm://)", re.I)


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
        or _TEMPLATE.search(text)
        or _ENVIRONMENT_VARIABLE.fullmatch(text)
        or _IDENTIFIER.fullmatch(text)
        or _REPEATED_CHARACTER.search(text)
        or any(lowered in run for run in _RUNS)
        or any(fragment in lowered for fragment in PLACEHOLDER_FRAGMENTS)
        or any(fragment in lowered for fragment in SELF_DESCRIBING_FRAGMENTS)
    )


def is_fake_token(token: str) -> bool:
    """True for a value with a real key's prefix but a made-up body: ``xoxp-1234123412...``,
    ``T00000000/B00000000/XXXX...``, ``...abcdefghijklmnop``, ``AKIA...EXAMPLE``."""
    lowered = token.lower()
    return bool(
        _REPEATED_CHARACTER.search(token)
        or len(set(lowered)) < min(12, len(lowered) // 2)
        or any(lowered[i : i + 6] in run for run in _RUNS for i in range(len(lowered) - 5))
        or any(fragment in lowered for fragment in PLACEHOLDER_FRAGMENTS)
    )


def looks_like_secret(value: str, kind: str) -> bool:
    """Whether a literal held under a credential name of this kind could be a real secret."""
    if is_placeholder(value) or any(character.isspace() for character in value.strip()):
        return False
    if "://" in value or _FILE.search(value) or _SECRET_REFERENCE.search(value):
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
    if _SHAPE_HINT.search(text):
        for kind, variable, pattern in SECRET_SHAPES:
            match = pattern.search(text)
            if match and not is_fake_token(next(filter(None, match.groupdict().values()), "")):
                return (kind, variable)
    if keys_only:
        return None
    match = _URL_PASSWORD.search(text) if "://" in text else None
    if match and _is_literal_password(match.group("password"), allowed) and "example" not in match.group("host"):
        return ("connection URL with an embedded password", "DATABASE_URL")
    match = _KEY_VALUE_PASSWORD.search(text) if "=" in text else None
    if match and _is_literal_password(match.group("password"), allowed) and _CONNECTION_STRING_KEY.search(text):
        return ("connection string with an embedded password", "DATABASE_URL")
    return None


def _is_literal_password(password: str, allowed: frozenset[str]) -> bool:
    return F_STRING_HOLE not in password and password not in allowed and not is_placeholder(password)


# Where a literal is held -----------------------------------------------------------------


@dataclass(frozen=True)
class Holder:
    """The name a literal is bound to or passed as, and how to phrase that.

    Finding the holder reads only the literal's parents; the imports are resolved (for the
    fix) only once a finding is certain.
    """

    name: str
    phrase: str
    #: The class or call the name belongs to (``SnowflakeResource`` for its ``password=``),
    #: or the name of the dict it is a key of.
    owner: nodes.ClassDef | nodes.Call | str | None = None
    #: The kind of credential the position implies whatever the name (the password of a
    #: ``(user, password)`` pair).
    kind: str | None = None

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
    argument, a dict key, a parameter default or a ``(user, password)`` pair."""
    parent = node.parent
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


#: Calls whose string arguments name an environment variable rather than hold a value.
ENVIRONMENT_LOOKUPS = frozenset(
    {"os.getenv", "os.environ.get", "os.environ.setdefault", "os.environ.pop", "dagster.EnvVar",
     "dagster.EnvVar.int"}
)


class HardcodedCredentialChecker(DagsterChecker):
    """Finds credentials written into Dagster code as string literals."""

    # Read from the options when the run opens (see ``open``).
    _extra_names: tuple[str, ...] = ()
    _ignored_names: tuple[str, ...] = ()
    _allowed_values: frozenset[str] = frozenset()

    msgs = {
        "W7310": (
            "%s%s: a credential in the code is committed with it and shared by every "
            "environment. %s",
            "hardcoded-credential",
            "A string literal in a Dagster module is a credential: it is held by a "
            "credential-like name (password, token, api_key, client_secret...), is a "
            "connection URL or string with a password, or has the shape of a well-known "
            "key (AWS, GitHub, Slack, Stripe, private key, JWT, bearer token).\n\n"
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
        self._extra_names = tuple(config.dagster_credential_names)
        self._ignored_names = tuple(config.dagster_ignored_credential_names)
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

    @only_required_for_messages("hardcoded-credential")
    def visit_joinedstr(self, node: nodes.JoinedStr) -> None:
        if isinstance(node.parent, nodes.FormattedValue):
            return
        text = "".join(
            str(part.value) if isinstance(part, nodes.Const) else F_STRING_HOLE
            for part in node.values
        )
        self._check_literal(node, text)

    def _check_literal(self, node: nodes.NodeNG, value: str) -> None:
        if value in self._allowed_values:
            return
        holder = holder_of(node)
        if holder and holder.name and self._is_ignored(holder.name):
            return
        # Tests build resources with stand-in credentials, as they should: there only
        # well-known key shapes are reported.
        in_tests = is_test_module(node.root())
        shape = secret_shape(value, keys_only=in_tests, allowed=self._allowed_values)
        if shape:
            label, variable = shape
        elif holder and isinstance(node, nodes.Const) and not in_tests:
            kind = holder.kind or self._credential_kind(holder.name)
            if kind is None or not looks_like_secret(value, kind):
                return
            label, variable = f"{kind} literal", ""
        else:
            return
        if _is_environment_lookup_argument(node):
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
        if (holder.kind or self._credential_kind(holder.name)) not in {None, "auth", "authorization"}:
            return True
        words = name_words(holder.name)
        return bool(words) and words[-1] in {"url", "uri", "dsn", "string", "conn", "connection"}

    def _credential_kind(self, name: str) -> str | None:
        kind = credential_kind(name)
        if kind is None and any(pattern.fullmatch(name) for pattern in self._extra_names):
            return "secret"
        return kind

    def _is_ignored(self, name: str) -> bool:
        return any(pattern.fullmatch(name) for pattern in self._ignored_names)


def _is_environment_lookup_argument(node: nodes.NodeNG) -> bool:
    parent = node.parent
    if isinstance(parent, nodes.Keyword):
        parent = parent.parent
    return isinstance(parent, nodes.Call) and names.call_qualified_name(parent) in ENVIRONMENT_LOOKUPS


def _fix(holder: Holder | None, variable: str, prefix: str) -> str:
    """Where the credential should come from instead, with Dagster names written with the
    module's ``prefix`` (``dg.``, ``dagster.`` or nothing)."""
    env_var = f'{prefix}EnvVar("{variable}")'
    role = holder.resource_role() if holder else ""
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
