"""People who use the office: roles and rights, signing in, and the guard every service wears.

docs/people.md has the role-by-action table; rights.py holds it as data.
"""
