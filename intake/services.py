"""GeoReport v2 services: one per topic of the city taxonomy (``nlp.taxonomy``), with the
attributes of ``service_attributes.yaml``. The service code is the taxonomy key, so a
request's ``service_code`` is directly a topic label the triage stage understands."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.errors import ConfigError
from nlp.taxonomy import Taxonomy, taxonomy

ATTRIBUTES_FILE = Path(__file__).with_name("service_attributes.yaml")
DATATYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}


@dataclass(frozen=True)
class AttributeSpec:
    code: str
    description: str
    datatype: str = "string"
    required: bool = False
    variable: bool = True
    order: int = 1
    values: dict[str, str] = field(default_factory=dict)

    def as_definition(self) -> dict[str, Any]:
        return {"variable": self.variable, "code": self.code, "datatype": self.datatype, "required": self.required,
                "datatype_description": None, "order": self.order, "description": self.description,
                "values": [{"key": k, "name": v} for k, v in self.values.items()]}


@dataclass(frozen=True)
class Service:
    service_code: str
    service_name: str
    description: str
    keywords: str
    group: str
    agency_responsible: str
    attributes: tuple[AttributeSpec, ...] = ()

    def as_listing(self) -> dict[str, Any]:
        return {"service_code": self.service_code, "service_name": self.service_name,
                "description": self.description, "metadata": bool(self.attributes), "type": "realtime",
                "keywords": self.keywords, "group": self.group}

    def as_definition(self) -> dict[str, Any]:
        return {"service_code": self.service_code, "attributes": [a.as_definition() for a in self.attributes]}


@dataclass(frozen=True)
class Catalogue:
    services: tuple[Service, ...]

    def get(self, code: str) -> Service | None:
        return next((s for s in self.services if s.service_code == code), None)


@lru_cache(maxsize=4)
def catalogue(attributes_file: Path = ATTRIBUTES_FILE) -> Catalogue:
    """The services, built once per process from the taxonomy and the attributes file."""
    tax = taxonomy()
    attributes = _load_attributes(attributes_file, tax)
    return Catalogue(tuple(_service(tax, key, attributes.get(key, ())) for key in tax.keys))


def _service(tax: Taxonomy, key: str, attributes: tuple[AttributeSpec, ...]) -> Service:
    topic = tax.topic(key)
    department = tax.department_name(key)
    return Service(service_code=key, service_name=topic.name_vi, description=f"{topic.name_en}. {topic.description}",
                   keywords=", ".join(topic.keywords[:12]), group=department.split(" / ")[0],
                   agency_responsible=department, attributes=attributes)


def _load_attributes(path: Path, tax: Taxonomy) -> dict[str, tuple[AttributeSpec, ...]]:
    import yaml

    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = {}
    for key, specs in raw.items():
        if key not in tax.keys:
            raise ConfigError(f"{path}: {key!r} is not a topic of the taxonomy", "Use a key of config/taxonomy.yaml.")
        out[key] = tuple(_attribute(path, key, i, spec) for i, spec in enumerate(specs))
    return out


def _attribute(path: Path, key: str, index: int, spec: dict[str, Any]) -> AttributeSpec:
    datatype = spec.get("datatype", "string")
    if datatype not in DATATYPES or not spec.get("code") or not spec.get("description"):
        raise ConfigError(f"{path}: attribute #{index + 1} of {key!r} needs a code, a description and a datatype "
                          f"among {sorted(DATATYPES)}")
    values = {str(k): str(v) for k, v in (spec.get("values") or {}).items()}
    if datatype.endswith("valuelist") and not values:
        raise ConfigError(f"{path}: attribute {spec['code']!r} of {key!r} is a list without values")
    return AttributeSpec(code=spec["code"], description=spec["description"], datatype=datatype,
                         required=bool(spec.get("required", False)), variable=bool(spec.get("variable", True)),
                         order=index + 1, values=values)
