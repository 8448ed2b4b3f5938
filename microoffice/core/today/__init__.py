"""What the Today page reads (the business at a glance, what to check, the day's visits), written
once and run two ways: through SQLAlchemy for the live page (statements.py), and as the same
statements compiled ahead of time for the first look before the data layer loads
(core/quicklook.py). read.py, which turns rows into the page's data, serves both.
"""
