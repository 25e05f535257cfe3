"""Benchmark of the synthetic generator (herenigd.demo.synthetic): families generated per second.

    python bench/bench_generate.py [--families 10000] [--municipality 0268] [--seed 2018]
                                   [--as-of 2018-06-01] [--repeat 3]

The demo and the benchmarks generate thousands of families, so generation must stay cheap. Measures
in the same run:

- baseline "seed": creating the per-family `random.Random` from its seed string (what every family
  costs before anything is drawn);
- baseline "copy": rebuilding every generated bundle dict (a floor for touching the output once);
- "generate": `generate_bundles(...)`;

and prints families/second for each (wall clock and CPU time of the process, as the machine may be
shared) and the ratios generate / seed and generate / copy. Target: >= 2,000 families/s (CPU) on one
core. Each figure is the best of `--repeat` runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if importlib.util.find_spec("herenigd") is None:  # run from a checkout without an install
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from herenigd.demo.synthetic import SEED_NAMESPACE, generate_bundles

TARGET = 2_000


def best_of(repeat: int, work: Callable[[], Any]) -> tuple[float, float, Any]:
    """(best wall time, best CPU time of this process, result): CPU time is what counts on a
    machine shared with other work."""
    wall = cpu = float("inf")
    result = None
    for _ in range(repeat):
        result = None
        start, start_cpu = time.perf_counter(), time.process_time()
        result = work()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu, result


def seed_all(municipality: str, count: int, seed: int) -> list[random.Random]:
    return [
        random.Random(f"{SEED_NAMESPACE}:{seed}:{municipality}:{n}") for n in range(1, count + 1)
    ]


def copy_bundle(bundle: dict[str, Any]) -> dict[str, Any]:
    family = bundle["family"]
    return {
        "format": bundle["format"],
        "municipality": bundle["municipality"],
        "family": {
            "reference": family["reference"],
            "members": [dict(m) for m in family["members"]],
            "events": [dict(e) for e in family["events"]],
            "contacts": [dict(c) for c in family["contacts"]],
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--families", type=int, default=10_000)
    parser.add_argument("--municipality", default="0268", help="CBS code")
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--as-of", default="2018-06-01", help="the data set's today (YYYY-MM-DD)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs per measurement")
    args = parser.parse_args(argv)
    as_of = dt.date.fromisoformat(args.as_of)
    count, code = args.families, args.municipality

    python = sys.version.split()[0]
    print(f"python {python}, {os.cpu_count()} CPUs, as-of {as_of}, best of {args.repeat}")

    t_seed = best_of(args.repeat, lambda: seed_all(code, count, args.seed))
    t_gen = best_of(args.repeat, lambda: generate_bundles(code, count, seed=args.seed, as_of=as_of))
    bundles = t_gen[2]
    t_copy = best_of(args.repeat, lambda: [copy_bundle(b) for b in bundles])

    persons = sum(len(b["family"]["members"]) for b in bundles)
    events = sum(len(b["family"]["events"]) for b in bundles)
    contacts = sum(len(b["family"]["contacts"]) for b in bundles)
    print(
        f"generated: {count:,} families of {code}, {persons:,} persons, {events:,} events, "
        f"{contacts:,} contacts (seed {args.seed})"
    )

    def rate(times: tuple[float, ...]) -> str:
        wall, cpu = times[0], times[1]
        return (
            f"{count / wall:>10,.0f} families/s wall ({wall:6.2f} s)  "
            f"{count / cpu:>10,.0f} families/s CPU ({cpu:6.2f} s)"
        )

    print(f"baseline seed      {rate(t_seed)}")
    print(f"baseline copy      {rate(t_copy)}")
    print(f"generate           {rate(t_gen)}")
    for name, base in (("seed", t_seed), ("copy", t_copy)):
        print(
            f"ratio generate / {name} = {t_gen[0] / base[0]:.1f} wall, {t_gen[1] / base[1]:.1f} CPU"
        )
    verdict = "meets" if count / t_gen[1] >= TARGET else "is BELOW"
    print(f"generation on one core {verdict} the target of {TARGET:,} families/s (CPU)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
