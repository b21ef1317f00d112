"""Shared foundations: settings, the document schema, errors and ids. Imports nothing upward."""
