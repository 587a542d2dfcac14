"""report.json's formats on one run: size against the article text, CPU to write, to json.load and to read back."""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpus", help="a folder of articles (OUT_DIR=/tmp/c python3 ../shared/tools/make_corpus.py 4000)")
    ap.add_argument("--formats", type=int, nargs="*", default=[2, 3, 4])
    ap.add_argument("--runs", type=int, default=3, help="writes of each format, alternated; the fastest is shown")
    args = ap.parse_args()
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    from checker.app import RunConfig, run
    from checker.report import write_json
    from checker.report.compact import expand_report

    rules = str(Path(__file__).resolve().parent.parent / "rules")
    text = sum(p.stat().st_size for p in Path(args.corpus).rglob("*") if p.is_file())
    result = run(RunConfig(sources=(args.corpus,), rules=rules, out=None, reconciliations=None))
    print(f"{len(result.articles)} articles, {text / 1e6:.2f} MB of files, {len(result.claims)} claims, "
          f"{len(result.flags)} flags")  # fmt: skip
    best: dict[int, float] = {}
    files: dict[int, str] = {}
    for _ in range(args.runs):
        for version in args.formats:  # alternated, so a change of load on the box falls on each alike
            buf = io.StringIO()
            started = time.process_time()
            write_json(buf, result, version)
            took = time.process_time() - started
            best[version] = min(best.get(version, took), took)
            files[version] = buf.getvalue()
    with tempfile.TemporaryDirectory() as tmp:
        for version in args.formats:
            path = Path(tmp) / f"{version}.json"
            path.write_text(files[version], encoding="utf-8")
            size = path.stat().st_size
            started = time.process_time()
            data = json.loads(path.read_text(encoding="utf-8"))
            loaded = time.process_time() - started
            expand_report(data)
            expanded = time.process_time() - started
            print(f"format {version} | {size / 1e6:.2f} MB = {size / text:.3f}x the text | write {best[version]:.2f} s"
                  f" CPU | json.load {loaded:.2f} s | json.load + expand_report {expanded:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
