"""One emulator instance: configuration plus every piece of in-memory state, resettable at once."""

from __future__ import annotations

from collections.abc import Iterable

from .clock import Clock
from .config import EmulatorConfig
from .endpoints import Endpoint, build_registry
from .faults import FaultInjector
from .oauth import TokenService
from .ratelimit import RateLimiter
from .requestlog import RequestLog
from .resources import Resource, WriteContext
from .seed import load_seed, read_seed
from .state import Division, EmulatorState
from .webhooks import WebhookDispatcher


class Emulator:
    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self.clock = Clock()
        self.seed_data = read_seed(config.seed)
        self.state = EmulatorState(self.clock)
        self.tokens = TokenService(config, self.clock)
        self.limiter = RateLimiter(config, self.clock)
        self.faults = FaultInjector()
        self.log = RequestLog()
        self.webhooks = WebhookDispatcher(config, self.state)
        self.registry: dict[str, Endpoint] = build_registry(self.division_rows)
        self.resources: dict[str, Resource] = {
            path: endpoint.resource
            for path, endpoint in self.registry.items()
            if endpoint.resource is not None
        }
        self._load()

    def _load(self) -> None:
        with self.state.lock:
            self.state.divisions.clear()
            self.state.current_division = None
            self.state.changes.clear()
            load_seed(self.state, self.seed_data, self.resources, self.context)

    def context(
        self, division: Division, base_url: str = "http://exact.invalid", client_id: str = ""
    ) -> WriteContext:
        return WriteContext(
            state=self.state,
            division=division,
            config=self.config,
            base_url=base_url,
            client_id=client_id or self.config.client_id,
        )

    def division_rows(self) -> Iterable[dict]:
        for code, division in self.state.divisions.items():
            yield {
                "Code": code,
                "Description": division.description,
                "Country": division.info.get("country", "NL"),
                "Currency": "EUR",
                "Current": code == self.state.current_division,
                "Customer": None,
                "Status": 1,
                "Hid": code,
            }

    def reset(self) -> None:
        """Back to the seed: data, tokens, limits, faults, log, deliveries; clock to real time."""
        self.webhooks.clear()
        self.clock.reset()
        self.tokens.reset()
        self.limiter.reset()
        self.faults.clear()
        self.log.clear()
        self._load()
