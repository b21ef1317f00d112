"""The `langnghe` command line."""
