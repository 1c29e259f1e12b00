"""Orders from the shop's own order list rather than from events: the import of past orders
(``backfill``, with its runs in ``runs``) and the periodic search for lost events (``reconcile``),
both reading the list through ``source``."""
