"""Calendars: bank holidays per UK nation (computed, then corrected by editable overrides)."""
