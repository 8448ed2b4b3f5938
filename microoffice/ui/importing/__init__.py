"""Importing clients or staff from a spreadsheet: the dialog and its preview."""
