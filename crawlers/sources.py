"""The source config (``config/sources.yaml``), validated once: a bad file fails with a ConfigError
that names the file and the field, before any crawl starts."""
from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from core.errors import ConfigError
from core.settings import ROOT

SOURCES_FILE = ROOT / "config" / "sources.yaml"
DEMO_PLACEHOLDER = "${DEMO_SERVER}"
Profile = Literal["demo", "live"]
_HINT = "Fix config/sources.yaml (its header comment explains each key) and run again."


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) URL: {value!r}")
    return value


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BaseUrls(_Frozen):
    """Where a news site's pages and its comment API live."""

    site: str
    comment_api: str

    @field_validator("site", "comment_api")
    @classmethod
    def _url_or_placeholder(cls, value: str) -> str:
        return value if value == DEMO_PLACEHOLDER else _http_url(value).rstrip("/")

    def pairs(self) -> list[tuple[str, str]]:
        return [("comment_api", self.comment_api), ("site", self.site)]


class CommentRefresh(BaseModel):
    """A known article whose comments are (re-)collected without fetching its page.
    Keys other than ``article_id`` and ``url`` are the comment API's own parameters."""

    model_config = ConfigDict(extra="allow", frozen=True, coerce_numbers_to_str=True)

    article_id: str = Field(pattern=r"^\w+$")
    url: str | None = None

    @property
    def params(self) -> dict[str, str]:
        return {key: str(value) for key, value in (self.model_extra or {}).items()}


class ProfileConfig(_Frozen):
    base_urls: BaseUrls
    feeds: list[str] = Field(default_factory=list)
    articles: list[str] = Field(default_factory=list)
    comment_refresh: list[CommentRefresh] = Field(default_factory=list)

    @field_validator("feeds", "articles")
    @classmethod
    def _urls(cls, values: list[str]) -> list[str]:
        return [_http_url(v) for v in values]


class SourceConfig(_Frozen):
    spider: str = Field(min_length=1)
    language: str = "vi"
    public_urls: BaseUrls
    profiles: dict[Profile, ProfileConfig]

    @field_validator("public_urls")
    @classmethod
    def _real_hosts(cls, urls: BaseUrls) -> BaseUrls:
        if DEMO_PLACEHOLDER in (urls.site, urls.comment_api):
            raise ValueError("public_urls must be the real hosts; only a profile's base_urls may use the demo server")
        return urls


class SourcesFile(_Frozen):
    sources: dict[str, SourceConfig] = Field(min_length=1)

    @field_validator("sources")
    @classmethod
    def _names(cls, sources: dict[str, SourceConfig]) -> dict[str, SourceConfig]:
        bad = [name for name in sources if not name.isidentifier() or name != name.lower()]
        if bad:
            raise ValueError(f"source names must be lower-case identifiers, got {bad}")
        return sources


class SourcePlan(_Frozen):
    """One source under one profile with its base URLs resolved: what a spider is given."""

    name: str
    spider: str
    language: str
    profile: Profile
    public_urls: BaseUrls
    base_urls: BaseUrls
    feeds: list[str]
    articles: list[str]
    comment_refresh: list[CommentRefresh]

    @property
    def demo(self) -> bool:
        return self.profile == "demo"

    def fetch_url(self, public_url: str) -> str:
        """Where to request a public URL under this profile (the demo server, for demo)."""
        parts = urlsplit(public_url)
        for key, public in self.public_urls.pairs():
            if urlsplit(public).netloc == parts.netloc:
                return _rebase(parts, getattr(self.base_urls, key))
        return public_url

    def public_page_url(self, fetched_url: str) -> str:
        """The real site URL of a page fetched under this profile."""
        parts = urlsplit(fetched_url)
        if urlsplit(self.base_urls.site).netloc == parts.netloc:
            return _rebase(parts, self.public_urls.site)
        return fetched_url


def _rebase(parts, base: str) -> str:
    b = urlsplit(base)
    return urlunsplit((b.scheme, b.netloc, b.path.rstrip("/") + parts.path, parts.query, parts.fragment))


def load_sources(path: Path = SOURCES_FILE) -> dict[str, SourceConfig]:
    """Read and validate the source config."""
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"source config not found: {path}", _HINT) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {exc}", _HINT) from None
    try:
        return SourcesFile.model_validate(data).sources
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or '(top)'}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"{path} is invalid: {problems}", _HINT) from None


def plan_sources(profile: str, names: list[str] | None = None, demo_url: str | None = None,
                 path: Path = SOURCES_FILE) -> list[SourcePlan]:
    """The sources to crawl under ``profile`` (all configured for it when ``names`` is None)."""
    sources = load_sources(path)
    unknown = [n for n in names or [] if n not in sources]
    if unknown:
        raise ConfigError(f"unknown source(s) {unknown}; {path} defines {sorted(sources)}", _HINT)
    chosen = names or [n for n, s in sources.items() if profile in s.profiles]
    return [_plan(name, sources[name], profile, demo_url) for name in chosen]


def _plan(name: str, source: SourceConfig, profile: str, demo_url: str | None) -> SourcePlan:
    config = source.profiles.get(profile)  # type: ignore[call-overload]
    if config is None:
        raise ConfigError(f"source {name!r} has no {profile!r} profile", _HINT)
    base = config.base_urls.model_dump()
    if DEMO_PLACEHOLDER in base.values():
        if not demo_url:
            raise ConfigError(f"source {name!r} ({profile}) needs the demo server's address",
                              "Run crawls through crawlers.run.crawl(), which starts the demo server.")
        base = {k: demo_url.rstrip("/") if v == DEMO_PLACEHOLDER else v for k, v in base.items()}
    return SourcePlan(name=name, spider=source.spider, language=source.language, profile=profile,
                      public_urls=source.public_urls, base_urls=BaseUrls(**base), feeds=config.feeds,
                      articles=config.articles, comment_refresh=config.comment_refresh)
