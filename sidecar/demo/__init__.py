"""The demo: a WooCommerce stand-in placing realistic orders through a running sidecar into the
Exact Online emulator, so a newcomer sees the whole path work within a minute (``make demo``).

``onboarding`` does what a shop owner does once (register the shop, hand over the REST keys,
connect Exact, save settings), ``shopfloor`` plays the shop and its plugin (orders, payments,
refunds, signed events), ``__main__`` is the command ``scripts/demo.sh`` runs. Nothing here is
used by the service itself.
"""
