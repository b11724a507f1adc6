#!/usr/bin/env python3
"""Rebuilds data/sample/ (the demo corpus) from ../shared/data: a deterministic, small slice of real text."""
import gzip
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
PICKS = [  # (file, every k-th document, at most n)
    ("web/c4_en.jsonl.gz", 5, 200),
    ("web/cc_raw.jsonl.gz", 5, 140),
    ("clean/moby_dick.jsonl.gz", 3, 40),
    ("code/code_mix.jsonl.gz", 32, 60),
]

out = ROOT / "data" / "sample"
out.mkdir(parents=True, exist_ok=True)
for rel, step, limit in PICKS:
    docs = [json.loads(line) for line in gzip.open(SHARED / rel, "rt", encoding="utf-8") if line.strip()]
    picked = docs[::step][:limit]
    name = pathlib.Path(rel).name
    with gzip.GzipFile(out / name, "wb", mtime=0) as f:
        for d in picked:
            f.write((json.dumps(d, ensure_ascii=False) + "\n").encode("utf-8"))
    print(f"{name}: {len(picked)} documents, {sum(len(d['text']) for d in picked)} characters")
