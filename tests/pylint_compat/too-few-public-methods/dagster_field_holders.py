"""Resources and translators that hold fields or override one method: they inherit Dagster's
interface, which astroid does not see."""

import dagster as dg
from dagster import ConfigurableResource
from dagster_acme import AcmeTranslator  # not installed here


class ApiResource(ConfigurableResource):  # [too-few-public-methods]
    """Only fields."""

    token: str = "x"
    timeout: int = 10


class BaseResource(dg.ConfigurableResource):  # [too-few-public-methods]
    """The project's base resource."""

    region: str = "eu"


class WarehouseResource(BaseResource):  # [too-few-public-methods]
    """Derived from the project's base resource."""

    database: str = "analytics"


class GroupTranslator(AcmeTranslator):  # [too-few-public-methods]
    """Overrides one method of an integration's translator (a ``dagster_*`` package that is
    not installed here, as integrations often are not where pylint runs)."""

    def get_group_name(self, props):
        """Every table in one group."""
        return "acme"
