"""Everything the sidecar tells the shop: the Exact document of an order (``order_state``), notes
for a person (``notes``), and the status rules fired by what happens in Exact (``status`` decides,
``status_push`` writes, ``status_poll`` finds changes without webhooks)."""
