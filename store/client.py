"""The one way to build an Elasticsearch client from settings."""
from __future__ import annotations

from elasticsearch import Elasticsearch
from elasticsearch import exceptions as es_exceptions

from core.errors import ElasticsearchUnavailable
from core.settings import Settings, get_settings


def client_options(settings: Settings) -> dict:
    """Timeouts, retries and credentials for a client of ``settings.es_endpoint`` (sync or async)."""
    options: dict = {"request_timeout": 30, "max_retries": 3, "retry_on_timeout": True}
    if settings.es_api_key:
        options["api_key"] = settings.es_api_key
    elif settings.es_user:
        options["basic_auth"] = (settings.es_user, settings.es_password or "")
    if settings.es_ca_file:
        options["ca_certs"] = str(settings.es_ca_file)
    return options


def make_client(settings: Settings | None = None) -> Elasticsearch:
    settings = settings or get_settings()
    return Elasticsearch(settings.es_endpoint, **client_options(settings))


def check_available(client: Elasticsearch) -> str:
    """Cluster health, or a clear error. (``client.info()`` / ``GET /`` is absent on the embedded node.)"""
    try:
        return client.cluster.health(timeout="5s")["status"]
    except (es_exceptions.ConnectionError, es_exceptions.ConnectionTimeout) as exc:
        raise ElasticsearchUnavailable(f"Elasticsearch is not reachable at {_url(client)}.") from exc
    except es_exceptions.AuthenticationException as exc:
        raise ElasticsearchUnavailable(f"Elasticsearch at {_url(client)} rejected the credentials.",
                                       "Check ES_USER/ES_PASSWORD or ES_API_KEY.") from exc


def _url(client: Elasticsearch) -> str:
    node = client.transport.node_pool.get()
    return node.base_url
