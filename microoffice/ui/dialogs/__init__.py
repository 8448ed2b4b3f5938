"""Thin dialogs: load, bind, call core, show errors at the field."""
