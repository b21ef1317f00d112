"""One tiny spider per source, on a platform base class."""
