"""How much the suite measures: the full run, ``--quick``, and the smoke test's tiny run."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from bench.measure import ROOT
from bench.synthetic import REAL_DATA, write_scaled

POSTGRES_URL = os.environ.get(
    "NIS2_BENCH_POSTGRES_URL",
    os.environ.get("NIS2_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
)


@dataclass
class Settings:
    """Sizes and repetitions of one run of the suite."""

    runs: int = 3
    generator_scales: tuple[int, ...] = (1, 10, 100)
    site_scales: tuple[int, ...] = (1, 10, 100)
    renders: int = 3
    store_results: int = 2000  # submissions per throughput run, split across the writers
    writers: tuple[int, ...] = (1, 4, 8)
    backends: tuple[str, ...] = ("sqlite", "postgresql")
    people: int = 5000
    import_rows: int = 100_000  # people import: rows of the generated HR file
    modules: int = 20
    kb_export_scales: tuple[int, ...] = (1, 10)
    app_runs: int = 3
    abbreviation_factor: int = 3  # site: real pages with the abbreviations x this (0: skip)
    soak_seconds: float = 120.0  # backups under load: how long the 8 writers write
    soak_every: float = 10.0  # ... and how often a backup is taken meanwhile
    load_users: tuple[int, ...] = (10, 25, 50, 100)  # simulated users per step
    load_seconds: float = 60.0  # per step
    load_soak_seconds: float = 300.0  # 50 users on one replica, for memory growth (0: skip)
    load_ramp: float = 10.0  # users start spread over this many seconds
    load_think: tuple[float, float] = (1.0, 3.0)  # seconds between a user's actions
    out: Path = ROOT / "bench" / "out"
    postgres_url: str = POSTGRES_URL
    mode: str = "full"
    _data: dict[int, Path] = field(default_factory=dict)

    @classmethod
    def quick(cls, **kw) -> Settings:
        return cls(
            runs=2,
            generator_scales=(1, 10),
            site_scales=(1,),
            renders=2,
            store_results=400,
            people=1000,
            kb_export_scales=(1,),
            app_runs=1,
            abbreviation_factor=0,
            soak_seconds=30.0,
            load_users=(2, 10),
            load_seconds=15.0,
            load_soak_seconds=0.0,
            load_ramp=3.0,
            mode="quick",
            **kw,
        )

    @classmethod
    def tiny(cls, **kw) -> Settings:
        """Seconds, for the smoke test: every code path, no meaningful figure."""
        return cls(
            runs=1,
            generator_scales=(1, 2),
            site_scales=(),
            renders=1,
            store_results=20,
            import_rows=200,
            writers=(1, 2),
            backends=("sqlite",),
            people=20,
            kb_export_scales=(1,),
            app_runs=1,
            abbreviation_factor=0,
            soak_seconds=3.0,
            soak_every=1.0,
            load_users=(2,),
            load_seconds=4.0,
            load_soak_seconds=4.0,
            load_ramp=1.0,
            load_think=(0.05, 0.1),
            mode="tiny",
            **kw,
        )

    def data(self, factor: int) -> Path:
        """The data folder at ``factor`` times the real size (the real data/ for 1)."""
        if factor == 1:
            return REAL_DATA
        if factor not in self._data:
            self._data[factor] = write_scaled(factor, self.out / f"data-x{factor}")
        return self._data[factor]

    def abbreviation_data(self, factor: int) -> Path:
        """The real data with its abbreviations (and only those) ``factor`` times."""
        return write_scaled(
            1, self.out / f"data-abbr-x{factor}", glossary_factor=factor, abbreviations=True
        )
