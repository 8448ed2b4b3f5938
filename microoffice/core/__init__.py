"""The Qt-free heart of microoffice: models, services and reports that the UI and CLI both call."""
