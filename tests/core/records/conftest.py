"""Shared builders for the records tests live in tests/core/care_home.py."""

from tests.core.care_home import home  # noqa: F401  (a fixture)
