"""The window's plumbing: main window, menus, the one runner, the change bus, errors, theme, lock."""
