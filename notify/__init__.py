"""Notifications: alerts on saved searches and wards, daily digests, the monthly report."""
