"""One build's shared state (context), the producers of its files (outputs) and the
sharing of per-entry work among processes (shards)."""
