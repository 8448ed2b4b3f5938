"""Staff: the register and one member of staff's details."""
