"""One Magento stand-in: configuration plus all in-memory state, resettable at once."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sidecar.emulators.exact.clock import Clock
from sidecar.emulators.exact.faults import FaultInjector
from sidecar.emulators.woocommerce.jsonout import loads
from sidecar.emulators.woocommerce.requestlog import RequestLog

from .auth import NonceStore
from .config import MagentoConfig
from .generator import generate_orders
from .store import MagentoState, add_order

SEEDS = Path(__file__).with_name("seeds")


def default_seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.json"))


class MagentoEmulator:
    def __init__(self, config: MagentoConfig) -> None:
        self.config = config
        self.clock = Clock()
        self.state = MagentoState()
        self.nonces = NonceStore()
        self.faults = FaultInjector()
        self.log = RequestLog()
        paths = config.seed if config.seed is not None else default_seed_files()
        self.payloads: list[dict[str, Any]] = []
        for path in paths:
            data = loads(Path(path).read_text(encoding="utf-8"))
            self.payloads.extend(data if isinstance(data, list) else [data])
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

    def generate(self, count: int, *, seed: int = 1, **kwargs: Any) -> list[int]:
        with self.state.lock:
            ids = iter(self.state.new_item_id, None)
            payloads = generate_orders(count, seed=seed, item_ids=ids, **kwargs)
            return [add_order(self.state, payload, self.now()).id for payload in payloads]

    def reset(self) -> None:
        self.clock.reset()
        self.nonces.clear()
        self.faults.clear()
        self.log.clear()
        self._load()
