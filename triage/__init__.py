"""Triage: cases and their workflow, priority, routing, legal deadlines, incidents, roles and audit."""
