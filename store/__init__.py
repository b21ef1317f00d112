"""Elasticsearch: the client, idempotent setup, the bulk writer and every read (queries)."""
