"""The source config (``config/sources.yaml``), validated once: a bad file fails with a ConfigError
that names the file and the field, before any crawl starts. Keys: crawlers/CONVENTIONS.md."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from core.errors import ConfigError
from core.settings import ROOT

SOURCES_FILE = ROOT / "config" / "sources.yaml"
DEMO_PLACEHOLDER = "${DEMO_SERVER}"
DEFAULT_SCHEDULE = "0 * * * *"
Profile = Literal["demo", "live"]
_HINT = "Fix config/sources.yaml (crawlers/CONVENTIONS.md explains each key) and run again."


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) URL: {value!r}")
    return value


def _url_or_placeholder(value: str) -> str:
    return value if value == DEMO_PLACEHOLDER else _http_url(value).rstrip("/")


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BaseUrls(BaseModel):
    """Named hosts of a source: ``site`` (its pages) and any others (``comment_api``, ``api``, …)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    site: str
    comment_api: str | None = None

    @model_validator(mode="after")
    def _urls(self) -> BaseUrls:
        for _, value in self.pairs():
            _url_or_placeholder(value)
        return self

    def as_dict(self) -> dict[str, str]:
        return {k: v.rstrip("/") for k, v in self.model_dump().items() if v is not None}

    def pairs(self) -> list[tuple[str, str]]:
        """(name, url) with ``site`` last, so a dedicated host wins when two share a netloc."""
        urls = self.as_dict()
        return [(k, v) for k, v in urls.items() if k != "site"] + [("site", urls["site"])]


class CommentRefresh(BaseModel):
    """A known article whose comments are (re-)collected without fetching its page.
    Keys other than ``article_id`` and ``url`` are the comment API's own parameters."""

    model_config = ConfigDict(extra="allow", frozen=True, coerce_numbers_to_str=True)

    article_id: str = Field(pattern=r"^\w+$")
    url: str | None = None

    @property
    def params(self) -> dict[str, str]:
        return {key: str(value) for key, value in (self.model_extra or {}).items()}


class Scope(_Frozen):
    """Keyword scope: keep items mentioning an ``include`` word (if any given), drop any mentioning ``exclude``."""

    include: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(self.include or self.exclude)


class ProfileConfig(_Frozen):
    base_urls: BaseUrls | None = None
    feeds: list[str] = Field(default_factory=list)
    sitemaps: list[str] = Field(default_factory=list)
    articles: list[str] = Field(default_factory=list)
    start_urls: list[str] = Field(default_factory=list)
    comment_refresh: list[CommentRefresh] = Field(default_factory=list)
    options: dict[str, Any] = Field(default_factory=dict)

    @field_validator("feeds", "sitemaps", "articles", "start_urls")
    @classmethod
    def _urls(cls, values: list[str]) -> list[str]:
        return [_http_url(v) for v in values]

    def first_url(self) -> str | None:
        return next(iter(self.feeds + self.sitemaps + self.articles + self.start_urls), None)


class SourceConfig(_Frozen):
    spider: str = Field(min_length=1)
    language: str = "vi"
    schedule: str = DEFAULT_SCHEDULE
    scope: Scope = Field(default_factory=Scope)
    public_urls: BaseUrls | None = None
    options: dict[str, Any] = Field(default_factory=dict)
    profiles: dict[Profile, ProfileConfig] = Field(min_length=1)

    @field_validator("schedule")
    @classmethod
    def _cron(cls, value: str) -> str:
        from croniter import croniter

        if not croniter.is_valid(value):
            raise ValueError(f"not a cron expression: {value!r}")
        return value

    @model_validator(mode="after")
    def _real_hosts(self) -> SourceConfig:
        if self.public_urls is None:
            first = next((p.first_url() for p in self.profiles.values() if p.first_url()), None)
            if first is None:
                raise ValueError("give public_urls or at least one feed/sitemap/article/start URL")
            parts = urlsplit(first)
            object.__setattr__(self, "public_urls", BaseUrls(site=f"{parts.scheme}://{parts.netloc}"))
        if DEMO_PLACEHOLDER in self.public_urls.as_dict().values():  # type: ignore[union-attr]
            raise ValueError("public_urls must be the real hosts; only a profile's base_urls may use the demo server")
        return self


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
    schedule: str = DEFAULT_SCHEDULE
    scope: Scope = Field(default_factory=Scope)
    public_urls: BaseUrls
    base_urls: BaseUrls
    feeds: list[str] = Field(default_factory=list)
    sitemaps: list[str] = Field(default_factory=list)
    articles: list[str] = Field(default_factory=list)
    start_urls: list[str] = Field(default_factory=list)
    comment_refresh: list[CommentRefresh] = Field(default_factory=list)
    options: dict[str, Any] = Field(default_factory=dict)

    @property
    def demo(self) -> bool:
        return self.profile == "demo"

    def fetch_url(self, public_url: str) -> str:
        """Where to request a public URL under this profile (the demo server, for demo)."""
        parts = urlsplit(public_url)
        base = self.base_urls.as_dict()
        for key, public in self.public_urls.pairs():
            if urlsplit(public).netloc == parts.netloc and key in base:
                return _rebase(parts, base[key])
        return public_url

    def public_page_url(self, fetched_url: str) -> str:
        """The real URL of a page fetched under this profile."""
        parts = urlsplit(fetched_url)
        public = self.public_urls.as_dict()
        for key, base in reversed(self.base_urls.pairs()):  # site first: the demo server hosts all
            if urlsplit(base).netloc == parts.netloc and key in public:
                return _rebase(parts, public[key])
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
    if isinstance(data, dict):  # "x-..." keys hold YAML anchors shared by sources (e.g. a scope)
        data = {k: v for k, v in data.items() if not str(k).startswith("x-")}
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
    public = source.public_urls.as_dict()  # type: ignore[union-attr]
    if config.base_urls is not None:
        base = config.base_urls.as_dict()
    else:
        base = {k: DEMO_PLACEHOLDER for k in public} if profile == "demo" else dict(public)
    if DEMO_PLACEHOLDER in base.values():
        if not demo_url:
            raise ConfigError(f"source {name!r} ({profile}) needs the demo server's address",
                              "Run crawls through crawlers.run.crawl(), which starts the demo server.")
        base = {k: demo_url.rstrip("/") if v == DEMO_PLACEHOLDER else v for k, v in base.items()}
    return SourcePlan(name=name, spider=source.spider, language=source.language, profile=profile,
                      schedule=source.schedule, scope=source.scope, public_urls=source.public_urls,
                      base_urls=BaseUrls(**base), feeds=config.feeds, sitemaps=config.sitemaps,
                      articles=config.articles, start_urls=config.start_urls,
                      comment_refresh=config.comment_refresh, options=source.options | config.options)
