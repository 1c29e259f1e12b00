"""Pure builders of Exact sales documents: no HTTP, no database, so each is tested on its own.

``lines`` turns shop lines into Exact lines that add up to the shop's total, ``order`` adds an
order document's header, ``credit`` builds the credit notes of a posted order.
"""
