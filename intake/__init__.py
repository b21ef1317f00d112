"""Complaint intake: the Open311 GeoReport v2 API (``intake.app``) and the bulk import of the
city's 1022 hotline exports (``intake.hotline_import``). Both store ``core.service_request``
documents through ``store.requests``."""
