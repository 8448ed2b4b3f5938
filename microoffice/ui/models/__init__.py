"""Qt item models: one per list, columns declared once."""
