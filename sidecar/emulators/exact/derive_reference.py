"""Reference data an administrator maintains in Exact: VAT codes, G/L accounts, journals, ...

Their only rule beyond the catalogue is that codes are unique per division, because other
records point at them by code.
"""

from __future__ import annotations

from .references import VAT, lookup
from .resources import Resource, WriteContext, describe, unique
from .writes import Payload


class CodedResource(Resource):
    def derive(self, ctx: WriteContext, record: dict, payload: Payload, *, creating: bool) -> None:
        unique(ctx, self.path, "Code", record.get("Code"), skip_key=record.get(self.key))
        self.describe(ctx, record)

    def describe(self, ctx: WriteContext, record: dict) -> None:
        """Hook: fill description fields of referenced codes."""


class VATCodes(CodedResource):
    path = "vat/VATCodes"

    def describe(self, ctx: WriteContext, record: dict) -> None:
        record.setdefault("Type", "E")
        record.setdefault("VATTransactionType", "S")
        record.setdefault("IsBlocked", False)


class GLAccounts(CodedResource):
    path = "financial/GLAccounts"

    def describe(self, ctx: WriteContext, record: dict) -> None:
        record["VATDescription"] = describe(lookup(ctx.division, VAT, record.get("VATCode")))
        record.setdefault("IsBlocked", False)


class Journals(CodedResource):
    path = "financial/Journals"


class PaymentConditions(CodedResource):
    path = "cashflow/PaymentConditions"


class Costcenters(CodedResource):
    path = "hrm/Costcenters"


class Costunits(CodedResource):
    path = "hrm/Costunits"
