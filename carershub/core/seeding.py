"""What every demo seeder receives from `manage.py seed_demo`."""

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Scale = Literal["small", "demo", "county"]


@dataclass(frozen=True)
class SeedContext:
    """Seeders draw every random choice from `rng`, so the same --seed gives the same data."""

    scale: Scale
    rng: random.Random
    log: Callable[[str], None]

    def sized(self, *, demo: int, county: int) -> int:
        """How many to make at this scale; "small" (a twentieth of demo) keeps tests and quick checks fast."""
        if self.scale == "small":
            return max(1, demo // 20)
        return demo if self.scale == "demo" else county
