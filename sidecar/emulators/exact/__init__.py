"""A strict local stand-in for Exact Online: nothing is ever tested against a real administration.

It follows the project's Exact reference, not our client: OAuth with the 570-second rule and
rotating refresh tokens, per-division rate limits, OData envelopes and paging, strict writes,
derived amounts and numbers, sync endpoints, webhooks, injectable faults and a request log.
"""

from .app import create_emulator_app, serve
from .config import EmulatorConfig

__all__ = ["EmulatorConfig", "create_emulator_app", "serve"]
