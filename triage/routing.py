"""Which unit handles a case: the first rule of config/routing.yaml that matches, else the fallback."""
from __future__ import annotations

from dataclasses import dataclass

from core.errors import ConfigError
from core.schema import Place
from core.settings import Settings
from triage.config import RoutingFile, RoutingRule, load_routing, load_units

WARD_PC = "{ward_pc}"


@dataclass(frozen=True)
class Route:
    unit: str
    rule: str


def route(settings: Settings, *, topic: str, legal_type: str, place: Place | None, text: str) -> Route:
    routing = load_routing(settings.routing_file, settings.units_file)
    lowered = text.lower()
    for rule in routing.rules:
        if _matches(rule, routing, topic, legal_type, place, lowered):
            if rule.unit == WARD_PC:
                return Route(ward_unit_id(place.ward_code), rule.id)  # type: ignore[union-attr,arg-type]
            return Route(rule.unit, rule.id)
    return Route(routing.fallback.unit, routing.fallback.id)


def _matches(rule: RoutingRule, routing: RoutingFile, topic: str, legal_type: str, place: Place | None,
             lowered: str) -> bool:
    ward = place.ward_code if place else None
    if rule.topic is not None and topic not in rule.topic:
        return False
    if rule.legal_type is not None and legal_type not in rule.legal_type:
        return False
    if rule.unit == WARD_PC and not ward:
        return False
    if rule.wards is not None and ward not in rule.wards:
        return False
    if rule.areas is not None and not any(_in_area(routing, a, place) for a in rule.areas):
        return False
    return rule.keywords is None or any(k.lower() in lowered for k in rule.keywords)


def _in_area(routing: RoutingFile, name: str, place: Place | None) -> bool:
    if place is None:
        return False
    area = routing.areas[name]
    return (place.ward_code in area.wards) or (place.old_district in area.old_districts)


def ward_unit_id(ward_code: str) -> str:
    return f"ubnd-{ward_code}"


def unit_name(settings: Settings, unit_id: str, ward_name: str | None = None) -> str:
    """Display name of a unit id; ward People's Committees are named from their ward."""
    if unit_id.startswith("ubnd-"):
        return f"UBND {ward_name}" if ward_name else f"UBND phường/xã {unit_id.removeprefix('ubnd-')}"
    for unit in load_units(settings.units_file).units:
        if unit.id == unit_id:
            return unit.name
    raise ConfigError(f"Unknown unit {unit_id!r}.", f"Add it to {settings.units_file}.")
