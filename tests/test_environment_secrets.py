"""Secrets read from the environment: secret-from-os-environ, envvar-of-a-value, and the
os.getenv defaults and private keys of hardcoded-credential.

The Dagster tests run the installed Dagster on modules written here, with stand-in values;
private keys are generated at run time, so that no key sits in the repository.
"""

from __future__ import annotations

import importlib.util
import sys
import textwrap

import pytest
from linting import Finding, lint

SYMBOLS = {"secret-from-os-environ", "envvar-of-a-value", "hardcoded-credential"}
IMPORTED = (
    "is read when the module is imported and {where}: the code server must hold the secret, "
    "keeps it until it reloads and sends it to the UI, and each run's stored job snapshot "
    'contains it. Use {dg}EnvVar("{name}"), which each run resolves and Dagster shows by name '
    "only"
)
#: A module's import of Dagster, and the prefix the fixes then write Dagster names with.
IMPORT_STYLES = [
    pytest.param("import dagster as dg", "dg.", id="import-dagster-as-dg"),
    pytest.param("import dagster", "dagster.", id="import-dagster"),
    pytest.param("from dagster import ConfigurableResource, EnvVar", "", id="from-dagster-import"),
]


def _lint(tmp_path, source, name="pipeline.py", *extra):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return [f for f in lint([path], *extra) if f.symbol in SYMBOLS | {"dagster-check-failed"}]


def _positions(findings):
    return [(f.symbol, f.line, f.column, f.end_line, f.end_column) for f in findings]


# secret-from-os-environ --------------------------------------------------------------------


@pytest.mark.parametrize(("imports", "dg"), IMPORT_STYLES)
def test_reads_handed_to_resources_in_every_position(tmp_path, imports, dg):
    base = "ConfigurableResource" if dg == "" else f"{dg}ConfigurableResource"
    source = f"""
    import os
    from os import environ, getenv
    {imports}
    from dagster_snowflake import SnowflakeResource
    from pydantic import Field

    DB_PASSWORD = os.getenv("DB_PASSWORD")

    class Warehouse({base}):
        password: str = os.environ["WAREHOUSE_PASSWORD"]
        token: str = Field(default=getenv("API_TOKEN"))
        signing_key: str = environ.get("SIGNING_KEY") or ""

    reporting = Warehouse(password=DB_PASSWORD)
    snowflake = SnowflakeResource(account="acme", password=os.environ.get("SF_PASSWORD", ""))
    """
    where_field = "set as the default of field '{}' of 'Warehouse'"
    assert _lint(tmp_path, source) == [
        Finding(
            8, 14, 8, 38, "secret-from-os-environ", "",
            'os.getenv("DB_PASSWORD") ' + IMPORTED.format(
                where="passed as password= to 'Warehouse' through 'DB_PASSWORD'", dg=dg,
                name="DB_PASSWORD",
            ),
        ),
        Finding(
            11, 20, 11, 52, "secret-from-os-environ", "Warehouse",
            'os.environ["WAREHOUSE_PASSWORD"] ' + IMPORTED.format(
                where=where_field.format("password"), dg=dg, name="WAREHOUSE_PASSWORD"
            ),
        ),
        Finding(
            12, 31, 12, 50, "secret-from-os-environ", "Warehouse",
            'getenv("API_TOKEN") ' + IMPORTED.format(
                where=where_field.format("token"), dg=dg, name="API_TOKEN"
            ),
        ),
        Finding(
            13, 23, 13, 49, "secret-from-os-environ", "Warehouse",
            'environ.get("SIGNING_KEY") ' + IMPORTED.format(
                where=where_field.format("signing_key"), dg=dg, name="SIGNING_KEY"
            ),
        ),
        Finding(
            16, 55, 16, 88, "secret-from-os-environ", "",
            'os.environ.get("SF_PASSWORD", ...) ' + IMPORTED.format(
                where="passed as password= to 'SnowflakeResource'", dg=dg, name="SF_PASSWORD"
            ),
        ),
    ]


def test_integration_workspaces_definitions_functions_and_project_resources(tmp_path):
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "proj" / "resources.py").write_text(
        "import dagster as dg\n\nclass CrmResource(dg.ConfigurableResource):\n    api_key: str\n",
        encoding="utf-8",
    )
    source = """
    import os
    import dagster as dg
    from dagster_fivetran import FivetranWorkspace
    from .resources import CrmResource

    fivetran = FivetranWorkspace(account_id="acme", api_key="k", api_secret=os.getenv("FIVETRAN_API_SECRET"))

    @dg.definitions
    def defs():
        return dg.Definitions(resources={"fivetran": fivetran, "crm": CrmResource(api_key=os.getenv("CRM_KEY"))})
    """
    findings = _lint(tmp_path, source, "proj/definitions.py")
    assert _positions(findings) == [
        ("secret-from-os-environ", 7, 72, 7, 104),
        ("secret-from-os-environ", 11, 86, 11, 106),
    ]
    assert findings[1].msg.startswith(
        "os.getenv(\"CRM_KEY\") is read when the module is imported and passed as api_key= to "
        "'CrmResource'"
    )


def test_resources_dicts_through_names_and_deployments(tmp_path):
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "__init__.py").write_text("", encoding="utf-8")
    source = """
    import os
    import dagster as dg
    from proj.clients import ApiResource

    prod = {"api": ApiResource(token=os.getenv("API_TOKEN"))}
    resources_by_deployment = {"prod": prod, "local": {"api": ApiResource(token="local")}}
    defs = dg.Definitions(resources=resources_by_deployment[os.getenv("DEPLOYMENT", "local")])
    """
    assert _positions(_lint(tmp_path, source, "proj/definitions.py")) == [
        ("secret-from-os-environ", 6, 33, 6, 55),
    ]


def test_near_misses_are_silent(tmp_path):
    source = """
    import os
    import dagster as dg
    from databricks.sdk import WorkspaceClient
    from dagster_databricks import PipesDatabricksClient
    from my_lib.clients import ApiResource

    HOST = os.getenv("WAREHOUSE_HOST", "localhost")
    USER = os.environ.get("WAREHOUSE_USER", "etl")
    DEPLOYMENT = os.getenv("DAGSTER_DEPLOYMENT", "local")
    TOKEN_URL = os.getenv("TOKEN_URL")
    UNUSED_PASSWORD = os.getenv("UNUSED_PASSWORD")
    IS_BRANCH = os.getenv("DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT") == "1"
    KEY_PATH = os.getenv("SNOWFLAKE_PRIVATE_KEY_PATH")

    class Warehouse(dg.ConfigurableResource):
        host: str = HOST
        user: str = USER
        password: str
        credentials_path: str = os.getenv("GOOGLE_APPLICATION_CREDENTIALS", "")
        private_key: str = KEY_PATH

        def connect(self):
            return os.getenv("WAREHOUSE_PASSWORD")

    class Settings:
        password = os.getenv("SETTINGS_PASSWORD")

    client = WorkspaceClient(host=HOST, token=os.environ["DATABRICKS_TOKEN"])
    pipes = PipesDatabricksClient(client=client)
    third_party = {"api": ApiResource(token=os.getenv("API_TOKEN"))}
    dynamic = Warehouse(password=os.getenv(f"{DEPLOYMENT}_PASSWORD"))

    @dg.asset
    def orders(warehouse: Warehouse) -> None:
        Warehouse(password=os.getenv("RUN_TIME_PASSWORD"))

    if __name__ == "__main__":
        Warehouse(password=os.environ["CLI_PASSWORD"])

    defs = dg.Definitions(
        assets=[orders],
        resources={
            "warehouse": Warehouse(password=dg.EnvVar("WAREHOUSE_PASSWORD")),
            "pipes": pipes,
            **third_party,
        },
    )
    """
    assert _lint(tmp_path, source) == []


def test_test_modules_may_read_their_secrets(tmp_path):
    source = """
    import os
    import dagster as dg

    class Warehouse(dg.ConfigurableResource):
        password: str

    warehouse = Warehouse(password=os.environ["WAREHOUSE_PASSWORD"])
    """
    assert _lint(tmp_path, source, "tests/test_warehouse.py") == []


def test_options_of_hardcoded_credential_apply(tmp_path):
    source = """
    import os
    import dagster as dg

    class Warehouse(dg.ConfigurableResource):
        sf_pw: str = os.getenv("SF_PW")
        csrf_token: str = os.getenv("CSRF_TOKEN")
    """
    assert [f.line for f in _lint(tmp_path, source)] == [7]
    options = ("--dagster-credential-names=sf_pw", "--dagster-ignored-credential-names=CSRF_.*")
    assert [f.line for f in _lint(tmp_path, source, "pipeline.py", *options)] == [6]


# envvar-of-a-value -------------------------------------------------------------------------


@pytest.mark.parametrize(("imports", "dg"), IMPORT_STYLES)
def test_envvar_given_a_value(tmp_path, imports, dg):
    source = f"""
    import os
    from os import environ
    {imports}

    PORT = os.getenv("WAREHOUSE_PORT")
    a = {dg}EnvVar(os.getenv("DB_PASSWORD"))
    b = {dg}EnvVar(environ["API_TOKEN"] or "")
    c = {dg}EnvVar.int(PORT)
    d = {dg}EnvVar(str(os.environ.get("CLIENT_SECRET", "x")))
    """
    findings = _lint(tmp_path, source)
    assert _positions(findings) == [
        ("envvar-of-a-value", 7, 11 + len(dg), 7, 35 + len(dg)),
        ("envvar-of-a-value", 8, 11 + len(dg), 8, 31 + len(dg)),
        ("envvar-of-a-value", 9, 15 + len(dg), 9, 19 + len(dg)),
        ("envvar-of-a-value", 10, 15 + len(dg), 10, 51 + len(dg)),
    ]
    assert findings[0].msg == (
        f'{dg}EnvVar takes the name of an environment variable, but os.getenv("DB_PASSWORD") '
        "gives it the variable's value: Dagster looks up a variable named after the value, so "
        f'the run fails and the error and the UI show the value. Write {dg}EnvVar("DB_PASSWORD")'
    )
    assert findings[2].msg.startswith(
        f"{dg}EnvVar.int takes the name of an environment variable, but 'PORT' "
        '(os.getenv("WAREHOUSE_PORT")) gives it'
    )
    assert findings[2].msg.endswith(f'Write {dg}EnvVar.int("WAREHOUSE_PORT")')
    # The default of os.environ.get may be a secret: the message leaves it out.
    assert 'os.environ.get("CLIENT_SECRET", ...)' in findings[3].msg


def test_envvar_near_misses(tmp_path):
    source = """
    import os
    import dagster as dg
    from my_lib import EnvVar

    a = dg.EnvVar(os.getenv("PASSWORD_VAR", "DB_PASSWORD"))
    b = dg.EnvVar(os.environ.get("SECRET_ENV_NAME"))
    c = dg.EnvVar(os.getenv("X", "DB_PASSWORD"))
    d = EnvVar(os.getenv("DB_PASSWORD"))
    e = dg.EnvVar("DB_PASSWORD")
    f = dg.EnvVar(os.getenv(NAME))
    """
    assert _lint(tmp_path, source) == []


# hardcoded-credential: os.getenv defaults ----------------------------------------------------


def test_credential_defaults_of_environment_reads(tmp_path):
    source = """
    import os
    import dagster as dg

    DB_PASSWORD = os.getenv("DB_PASSWORD", "Wh-2023!blue")
    API_TOKEN = os.environ.get("API_TOKEN", default="Qm8ZkR2xVt7LwP4n")
    DATABASE_URL = os.getenv("DATABASE_URL", "postgresql://etl:Pg7-Lo4d3r@warehouse.internal/dwh")
    os.environ.setdefault("PGPASSWORD", "Wh-2023!blue")
    """
    findings = _lint(tmp_path, source)
    assert _positions(findings) == [
        ("hardcoded-credential", 5, 39, 5, 53),
        ("hardcoded-credential", 6, 48, 6, 66),
        ("hardcoded-credential", 7, 41, 7, 93),
        ("hardcoded-credential", 8, 36, 8, 50),
    ]
    assert findings[0].msg == (
        "Password literal as the default of os.getenv(\"DB_PASSWORD\"): a credential in the code "
        "is committed with it and shared by every environment. Remove the default and read the "
        "variable through a dg.ConfigurableResource field set with dg.EnvVar(\"DB_PASSWORD\") in "
        "Definitions(resources=...)"
    )
    assert findings[2].msg.startswith(
        "Connection URL with an embedded password as the default of os.getenv(\"DATABASE_URL\")"
    )
    assert 'dg.EnvVar("DATABASE_URL")' in findings[2].msg
    for secret in ("Wh-2023", "Qm8ZkR2", "Pg7-Lo4"):
        assert not any(secret in f.msg for f in findings)


def test_placeholder_defaults_and_variable_names_are_silent(tmp_path):
    source = """
    import os
    import dagster as dg

    a = os.getenv("DB_PASSWORD", "")
    b = os.getenv("DB_PASSWORD", "changeme")
    c = os.environ.get("API_TOKEN", "<your-token>")
    d = os.getenv("DATABASE_URL", "postgresql://{user}:{password}@localhost/dwh")
    e = os.getenv("WAREHOUSE_HOST", "warehouse.internal")
    f = os.getenv("Wh-2023!blue_PASSWORD")
    g = os.getenv(NAME, "Wh-2023!blue")
    """
    assert _lint(tmp_path, source) == []


# hardcoded-credential: private keys --------------------------------------------------------


def _keys():
    """Freshly generated private keys in the PEM forms that code holds."""
    pytest.importorskip("cryptography")
    from cryptography.hazmat.primitives import serialization as s
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    plain = s.NoEncryption()
    return {
        "ed25519 pkcs8": ed25519.Ed25519PrivateKey.generate().private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, plain),
        "openssh": ed25519.Ed25519PrivateKey.generate().private_bytes(s.Encoding.PEM, s.PrivateFormat.OpenSSH, plain),
        "ec": ec.generate_private_key(ec.SECP256R1()).private_bytes(s.Encoding.PEM, s.PrivateFormat.TraditionalOpenSSL, plain),
        "encrypted rsa": rsa.generate_private_key(65537, 2048).private_bytes(
            s.Encoding.PEM, s.PrivateFormat.TraditionalOpenSSL, s.BestAvailableEncryption(b"pw")
        ),
    }


def test_private_keys_in_every_form_under_any_name(tmp_path):
    keys = _keys()
    lines = ["import dagster as dg", ""]
    for index, key in enumerate(keys.values()):
        text = key.decode()
        lines.append(f"config_{index} = {text!r}")
        lines.append(f"escaped_{index} = {text.replace(chr(10), chr(92) + 'n')!r}")
    lines.append(f"raw = {keys['ed25519 pkcs8']!r}")
    findings = _lint(tmp_path, "\n".join(lines) + "\n")
    assert [(f.line, f.msg.split(":")[0]) for f in findings] == [
        *((line, f"Private key assigned to '{name}_{index}'")
          for index in range(len(keys)) for line, name in ((3 + 2 * index, "config"), (4 + 2 * index, "escaped"))),
        (3 + 2 * len(keys), "Private key assigned to 'raw'"),
    ]
    output = "\n".join(f.msg for f in findings)
    for key in keys.values():
        body = key.decode().splitlines()[1]
        assert body[:12] not in output


def test_stand_in_private_keys_are_silent(tmp_path):
    rsa_key = _keys()["encrypted rsa"].decode().splitlines()
    begin = "-----BEGIN PRIVATE " + "KEY-----"
    first_line_of_a_real_rsa_key = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj"
    source = f"""
    import dagster as dg

    CUT = {begin + chr(10) + first_line_of_a_real_rsa_key + chr(10) + "-----END PRIVATE KEY-----"!r}
    ELLIPSIS = {begin + chr(10) + "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC..." + chr(10)!r}
    HEADER_ONLY = {rsa_key[0] + chr(10) + rsa_key[1]!r}
    """
    assert _lint(tmp_path, source) == []


def test_a_long_key_body_is_a_key_even_where_chance_spells_a_short_word():
    """A random body of a thousand characters holds ``test`` or ``mock`` about once in forty
    keys; such a key is still reported (this made ``test_private_keys_in_every_form`` flaky)."""
    from pylint_dagster_migration.checkers.secrets import secret_shape

    key = _keys()["encrypted rsa"].decode().splitlines()
    body = [line for line in key if line and ":" not in line and not line.startswith("-----")]
    for word in ("test", "mock", "fake", "demo", "your", "xxxx", "abcdef", "AAAAAAA"):
        lines = [key[0], *body[:3], word + body[3][len(word):], *body[4:], key[-1]]
        assert secret_shape("\n".join(lines), keys_only=True) == ("private key", "PRIVATE_KEY"), word


def test_long_made_up_key_bodies_are_silent():
    from pylint_dagster_migration.checkers.secrets import secret_shape

    begin, end = "-----BEGIN PRIVATE " + "KEY-----", "-----END PRIVATE KEY-----"
    for body in (
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC" + "A" * 200,
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC" + "PasteYourExampleKeyHere" * 10,
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC" + "abcdefghijklmnopqrstuvwxyz0123456789" * 5,
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC" + "0123456789" * 20,
    ):
        assert secret_shape("\n".join((begin, body, end)), keys_only=True) is None, body[32:60]


# What Dagster does -------------------------------------------------------------------------


def _import(tmp_path, name, source):
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(name, None)
    return module


WAREHOUSE = """
import os
import dagster as dg

class Warehouse(dg.ConfigurableResource):
    password: str

seen = {{}}

@dg.asset
def orders(warehouse: Warehouse) -> None:
    seen["password"] = warehouse.password

defs = dg.Definitions(assets=[orders], resources={{"warehouse": Warehouse(password={value})}})
"""


def _resource_config_shown_in_the_ui(dg, defs):
    """The resource's configured value in the repository snapshot that the code server sends
    to the webserver, which the UI's resource page displays."""
    from dagster._core.remote_representation.external_data import RepositorySnap

    [resource] = [r for r in RepositorySnap.from_def(defs.get_repository_def()).resources if r.name == "warehouse"]
    return resource.configured_values["password"]


def test_dagster_fixes_an_os_getenv_value_at_import_and_shows_it(tmp_path, monkeypatch):
    """What secret-from-os-environ says: the code server reads the value when it imports the
    module, keeps it, and Dagster shows and stores it; EnvVar is read per run, shown by name."""
    dg = pytest.importorskip("dagster")
    from dagster._core.remote_representation.external_data import ResourceConfigEnvVarSnap
    from dagster._serdes import serialize_value

    monkeypatch.setenv("WAREHOUSE_PASSWORD", "value-at-import")
    read = _import(tmp_path, "read_at_import", WAREHOUSE.format(value='os.getenv("WAREHOUSE_PASSWORD")'))
    deferred = _import(tmp_path, "deferred", WAREHOUSE.format(value='dg.EnvVar("WAREHOUSE_PASSWORD")'))

    # The UI's resource page (the snapshot the code server sends) holds the value itself.
    assert _resource_config_shown_in_the_ui(dg, read.defs) == '"value-at-import"'
    assert _resource_config_shown_in_the_ui(dg, deferred.defs) == ResourceConfigEnvVarSnap(name="WAREHOUSE_PASSWORD")

    # The secret changes after the code server imported the module (a rotation).
    monkeypatch.setenv("WAREHOUSE_PASSWORD", "value-at-run")
    instance = dg.DagsterInstance.ephemeral()
    for module in (read, deferred):
        job = module.defs.resolve_implicit_global_asset_job_def()
        result = job.execute_in_process(instance=instance)
        snapshot = serialize_value(instance.get_job_snapshot(result.dagster_run.job_snapshot_id))
        module.stored = "value-at-import" in snapshot
    assert read.seen == {"password": "value-at-import"}
    assert deferred.seen == {"password": "value-at-run"}
    # Every run stores the job snapshot, with the resource's config defaults in it.
    assert (read.stored, deferred.stored) == (True, False)


def test_a_field_marked_secret_is_still_sent_and_stored(tmp_path, monkeypatch):
    """Dagster 1.13 masks a field marked ``dagster__is_secret`` in the UI, but the code
    server still sends its value, and the run's job snapshot still holds it."""
    dg = pytest.importorskip("dagster")
    from dagster._serdes import serialize_value

    monkeypatch.setenv("WAREHOUSE_PASSWORD", "value-at-import")
    source = WAREHOUSE.replace(
        "password: str", 'password: str = Field(json_schema_extra={{"dagster__is_secret": True}})'
    ).replace("import os", "import os\nfrom pydantic import Field")
    module = _import(tmp_path, "marked_secret", source.format(value='os.getenv("WAREHOUSE_PASSWORD")'))
    assert _resource_config_shown_in_the_ui(dg, module.defs) == '"value-at-import"'
    instance = dg.DagsterInstance.ephemeral()
    result = module.defs.resolve_implicit_global_asset_job_def().execute_in_process(instance=instance)
    assert "value-at-import" in serialize_value(instance.get_job_snapshot(result.dagster_run.job_snapshot_id))


def test_code_location_needs_the_secret_only_when_read_at_import(tmp_path, monkeypatch):
    dg = pytest.importorskip("dagster")
    import pydantic

    monkeypatch.delenv("WAREHOUSE_PASSWORD", raising=False)
    with pytest.raises(pydantic.ValidationError):
        _import(tmp_path, "getenv_unset", WAREHOUSE.format(value='os.getenv("WAREHOUSE_PASSWORD")'))
    with pytest.raises(KeyError):
        _import(tmp_path, "environ_unset", WAREHOUSE.format(value='os.environ["WAREHOUSE_PASSWORD"]'))
    deferred = _import(tmp_path, "envvar_unset", WAREHOUSE.format(value='dg.EnvVar("WAREHOUSE_PASSWORD")'))
    dg.Definitions.validate_loadable(deferred.defs)


def test_envvar_default_of_a_resource_field_is_resolved_per_run(tmp_path, monkeypatch):
    """The fix for a field's default: ``password: str = dg.EnvVar("NAME")``."""
    dg = pytest.importorskip("dagster")
    from dagster._core.remote_representation.external_data import ResourceConfigEnvVarSnap

    monkeypatch.delenv("WAREHOUSE_PASSWORD", raising=False)
    source = WAREHOUSE.replace("password: str", 'password: str = dg.EnvVar("WAREHOUSE_PASSWORD")')
    module = _import(tmp_path, "field_default", source.format(value="dg.EnvVar('WAREHOUSE_PASSWORD')").replace(
        "Warehouse(password=dg.EnvVar('WAREHOUSE_PASSWORD'))", "Warehouse()"))
    assert _resource_config_shown_in_the_ui(dg, module.defs) == ResourceConfigEnvVarSnap(name="WAREHOUSE_PASSWORD")
    monkeypatch.setenv("WAREHOUSE_PASSWORD", "value-at-run")
    assert module.defs.resolve_implicit_global_asset_job_def().execute_in_process().success
    assert module.seen == {"password": "value-at-run"}


def test_dagster_reads_a_variable_named_after_the_value_given_to_envvar(tmp_path, monkeypatch):
    """What envvar-of-a-value says: the run fails, and the error and the UI show the value."""
    dg = pytest.importorskip("dagster")
    from dagster._core.remote_representation.external_data import ResourceConfigEnvVarSnap

    monkeypatch.setenv("WAREHOUSE_PASSWORD", "stand-in-value")
    module = _import(
        tmp_path, "envvar_of_value", WAREHOUSE.format(value='dg.EnvVar(os.getenv("WAREHOUSE_PASSWORD"))')
    )
    dg.Definitions.validate_loadable(module.defs)
    assert _resource_config_shown_in_the_ui(dg, module.defs) == ResourceConfigEnvVarSnap(name="stand-in-value")
    with pytest.raises(dg.DagsterInvalidConfigError) as raised:
        module.defs.resolve_implicit_global_asset_job_def().execute_in_process()
    assert 'the environment variable "stand-in-value" which is not set' in str(raised.value)

    monkeypatch.delenv("WAREHOUSE_PASSWORD")
    unset = _import(
        tmp_path, "envvar_of_unset", WAREHOUSE.format(value='dg.EnvVar(os.getenv("WAREHOUSE_PASSWORD"))')
    )
    assert _resource_config_shown_in_the_ui(dg, unset.defs) == ResourceConfigEnvVarSnap(name="None")
