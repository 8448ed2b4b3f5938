"""Settings: the business's details, password protection, backups and restore."""
