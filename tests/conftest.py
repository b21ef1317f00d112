"""Real services, started once per test session (Scrapy's and datasette's way).

Elasticsearch: ``ES_URL`` when set (a cluster of your own), otherwise the embedded node on
``LANGNGHE_TEST_ES_PORT`` (default 9250, beside `make run`'s 9200), stopped at the end if
this session started it. Every test gets its own index prefix and cleans up after itself.
"""
from __future__ import annotations

import os
import uuid

import pytest

from core.settings import Settings


@pytest.fixture(scope="session")
def es_url() -> str:
    if os.environ.get("ES_URL"):
        os.environ["LANGNGHE_TEST_ES_EXTERNAL"] = "1"
        yield os.environ["ES_URL"]
        return
    from services.elasticsearch import EmbeddedElasticsearch

    port = int(os.environ.get("LANGNGHE_TEST_ES_PORT", "9250"))
    node = EmbeddedElasticsearch(Settings(es_url=None), port=port)
    already = node.status().running
    node.start(progress=lambda message: print(message))
    os.environ["ES_URL"] = node.url
    yield node.url
    os.environ.pop("ES_URL", None)
    if not already and not os.environ.get("LANGNGHE_TEST_KEEP_ES"):
        node.stop()


@pytest.fixture
def settings(es_url, tmp_path) -> Settings:
    """Settings for one test: its own index prefix and data folder."""
    prefix = f"test-{uuid.uuid4().hex[:10]}"
    yield Settings(es_url=es_url, index_prefix=prefix, data_dir=tmp_path / "var")
    from store.client import make_client

    client = make_client(Settings(es_url=es_url))
    names = list(client.options(ignore_status=404).indices.get(index=f"{prefix}-*", expand_wildcards="all").body)
    if names:  # destructive_requires_name: wildcards may not be deleted, names may
        client.indices.delete(index=",".join(n for n in names if n.startswith(prefix)))
    client.options(ignore_status=404).indices.delete_index_template(name=f"{prefix}-posts")


@pytest.fixture
def es(settings):
    from store.client import make_client

    return make_client(settings)
