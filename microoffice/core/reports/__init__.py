"""Printed documents (reportlab): collect -> frozen data; story -> flowables; render -> stream."""
