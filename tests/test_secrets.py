"""Edge cases and near misses of hardcoded-credential and orchestrator-secret-lookup.

Values shaped like real keys are assembled here at run time, so that no complete key-shaped
literal sits in the repository for secret scanners to trip over.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from linting import PLUGIN_ARGS, Finding, lint, lint_source
from pylint.lint import Run

# Made-up values with the shapes of real keys: random-looking bodies, no 'test'/'example'.
AWS_KEY_ID = "AKIA" + "Q7ZK3M2XW9RTB4LP"
GITHUB_TOKEN = "ghp_" + "R8x2Kq9ZLm4Tn7Vw1Pb6Jc3Hd5Fg0YsEaUiO"
SLACK_TOKEN = "xoxb-" + "7391046285-5820461937264-Qm8ZkR2xVt7LwP4nHs9JcB3d"
STRIPE_KEY = "sk_live_" + "51Hq8ZkR2xVt7LwP4nHs9JcB3dMe6Ya"
JWT = "eyJhbGciOiJIUzI1NiJ9" + ".eyJzdWIiOiJldGwtbG9hZGVyIiwicm9sZSI6IndyaXRlciJ9" + ".Qm8ZkR2xVt7LwP4nHs9JcB3dMe6YaG1u"
PRIVATE_KEY = (
    "-----BEGIN RSA " + "PRIVATE KEY-----\n"
    + "MIIEowIBAAKCAQEAq8ZkR2xVt7LwP4nHs9JcB3dMe6YaG1uQ0vTr5Wp/Lf+NbXo2Kj7Ds4Gh9Ci3Ea6Fm1Ul8Sy\n" * 3
    + "-----END RSA PRIVATE KEY-----"
)
BEARER = "Bearer " + "Qm8ZkR2xVt7LwP4nHs9JcB3dMe6Ya"
PASSWORD = "Wh-2023!blue"
URL_PASSWORD = "Pg7-Lo4d3r"
LEAK = "a credential in the code is committed with it and shared by every environment."

#: A module's import of Dagster, and the prefix the fixes then write Dagster names with.
IMPORT_STYLES = [
    pytest.param("from dagster import ConfigurableResource, asset", "", id="from-dagster-import"),
    pytest.param("import dagster", "dagster.", id="import-dagster"),
]


def _positions(findings):
    return [(f.symbol, f.line, f.column, f.end_line, f.end_column) for f in findings]


def _lint(tmp_path, source, *extra_args, name="pipeline.py"):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return lint([path], *extra_args)


# hardcoded-credential ----------------------------------------------------------------------


def test_credential_names_in_every_style_and_position(tmp_path):
    source = f"""
    import dagster as dg

    DB_PASSWORD = "{PASSWORD}"
    dbPassword = "{PASSWORD}"
    PGPASSWORD = "{PASSWORD}"
    settings = {{"client_secret": "Zx9-qW8e-rT7y"}}

    class Warehouse(dg.ConfigurableResource):
        password: str = "{PASSWORD}"

    def connect(user, *, api_key="9b1f3c7e5a2d4f60"):
        user, pwd = "etl", "{PASSWORD}"
        return dict(user=user, token="Qm8ZkR2xVt7LwP4n")
    """
    findings = _lint(tmp_path, source)
    assert _positions(findings) == [
        ("hardcoded-credential", 4, 14, 4, 28),
        ("hardcoded-credential", 5, 13, 5, 27),
        ("hardcoded-credential", 6, 13, 6, 27),
        ("hardcoded-credential", 7, 29, 7, 44),
        ("hardcoded-credential", 10, 20, 10, 34),
        ("hardcoded-credential", 12, 29, 12, 47),
        ("hardcoded-credential", 13, 23, 13, 37),
        ("hardcoded-credential", 14, 33, 14, 51),
    ]
    messages = [f.msg for f in findings]
    assert messages[0].startswith("Password literal assigned to 'DB_PASSWORD'")
    assert 'dg.EnvVar("DB_PASSWORD")' in messages[1]
    assert messages[3].startswith("Secret literal stored under 'client_secret'")
    assert "Remove the default" in messages[4] and 'dg.EnvVar("WAREHOUSE_PASSWORD")' in messages[4]
    assert messages[5].startswith("API key literal as the default of parameter 'api_key'")
    assert messages[7].startswith("Token literal passed as token= to 'dict'")


def test_resource_argument_message_suggests_envvar_in_place(tmp_path):
    source = f"""
    import dagster as dg
    from dagster_snowflake import SnowflakeResource

    defs = dg.Definitions(
        resources={{"snowflake": SnowflakeResource(account="acme-eu1", user="LOADER", password="{PASSWORD}")}}
    )
    """
    [finding] = _lint(tmp_path, source)
    assert finding.msg == (
        "Password literal passed as password= to 'SnowflakeResource': a credential in the code "
        "is committed with it and shared by every environment. Pass "
        'dg.EnvVar("SNOWFLAKE_PASSWORD") instead, so each environment sets SNOWFLAKE_PASSWORD'
    )


@pytest.mark.parametrize(("imports", "dg"), IMPORT_STYLES)
def test_fix_writes_dagster_names_as_the_module_imports_them(tmp_path, imports, dg):
    source = f"""
    {imports}

    DB_PASSWORD = "{PASSWORD}"

    class Warehouse({dg}ConfigurableResource):
        password: str = "{PASSWORD}"

    warehouse = Warehouse(password="{PASSWORD}")
    """
    assert _lint(tmp_path, source) == [
        Finding(
            4, 14, 4, 28, "hardcoded-credential", "",
            f"Password literal assigned to 'DB_PASSWORD': {LEAK} Make it a field of a "
            f'{dg}ConfigurableResource and set that field in Definitions(resources=...) with '
            f'{dg}EnvVar("DB_PASSWORD")',
        ),
        Finding(
            7, 20, 7, 34, "hardcoded-credential", "Warehouse",
            f"Password literal as the default of field 'password' of 'Warehouse': {LEAK} Remove "
            "the default and set the field per environment in Definitions(resources=...) with "
            f'{dg}EnvVar("WAREHOUSE_PASSWORD")',
        ),
        Finding(
            9, 31, 9, 45, "hardcoded-credential", "",
            f"Password literal passed as password= to 'Warehouse': {LEAK} Pass "
            f'{dg}EnvVar("WAREHOUSE_PASSWORD") instead, so each environment sets '
            "WAREHOUSE_PASSWORD",
        ),
    ]


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (AWS_KEY_ID, "AWS access key ID"),
        (GITHUB_TOKEN, "GitHub token"),
        (SLACK_TOKEN, "Slack token"),
        (STRIPE_KEY, "Stripe live key"),
        (JWT, "JWT"),
        (BEARER, "Bearer token"),
    ],
)
def test_well_known_key_shapes_under_any_name(tmp_path, value, kind):
    source = f"""
    import dagster as dg

    @dg.asset
    def upload() -> None:
        client = object()
        client.configure(setting="{value}")
    """
    [finding] = _lint(tmp_path, source)
    assert (finding.line, finding.column, finding.end_column) == (7, 29, 31 + len(value))
    assert finding.msg.startswith(f"{kind} passed as setting= to 'configure'")


def test_private_key_block(tmp_path):
    source = f"""
    import dagster as dg

    SIGNING = {PRIVATE_KEY!r}
    """
    [finding] = _lint(tmp_path, source)
    assert finding.msg.startswith("Private key assigned to 'SIGNING'")
    assert 'dg.EnvVar("PRIVATE_KEY")' in finding.msg


def test_connection_urls_and_strings(tmp_path):
    source = f"""
    import os
    import dagster as dg
    from sqlalchemy import create_engine

    WAREHOUSE_URL = "postgresql://etl:{URL_PASSWORD}@db.internal:5432/dwh"
    engine = create_engine(f"mysql+pymysql://etl:{URL_PASSWORD}@{{os.environ['DB_HOST']}}/dwh")
    ODBC = "Driver={{ODBC Driver 18}};Server=db;UID=etl;PWD={URL_PASSWORD};"
    """
    findings = _lint(tmp_path, source)
    assert _positions(findings) == [
        ("hardcoded-credential", 6, 16, 6, 66),
        ("hardcoded-credential", 7, 23, 7, 84),
        ("hardcoded-credential", 8, 7, 8, 66),
    ]
    assert findings[0].msg.startswith("Connection URL with an embedded password assigned to 'WAREHOUSE_URL'")
    assert 'dg.EnvVar("WAREHOUSE_URL")' in findings[0].msg
    assert findings[1].msg.startswith("Connection URL with an embedded password passed to 'create_engine'")
    assert findings[2].msg.startswith("Connection string with an embedded password assigned to 'ODBC'")


NEAR_MISSES = """
import os
import dagster as dg
import requests

TOKEN_URL = "https://login.internal/oauth2/token"
token_url = "https://login.internal/oauth2/token"
password_field = "password"
auth_method = "oauth"
AUTH = "oauth"
secret_name = "prod/warehouse/password"
SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:warehouse"
PASSWORD_ENV = "WAREHOUSE_PASSWORD"
DB_PASSWORD = "DB_PASSWORD"
api_key = "CRM_API_KEY"
password = ""
SMTP_PASSWORD = "***"
API_TOKEN = "<your-token>"
DB_PASS = "${DB_PASSWORD}"
TEMPLATE_PASSWORD = "{password}"
sql_password = "%(password)s"
credentials = "service_account.json"
private_key = "~/.ssh/id_rsa"
token = "Bearer"
token_type = "bearer"
secret = "prod-db-password"
password_hash = "pbkdf2:sha256:260000$abc$def"
passwordless = "enabled"
bypass = "allow-list-2024"
keys = "orders"
key = "orders_2024_v2"
user = "etl_loader"
host = "warehouse.internal"
EXAMPLE_URL = "postgresql://user:password@localhost/db"
TEMPLATE_URL = "postgresql://{user}:{password}@{host}/db"
DOCS_URL = "postgresql://scott:tiger@localhost/test"
NO_PASSWORD_URL = "postgresql://etl@warehouse.internal/dwh"
QUERY = "select * from users where password = %s and name = 'x'"
UPDATE = "update users set password = :password where id = :id"
SENTENCE_SECRET = "use the secret from the vault"
STAND_INS = {"password": "test_pass", "token": "token123", "secret": "changeme", "pwd": "123456"}
FAKE_SLACK = "xoxp-1234123412341234-12341234-1234"
FAKE_HOOK = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"
FAKE_AWS = "AKIAIOSFODNN7EXAMPLE"
FAKE_GITHUB = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
PLACEHOLDER_URL = "twilio://account_sid:auth_token@from_number"
ODBC_DSN = "WarehouseProd2"
settings[key] = "Wh-2023!blue"


def connect(password: "SecretStr" = None):
    pass


def fetch(password_prompt: str = "Password: ", *, token_budget: int = 1000):
    \"\"\"Ask for the password; the token budget is not a token.\"\"\"
    "A bare string that mentions password = hunter2 is a comment."
    return os.getenv("DB_PASSWORD", ""), os.environ.get("API_TOKEN", "changeme"), os.getenv("LOG_LEVEL", "debug-all")


class Warehouse(dg.ConfigurableResource):
    password: str
    token: str = ""
    auth: str = "basic"


@dg.asset
def orders(warehouse: Warehouse) -> None:
    requests.get("https://api.internal", headers={"Authorization": f"Bearer {warehouse.token}"})
    requests.get("https://api.internal", auth=("etl", warehouse.password))


defs = dg.Definitions(
    assets=[orders],
    resources={"warehouse": Warehouse(password=dg.EnvVar("DB_PASSWORD"), token=dg.EnvVar("API_TOKEN"))},
)
"""


def test_credentials_in_attributes_annotated_dicts_later_defaults_and_unnamed_places(tmp_path):
    source = f"""
    import dagster as dg

    SNOWFLAKE: dict[str, str] = {{"password": "{PASSWORD}"}}

    class Loader:
        def __init__(self):
            self.password = "{PASSWORD}"

    def connect(user, host="db", password="{PASSWORD}", *, timeout=5, token="Qm8ZkR2xVt7LwP4n"):
        return make_client()("{GITHUB_TOKEN}")

    settings[key] = "{GITHUB_TOKEN}"
    """
    fix = (
        "Make it a field of a dg.ConfigurableResource and set that field in "
        "Definitions(resources=...) with dg.EnvVar"
    )
    assert _lint(tmp_path, source) == [
        Finding(
            4, 41, 4, 55, "hardcoded-credential", "",
            f"Password literal stored under 'password': {LEAK} {fix}(\"SNOWFLAKE_PASSWORD\")",
        ),
        Finding(
            8, 24, 8, 38, "hardcoded-credential", "Loader.__init__",
            f"Password literal assigned to 'password': {LEAK} {fix}(\"PASSWORD\")",
        ),
        Finding(
            10, 38, 10, 52, "hardcoded-credential", "connect",
            f"Password literal as the default of parameter 'password': {LEAK} {fix}(\"PASSWORD\")",
        ),
        Finding(
            10, 74, 10, 92, "hardcoded-credential", "connect",
            f"Token literal as the default of parameter 'token': {LEAK} {fix}(\"TOKEN\")",
        ),
        Finding(
            11, 25, 11, 67, "hardcoded-credential", "connect",
            f"GitHub token: {LEAK} {fix}(\"GITHUB_TOKEN\")",
        ),
        Finding(
            13, 16, 13, 58, "hardcoded-credential", "",
            f"GitHub token: {LEAK} {fix}(\"GITHUB_TOKEN\")",
        ),
    ]


def test_near_misses_are_silent(tmp_path):
    assert lint_source(tmp_path, NEAR_MISSES) == []


def test_module_without_dagster_imports_gets_nothing(tmp_path):
    source = f'DB_PASSWORD = "{PASSWORD}"\nTOKEN = "{GITHUB_TOKEN}"\n'
    assert lint_source(tmp_path, source) == []


def test_tests_may_use_stand_in_credentials_but_not_real_keys(tmp_path):
    source = f"""
    import dagster as dg

    def test_warehouse():
        resource = dg.ConfigurableResource
        assert resource(password="{PASSWORD}", url="postgresql://u:{URL_PASSWORD}@db/x")
        assert resource(token="{GITHUB_TOKEN}")
    """
    findings = _lint(tmp_path, source, name="tests/test_warehouse.py")
    assert [(f.line, f.msg.split(" passed")[0]) for f in findings] == [(7, "GitHub token")]


def test_options_add_names_ignore_names_and_allow_values(tmp_path):
    source = f"""
    import dagster as dg

    sf_pw = "{PASSWORD}"
    csrf_token = "Zx9-qW8e-rT7y"
    DB_PASSWORD = "local-dev-pw1"
    LOCAL_URL = "postgresql://etl:local-dev-pw1@localhost/dwh"
    """
    assert [f.line for f in _lint(tmp_path, source)] == [5, 6, 7]
    findings = _lint(
        tmp_path,
        source,
        "--dagster-credential-names=sf_pw,other_.*",
        "--dagster-ignored-credential-names=csrf_.*",
        "--dagster-allowed-credential-values=local-dev-pw1,unused",
    )
    assert _positions(findings) == [("hardcoded-credential", 4, 8, 4, 22)]
    assert findings[0].msg.startswith("Secret literal assigned to 'sf_pw'")


SECRETS = {
    "password": PASSWORD,
    "url password": URL_PASSWORD,
    "aws": AWS_KEY_ID[4:],
    "github": GITHUB_TOKEN[4:],
    "slack": SLACK_TOKEN[5:],
    "stripe": STRIPE_KEY[8:],
    "jwt": JWT.rsplit(".", 1)[1],
    "private key": PRIVATE_KEY.splitlines()[1],
    "bearer": BEARER[7:],
    "api key": "9b1f3c7e5a2d4f60",
}


def _full_of_secrets() -> str:
    return textwrap.dedent(
        f"""
        import dagster as dg
        from airflow.models import Variable

        DB_PASSWORD = "{PASSWORD}"
        DB_URL = "postgresql://etl:{URL_PASSWORD}@db/x"
        AWS = "{AWS_KEY_ID}"
        HEADERS = {{"Authorization": "{BEARER}", "X-Api-Key": "9b1f3c7e5a2d4f60"}}
        SIGNING = {PRIVATE_KEY!r}

        @dg.asset
        def orders() -> None:
            Variable.get("gh", default_var="{GITHUB_TOKEN}")
            Variable.set("slack", "{SLACK_TOKEN}")
            print(dict(stripe_key="{STRIPE_KEY}", token="{JWT}"))
        """
    )


def _fragments(secret: str, length: int = 5):
    return {secret[i : i + length] for i in range(len(secret) - length + 1)}


@pytest.mark.parametrize(
    "output_format", ["text", "parseable", "colorized", "json", "json2", "msvs", "github"]
)
def test_no_output_format_repeats_any_part_of_a_secret(tmp_path, output_format):
    source = tmp_path / "pipeline.py"
    source.write_text(_full_of_secrets(), encoding="utf-8")
    report = tmp_path / f"report.{output_format}"
    Run(
        [*PLUGIN_ARGS, f"--output-format={output_format}", f"--output={report}", str(source)],
        exit=False,
    )
    output = report.read_text(encoding="utf-8")
    assert output.count("hardcoded-credential") >= 9 or output.count("W7310") >= 9
    assert "orchestrator-secret-lookup" in output or "W7311" in output
    for name, secret in SECRETS.items():
        leaked = sorted(fragment for fragment in _fragments(secret) if fragment in output)
        assert not leaked, f"{output_format} output repeats part of the {name}"


# orchestrator-secret-lookup ----------------------------------------------------------------


def test_lookups_resolved_through_imports(tmp_path):
    source = """
    import dagster as dg
    import airflow.models as af_models
    from airflow.models.connection import Connection
    from airflow.sdk import Variable as SdkVariable
    from prefect.blocks.core import Block
    from prefect.variables import Variable as PrefectVariable

    class WarehouseBlock(Block):
        url: str

    class ReportingBlock(WarehouseBlock):
        pass

    @dg.asset
    async def orders() -> None:
        af_models.Variable.get("bucket")
        Connection.get_connection_from_secrets("warehouse")
        SdkVariable.get("bucket")
        await PrefectVariable.get("bucket")
        await ReportingBlock.aload("reporting")
    """
    findings = _lint(tmp_path, source)
    assert _positions(findings) == [
        ("orchestrator-secret-lookup", 17, 4, 17, 36),
        ("orchestrator-secret-lookup", 18, 4, 18, 55),
        ("orchestrator-secret-lookup", 19, 4, 19, 29),
        ("orchestrator-secret-lookup", 20, 10, 20, 39),
        ("orchestrator-secret-lookup", 21, 10, 21, 43),
    ]
    assert findings[1].msg.startswith(
        "'Connection.get_connection_from_secrets(\"warehouse\")' reads an Airflow Connection"
    )
    assert findings[3].msg.startswith("'PrefectVariable.get(\"bucket\")' reads a Prefect Variable")
    assert findings[4].msg.startswith("'ReportingBlock.aload(\"reporting\")' reads a Prefect ReportingBlock block")


def test_lookup_message_never_shows_other_arguments(tmp_path):
    source = f"""
    import dagster as dg
    from airflow.models import Variable

    TOKEN = Variable.get("crm_token", default_var=dg.EnvVar("X") or "{PASSWORD}")
    """
    [finding] = [f for f in _lint(tmp_path, source) if f.symbol == "orchestrator-secret-lookup"]
    assert finding.msg.startswith("'Variable.get(\"crm_token\", ...)' reads an Airflow Variable")
    assert 'dg.EnvVar("CRM_TOKEN")' in finding.msg
    assert PASSWORD not in finding.msg


def test_lookup_near_misses(tmp_path):
    source = """
    import json
    import dagster as dg
    import yaml
    from airflow.providers.postgres.hooks.postgres import PostgresHook
    from my_project.settings import Variable, Secret

    # Built outside any asset or op: a helper shared with Airflow DAGs, not reported.
    def legacy_hook():
        return PostgresHook(postgres_conn_id="warehouse")

    class Settings(dict):
        pass

    @dg.asset
    def orders(context: dg.AssetExecutionContext) -> dict:
        config = Settings(bucket="x")
        data = json.load(open("x.json")) | yaml.load(open("x.yaml"), Loader=yaml.SafeLoader)
        return {
            "bucket": config.get("bucket"),
            "own": Variable.get("bucket"),
            "secret": Secret.load("x"),
            "run": context.run.tags.get("conn_id"),
            **data,
        }

    defs = dg.Definitions(assets=[orders])
    """
    assert _lint(tmp_path, source) == []


@pytest.mark.parametrize(("imports", "dg"), IMPORT_STYLES)
def test_lookup_fix_writes_dagster_names_as_the_module_imports_them(tmp_path, imports, dg):
    source = f"""
    {imports}
    from airflow.models import Variable

    @{dg}asset
    def orders():
        return Variable.get("s3_bucket")
    """
    assert _lint(tmp_path, source) == [
        Finding(
            7, 11, 7, 36, "orchestrator-secret-lookup", "orders",
            "'Variable.get(\"s3_bucket\")' reads an Airflow Variable, which a Dagster deployment "
            f"does not have. Read a plain setting from run configuration (a {dg}Config subclass "
            f"taken as the 'config' parameter); read a secret from a {dg}ConfigurableResource "
            f'field set with {dg}EnvVar("S3_BUCKET") in Definitions(resources=...)',
        ),
    ]


RUN_CONFIG_FIX = (
    "Read a plain setting from run configuration (a dg.Config subclass taken as the 'config' "
    "parameter); read a secret from a dg.ConfigurableResource field set with "
)
STATE_FIX = (
    "Keep what later runs need in an asset (its stored value or metadata) or, for a sensor, in "
    "its cursor"
)
NOT_IN_DAGSTER = "which a Dagster deployment does not have."


def test_lookups_of_names_not_written_out_and_writes_of_variables(tmp_path):
    source = """
    import dagster as dg
    from airflow.models import Variable
    from prefect.variables import Variable as PrefectVariable

    @dg.asset
    def orders(name, kwargs):
        Variable.get(name)
        Variable.get(**kwargs)
        Variable.get("a_very_long_variable_name_that_goes_on_and_on")
        Variable.set("last_run", "2024-01-01")
        PrefectVariable.set("last_run", "2024-01-01")
    """
    long_name = "A_VERY_LONG_VARIABLE_NAME_THAT_GOES_ON_AND_ON"
    assert _lint(tmp_path, source) == [
        Finding(
            8, 4, 8, 22, "orchestrator-secret-lookup", "orders",
            f"'Variable.get(...)' reads an Airflow Variable, {NOT_IN_DAGSTER} {RUN_CONFIG_FIX}"
            'dg.EnvVar("NAME") in Definitions(resources=...)',
        ),
        Finding(
            9, 4, 9, 26, "orchestrator-secret-lookup", "orders",
            f"'Variable.get(...)' reads an Airflow Variable, {NOT_IN_DAGSTER} {RUN_CONFIG_FIX}"
            'dg.EnvVar("NAME") in Definitions(resources=...)',
        ),
        Finding(
            10, 4, 10, 65, "orchestrator-secret-lookup", "orders",
            f"'Variable.get(...)' reads an Airflow Variable, {NOT_IN_DAGSTER} {RUN_CONFIG_FIX}"
            f'dg.EnvVar("{long_name}") in Definitions(resources=...)',
        ),
        Finding(
            11, 4, 11, 42, "orchestrator-secret-lookup", "orders",
            f"'Variable.set(\"last_run\", ...)' writes an Airflow Variable, {NOT_IN_DAGSTER} "
            f"{STATE_FIX}",
        ),
        Finding(
            12, 4, 12, 49, "orchestrator-secret-lookup", "orders",
            f"'PrefectVariable.set(\"last_run\", ...)' writes a Prefect Variable, {NOT_IN_DAGSTER} "
            f"{STATE_FIX}",
        ),
    ]


def test_loads_and_connection_ids_outside_airflow_and_prefect_are_not_lookups(tmp_path):
    source = """
    import dagster as dg
    from airflow.configuration import conf
    from pydantic import BaseModel
    from my_project.clients import ApiClient

    class Settings(BaseModel):
        bucket: str

    class Chained(Settings):
        pass

    class Built(make_base()):
        pass

    Base = make_base()

    class Derived(Base):
        pass

    @dg.asset
    def orders():
        ApiClient(api_conn_id="crm")
        conf.get("core", "dags_folder")
        Settings.load("x")
        Chained.load("x")
        Built.load("x")
        Derived.load("x")
    """
    assert _lint(tmp_path, source) == []


def test_airflow_side_of_airlift_is_not_reported(tmp_path):
    source = """
    from airflow.hooks.base import BaseHook
    from airflow.models import Variable
    from dagster_airlift.in_airflow import proxying_to_dagster

    BUCKET = Variable.get("bucket")
    CONNECTION = BaseHook.get_connection("warehouse")
    proxying_to_dagster(global_vars=globals(), proxied_state=None)
    """
    assert [f for f in _lint(tmp_path, source) if f.symbol == "orchestrator-secret-lookup"] == []


def test_fixture_files_hold_no_key_shaped_literals():
    """Key shapes live only in this module, assembled at run time (see the docstring)."""
    root = Path(__file__).resolve().parent.parent / "fixtures"
    for path in [*root.glob("hardcoded-credential/*.py"), *root.glob("orchestrator-secret-lookup/*.py")]:
        text = path.read_text(encoding="utf-8")
        for prefix in ("AKIA", "ghp_", "xoxb-", "sk_live_", "PRIVATE KEY-----", "eyJ"):
            assert prefix not in text, (path.name, prefix)
