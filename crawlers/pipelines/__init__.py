"""Item pipelines, one job each, ordered in crawlers/settings.py."""
