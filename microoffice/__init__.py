"""microoffice: a desktop back office for care micro-enterprises."""

__version__ = "0.1.0"
