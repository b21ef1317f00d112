"""Demo recipients and alert rules, so the demo profile's digests and alerts reach the local
mail sink. Idempotent (fixed ids)."""
from __future__ import annotations

from elasticsearch import Elasticsearch

from core.notify_schema import AlertRule, Subscription
from core.settings import Settings
from store import notify as store

DOMAIN = "demo.langnghe.local"


def demo_subscriptions() -> list[Subscription]:
    return [
        Subscription(email=f"truyen-thong@{DOMAIN}", name="Phòng Truyền thông", groups=["role:communications"]),
        Subscription(email=f"tiep-nhan@{DOMAIN}", name="Cán bộ tiếp nhận", groups=["role:officer"]),
        Subscription(email=f"lanh-dao@{DOMAIN}", name="Lãnh đạo", groups=["role:supervisor", "role:admin"]),
    ]


def demo_rules() -> list[AlertRule]:
    return [
        AlertRule(id="ngap-nuoc", name="Ngập nước toàn thành phố", topic="ngap_nuoc", spike_factor=3.0, min_count=5,
                  emails=[f"truc-ban@{DOMAIN}"]),
        AlertRule(id="sat-lo-cay-do", name="Cây đổ, sạt lở, điện giật", query='"cây đổ" | "sạt lở" | "điện giật"',
                  threshold=3, spike_factor=None, emails=[f"truc-ban@{DOMAIN}"]),
    ]


def seed_demo_notifications(client: Elasticsearch, settings: Settings, ward_groups: list[str] | None = None) -> int:
    """Save the demo recipients (plus one per given ward group) and rules; returns how many."""
    store.ensure_notify_indices(client, settings)
    subscriptions = demo_subscriptions() + [
        Subscription(email=f"ubnd-{group.split(':')[1]}@{DOMAIN}", name=f"UBND {group}", groups=[group])
        for group in ward_groups or []]
    for subscription in subscriptions:
        store.save_subscription(client, settings, subscription)
    for rule in demo_rules():
        store.save_rule(client, settings, rule)
    return len(subscriptions) + len(demo_rules())
