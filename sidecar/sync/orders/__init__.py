"""The orders flow: a shop order becomes one Exact document, and its refunds and cancellation
become credit notes of that document (``flow`` is the entry point, ``refunds`` the credits)."""
