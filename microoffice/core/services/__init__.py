"""Business operations. Each takes a Session and leaves the transaction to its caller."""
