"""Scheduling: the calendar, visit plans, single visits and day-activity groups."""
