"""Document identity, decided once: the source's own id, or a hash of the canonical URL."""
from __future__ import annotations

import hashlib

from w3lib.url import canonicalize_url

_TRACKING_PREFIXES = ("utm_", "fbclid", "gclid")


def canonical_url(url: str) -> str:
    """Canonical form of a URL: sorted query, no fragment, no tracking parameters."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(_TRACKING_PREFIXES)]
    cleaned = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/",
                          urlencode(query), ""))
    return canonicalize_url(cleaned)


def post_id(source: str, source_id: str | None = None, url: str | None = None) -> str:
    """The one id of a document: ``<source>:<source id>`` or ``<source>:u<sha1 of canonical URL>``."""
    if not source:
        raise ValueError("a document id needs its source name")
    if source_id:
        return f"{source}:{source_id}"
    if url:
        digest = hashlib.sha1(canonical_url(url).encode("utf-8")).hexdigest()[:24]
        return f"{source}:u{digest}"
    raise ValueError(f"a {source} document needs its source id or its URL to get an id")
