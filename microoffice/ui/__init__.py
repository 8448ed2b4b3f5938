"""The PySide6 window: adapts core services to widgets. Nothing here holds a business rule."""
