"""The settings table, generated from ``Settings`` (README and `langnghe settings`)."""
from __future__ import annotations

from pydantic import AliasChoices

from core.settings import ROOT, Settings


def env_name(name: str, field) -> str:
    alias = field.validation_alias
    if isinstance(alias, AliasChoices):
        return str(alias.choices[0])
    return f"LANGNGHE_{name.upper()}"


def _show(value) -> str:
    text = str(value)
    return text.replace(str(ROOT), "<repo>") if value is not None else ""


def _in_order():
    """Settings declared on ``Settings`` itself first, then each area's in the order of its bases."""
    own = [name for name in Settings.__annotations__ if name in Settings.model_fields]
    names = own + [name for base in Settings.__bases__ for name in getattr(base, "__annotations__", {})
                   if name in Settings.model_fields and name not in own]
    return [(name, Settings.model_fields[name]) for name in dict.fromkeys(names)]


def settings_rows(settings: Settings | None = None) -> list[tuple[str, str, str, str, str]]:
    """(name, environment variable, current value, default, help) for every setting."""
    settings = settings or Settings()
    rows = []
    for name, field in _in_order():
        # a computed default depends on the machine: the help text says how it is chosen
        default = "(computed)" if field.default_factory else _show(field.get_default())
        rows.append((name, env_name(name, field), _show(getattr(settings, name)), default,
                     field.description or ""))
    return rows


def settings_markdown() -> str:
    lines = ["| variable | default | what it does |", "|---|---|---|"]
    for _name, env, _value, default, help_ in settings_rows(Settings()):
        lines.append(f"| `{env}` | `{default}` | {help_} |" if default else f"| `{env}` | | {help_} |")
    return "\n".join(lines)
