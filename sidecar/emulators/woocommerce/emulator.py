"""One WooCommerce stand-in: configuration plus all in-memory state, resettable at once."""

from __future__ import annotations

from datetime import datetime

from sidecar.emulators.exact.clock import Clock
from sidecar.emulators.exact.faults import FaultInjector

from .auth import NonceStore
from .config import WooConfig
from .generator import generate_orders
from .requestlog import RequestLog
from .seed import add_order, default_seed_files, read_payloads
from .store import ShopState


class WooEmulator:
    def __init__(self, config: WooConfig) -> None:
        self.config = config
        self.clock = Clock()
        self.state = ShopState(config.timezone)
        self.nonces = NonceStore()
        self.faults = FaultInjector()
        self.log = RequestLog()
        paths = config.seed if config.seed is not None else default_seed_files()
        self.payloads = read_payloads(paths)
        self._load()

    def now(self) -> datetime:
        return self.clock.utcnow().replace(microsecond=0)

    def _load(self) -> None:
        with self.state.lock:
            self.state.clear()
            for payload in self.payloads:
                add_order(self.state, payload, self.now())
            if self.config.generated_orders:
                self.generate(self.config.generated_orders, seed=self.config.generator_seed)

    def generate(self, count: int, *, seed: int = 1, **kwargs) -> list[int]:
        """Add generated orders (see generator.py); returns their ids."""
        with self.state.lock:
            ids = iter(self.state.new_item_id, None)
            payloads = generate_orders(count, seed=seed, item_ids=ids, **kwargs)
            return [add_order(self.state, payload, self.now()).id for payload in payloads]

    def reset(self) -> None:
        """Back to the seed: orders, nonces, faults, log; the clock to real time."""
        self.clock.reset()
        self.nonces.clear()
        self.faults.clear()
        self.log.clear()
        self._load()
