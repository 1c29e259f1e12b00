"""Customers: the Exact account an order is booked on (``accounts``), and the optional flow that
keeps accounts up to date from the shop's customer events (``flow``)."""
