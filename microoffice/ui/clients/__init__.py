"""Clients: the register, one client's dialog (details, the people around them, who pays)."""
