"""The activity log: append-only business lines a shop owner reads to see what happened."""
