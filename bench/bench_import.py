"""Benchmark of the case-bundle importer's memory: peak RSS for the largest allowed file.

    python bench/bench_import.py [--repeat 3]

Builds, in a temporary directory, the largest bundle the limits allow (HERENIGD_BUNDLE_MAX_BYTES
and the member/event/contact limits, docs/bundles.md) and a file that is 10x too large, then
measures in the same run, each in a fresh process against its own migrated SQLite file:

- baseline: `herenigd import-bundle` of the small example bundle (tests/fixtures);
- "largest": the largest allowed bundle (imported);
- "too large": a file over the size limit (refused before it is read).

and prints the peak resident set size (ru_maxrss of the child) of each and its ratio to the
baseline. A bounded importer keeps "largest" a small multiple of the baseline and "too large"
at the baseline: the size is checked before the file is read.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "fixtures" / "nijmegen-family.json"
HERENIGD = Path(sys.executable).with_name("herenigd")
MAX_BYTES, MAX_EVENTS, MAX_CONTACTS = 5_000_000, 2000, 5000


def _largest(example: dict) -> dict:
    """The example family, filled to the limits: events and contacts up to their limits, notes
    long enough to bring the file just under MAX_BYTES."""
    bundle = copy.deepcopy(example)
    family = bundle["family"]
    family["reference"] = "BENCH-LARGEST"
    base = next(e for e in family["events"] if e["type"] == "moved")
    family["events"] += [
        dict(base, date=f"2017-{1 + i % 12:02d}-{1 + i % 28:02d}", address=f"Straat {i}")
        for i in range(MAX_EVENTS - len(family["events"]))
    ]
    contact = family["contacts"][0]
    family["contacts"] += [
        dict(contact, date=f"2017-03-{1 + i % 28:02d}", topic="gesprek")
        for i in range(MAX_CONTACTS - len(family["contacts"]))
    ]
    size = len(json.dumps(bundle, ensure_ascii=False).encode())
    per_event = max(0, (MAX_BYTES - size - 100_000) // MAX_EVENTS)
    for event in family["events"]:
        event["note"] = "n" * min(per_event, 9_000)
    return bundle


def _fresh_database(directory: Path, env: dict) -> None:
    subprocess.run(
        [str(HERENIGD), "migrate", "--no-input", "-v", "0"], check=True, env=env, cwd=directory
    )
    create = (
        "from herenigd.organisations.models import Municipality; "
        "Municipality.objects.get_or_create(code='0268', defaults={'name': 'Nijmegen'})"
    )
    subprocess.run(
        [str(HERENIGD), "shell", "-c", create],
        check=True,
        env=env,
        cwd=directory,
        capture_output=True,
    )


def _peak_rss_kib(directory: Path, name: str, file: Path, env: dict) -> tuple[int, int]:
    """Import `file` in a child process on a fresh database: (peak RSS in KiB, exit status)."""
    db = directory / f"{name}.sqlite3"
    env = dict(env, DATABASE_URL=f"sqlite:///{db}")
    _fresh_database(directory, env)
    script = (
        "import resource, subprocess, sys\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(HERENIGD), "import-bundle", str(file)],
        check=True,
        env=env,
        capture_output=True,
        text=True,
        cwd=directory,
    ).stdout.split()
    return int(out[0]), int(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    example = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    env = dict(os.environ, HERENIGD_INSECURE_DEV="true")
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        files = {"baseline": EXAMPLE, "largest": directory / "largest.json"}
        files["largest"].write_text(json.dumps(_largest(example), ensure_ascii=False), "utf-8")
        files["too large"] = directory / "too-large.json"
        with files["too large"].open("wb") as handle:
            handle.truncate(10 * MAX_BYTES)  # sparse: the importer must not read it
        sizes = {name: file.stat().st_size for name, file in files.items()}
        peaks = {}
        for name, file in files.items():
            runs = [_peak_rss_kib(directory, f"{name}-{i}", file, env) for i in range(args.repeat)]
            peaks[name] = (min(r[0] for r in runs), {r[1] for r in runs})
    base = peaks["baseline"][0]
    print(f"{'file':<10} {'bytes':>10} {'peak RSS MiB':>13} {'ratio':>6}  exit")
    for name, (peak, codes) in peaks.items():
        print(
            f"{name:<10} {sizes[name]:>10,} {peak / 1024:>13.1f} {peak / base:>6.2f}  "
            f"{','.join(map(str, sorted(codes)))}"
        )


if __name__ == "__main__":
    main()
