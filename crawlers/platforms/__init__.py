"""Base spiders, one per kind of site."""
