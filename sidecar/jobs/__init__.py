"""Background work: named RQ queues, per-entity dedupe, the retry policy and periodic jobs."""
