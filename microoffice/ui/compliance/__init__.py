"""Compliance: what is due, training, staff files, policies and records retention."""
