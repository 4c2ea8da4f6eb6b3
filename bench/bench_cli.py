"""``python -m geo parse`` against the library it calls, in one run on the same machine.

    python bench/bench_cli.py [--copies 600] [--rounds 3] [--no-subprocess]

The seed article (data/articles/) repeated ``--copies`` times is parsed three ways, each
round taking all of them in turn so that a slow spell of the machine weighs on all alike:

- the library: ``Geoparser.parse`` on each copy;
- ``parse --jsonl``: the copies as one ``{"id", "lang", "text"}`` a line;
- ``parse FILE --json``: the copies as one file, blank lines between them.

The commands run twice: in this process, through :func:`geo.cli.main` with the parser
already loaded, so that what differs from the library is only the command's reading and
writing; and as ``python -m geo parse`` in a child process, wall time and net of the
start-up (interpreter, imports and loading the parser, timed on a one-line input in the
same round), and by CPU time, user and system (the children's, the library's in this
process), which is steadier than wall time on a shared machine. Each prints MB/s of UTF-8
text (the best round) and the ratios: ``--jsonl`` to the library (target ≥ 0.6×) and the
one big file to ``--jsonl`` (target ≥ 0.5×). Output goes to a file, as a pipeline's would.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.cli import main as main_cli  # noqa: E402
from geo.geoparse import default_parser  # noqa: E402
from geo.ingest import SEED_DIR  # noqa: E402

SEED = SEED_DIR / "2021-07-07-aljazeera-badghis-ar.txt"


def command(args: list[str], stdin: Path | None, out: Path) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of ``python -m geo parse ARGS < stdin > out``; fails loudly if it
    fails."""
    with out.open("wb") as sink, open(stdin or os.devnull, "rb") as source:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "geo", "parse", *args], cwd=ROOT, stdin=source, stdout=sink,
                              stderr=subprocess.PIPE, text=True, check=False)
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0 or done.stderr:
        raise SystemExit(f"python -m geo parse {' '.join(args)} failed ({done.returncode}): {done.stderr}")
    return seconds, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def in_process(args: list[str], out: Path) -> float:
    """Seconds of ``geo.cli.main(["parse", *ARGS])`` here, its output to ``out``."""
    with out.open("w", encoding="utf-8") as sink:
        sys.stdout, stdout = sink, sys.stdout
        try:
            started = time.perf_counter()
            code = main_cli(["parse", *args])
            seconds = time.perf_counter() - started
        finally:
            sys.stdout = stdout
    if code != 0:
        raise SystemExit(f"parse {' '.join(args)} exited {code}")
    return seconds


def report(size: float, timings: dict[str, list[float]]) -> None:
    """MB/s of each way (its best round) and the two ratios the targets are set on."""
    rates = {name: size / min(seconds) for name, seconds in timings.items()}
    for name, rate in rates.items():
        print(f"    {name:>17}: {rate:6.2f} MB/s ({size / rate:.2f} s)")
    for name, over, target in (("parse --jsonl", "library", 0.6), ("parse FILE --json", "parse --jsonl", 0.5)):
        print(f"    {name} / {over}: {rates[name] / rates[over]:.2f}x (target >= {target}x)")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--copies", type=int, default=600, help="copies of the seed article (default 600)")
    options.add_argument("--rounds", type=int, default=3, help="rounds; the best of each is kept (default 3)")
    options.add_argument("--no-subprocess", action="store_true", help="time the commands in this process only")
    args = options.parse_args()
    seed = SEED.read_text("utf-8")
    texts = [seed] * args.copies
    size = len(seed.encode("utf-8")) * args.copies / 1e6
    started = time.perf_counter()
    parser = default_parser()  # builds the index and the automaton if stale, so no command below does
    print(f"geoparser ready in {time.perf_counter() - started:.2f} s; {size:.1f} MB of Arabic, "
          f"{args.copies} copies of {SEED.name}")
    here = {"library": [], "parse --jsonl": [], "parse FILE --json": []}
    child = {"parse --jsonl": [], "parse FILE --json": []}
    net = {"parse --jsonl": [], "parse FILE --json": []}
    startup, startup_cpu = [], []
    cpu = {"library": [], "parse --jsonl": [], "parse FILE --json": []}  # the children's for the commands
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        documents, big, tiny, out = work / "docs.jsonl", work / "big.txt", work / "tiny.jsonl", work / "out"
        with documents.open("w", encoding="utf-8") as sink:
            for number, text in enumerate(texts):
                sink.write(json.dumps({"id": number, "lang": "ar", "text": text}, ensure_ascii=False) + "\n")
        big.write_text("\n\n".join(texts), "utf-8")
        tiny.write_text(json.dumps({"id": 0, "lang": "ar", "text": "كابل"}, ensure_ascii=False) + "\n", "utf-8")
        ways = {"parse --jsonl": [str(documents), "--jsonl"], "parse FILE --json": [str(big), "--json"]}
        for _ in range(args.rounds):
            started, started_cpu = time.perf_counter(), time.process_time()
            mentions = sum(len(parser.parse(text).mentions) for text in texts)
            here["library"].append(time.perf_counter() - started)
            cpu["library"].append(time.process_time() - started_cpu)
            for name, arguments in ways.items():
                here[name].append(in_process(arguments, out))
            if not args.no_subprocess:
                wall, seconds = command(["--jsonl"], tiny, out)
                startup.append(wall)
                startup_cpu.append(seconds)
                for name, arguments in ways.items():
                    wall, seconds = command(arguments, None, out)
                    child[name].append(wall)
                    cpu[name].append(seconds)
                    net[name].append(wall - startup[-1])
        output = out.stat().st_size / 1e6  # the one big file's --json
    print(f"{mentions} mentions; the one big file's --json output: {output:.1f} MB")
    print("in this process, the parser loaded:")
    report(size, here)
    if startup:
        print(f"python -m geo parse, start-up on a one-line input {min(startup):.2f} s (rounds "
              f"{', '.join(f'{s:.2f}' for s in startup)} s), CPU {min(startup_cpu):.2f} s (user + system); "
              "wall time:")
        report(size, {"library": here["library"], **child})
        print("    net of the same round's start-up:")
        report(size, {"library": here["library"], **net})
        print("    by CPU time (user + system; the library's in this process), steadier on a shared machine:")
        report(size, cpu)


if __name__ == "__main__":
    main()
