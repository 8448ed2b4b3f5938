"""Visit scheduling: plans expanded on demand, clashes, continuity, confirmation, groups.

Nothing here imports Qt; the calendar and Today pages, the CLI and the reports all call these
modules (ARCHITECTURE.md examples 1 and 6).
"""
