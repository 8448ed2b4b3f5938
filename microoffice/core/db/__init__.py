"""Database plumbing: one engine factory, one declarative base, migrations in code."""
