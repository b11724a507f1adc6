#!/usr/bin/python3
"""Makes the tiny external LM that tests the lm scorer's TorchScript and ONNX path.

It stands in for a causal LM exported from PyTorch or Hugging Face: a byte-level BPE tokenizer.json (GPT-2's
layout), tokenizer_config.json naming the BOS token, config.json with n_positions, model.pt (TorchScript) and
model.onnx, both mapping input_ids [batch, seq] to logits [batch, seq, vocab]. expected.json holds token ids
and log-probabilities computed here, in PyTorch, so the Java side is checked against an independent
implementation of the tokenizer, the network and the window policy.

Needs Debian's python3-torch (no tokenizers package: the BPE trainer and encoder below are GPT-2's algorithm).
    /usr/bin/python3 scripts/make_external_lm.py ../shared/data/clean/wikitext2.jsonl.gz scorers/src/test/resources/external-lm
"""
import gzip
import json
import math
import re
import sys
import time
from collections import Counter
from pathlib import Path

import torch
from torch import nn

SEED = 7
MERGES = 250
CONTEXT = 64
WIDTH = 64
LAYERS = 1
HEADS = 4
STEPS = 600
BATCH = 32
BOS = "<|endoftext|>"
# GPT-2's pre-tokenizer with Python's classes; it equals the Rust regex (\p{L}, \p{N}) on ASCII text
PATTERN = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[^\W\d_]+| ?\d+| ?(?:[^\s\w]|_)+|\s+(?!\S)|\s+""")
TEST_TEXTS = [
    "The river runs through the old town, and the bridge was built in 1820.",
    "He had a guest role in the television series, and later wrote two plays for the theatre.",
    "town the river through runs old bridge the and was, built 1820 in.",
    ("In the first year of the war the army moved north along the coast . The campaign was long and the "
     "soldiers suffered from the cold , but by the spring they had reached the city and the siege began ."),
]


def byte_chars():
    """GPT-2's printable stand-in for each byte, as the ByteLevel pre-tokenizer maps them."""
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), 256))
    chars, extra = {}, 0
    for b in range(256):
        if b in keep:
            chars[b] = chr(b)
        else:
            chars[b] = chr(256 + extra)
            extra += 1
    return chars


BYTE_CHARS = byte_chars()


def pieces(text):
    return ["".join(BYTE_CHARS[b] for b in p.encode("utf-8")) for p in PATTERN.findall(text)]


def train_bpe(texts):
    words = Counter()
    for t in texts:
        words.update(pieces(t))
    words = {tuple(w): c for w, c in words.items()}
    merges = []
    for _ in range(MERGES):
        pairs = Counter()
        for w, c in words.items():
            for a, b in zip(w, w[1:]):
                pairs[(a, b)] += c
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))
        merges.append(best)
        joined = best[0] + best[1]
        merged = {}
        for w, c in words.items():
            out, i = [], 0
            while i < len(w):
                if i + 1 < len(w) and (w[i], w[i + 1]) == best:
                    out.append(joined)
                    i += 2
                else:
                    out.append(w[i])
                    i += 1
            merged[tuple(out)] = merged.get(tuple(out), 0) + c
        words = merged
    return merges


def encode(text, vocab, ranks):
    ids = []
    for p in pieces(text):
        word = list(p)
        while len(word) > 1:
            pair = min(zip(word, word[1:]), key=lambda q: ranks.get(q, math.inf))
            if pair not in ranks:
                break
            out, i = [], 0
            while i < len(word):
                if i + 1 < len(word) and (word[i], word[i + 1]) == pair:
                    out.append(word[i] + word[i + 1])
                    i += 2
                else:
                    out.append(word[i])
                    i += 1
            word = out
        ids.extend(vocab[s] for s in word)
    return ids


def tokenizer_json(vocab, merges):
    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    return {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [{"id": 0, "content": BOS, "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": False, "special": True}],
        "normalizer": None, "pre_tokenizer": byte_level, "post_processor": byte_level, "decoder": byte_level,
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": vocab, "merges": [a + " " + b for a, b in merges]},
    }


class Block(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(width)
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)
        self.norm2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), nn.GELU(), nn.Linear(4 * width, width))

    def forward(self, x, mask):
        b, t, w = x.size()
        q, k, v = self.qkv(self.norm1(x)).split(w, dim=2)
        q = q.reshape(b, t, self.heads, w // self.heads).transpose(1, 2)
        k = k.reshape(b, t, self.heads, w // self.heads).transpose(1, 2)
        v = v.reshape(b, t, self.heads, w // self.heads).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) / math.sqrt(w // self.heads)
        att = att.masked_fill(mask, float("-inf")).softmax(dim=-1)
        x = x + self.proj((att @ v).transpose(1, 2).reshape(b, t, w))
        return x + self.mlp(self.norm2(x))


class TinyLM(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.tokens = nn.Embedding(vocab, WIDTH)
        self.positions = nn.Embedding(CONTEXT, WIDTH)
        self.blocks = nn.ModuleList([Block(WIDTH, HEADS) for _ in range(LAYERS)])
        self.norm = nn.LayerNorm(WIDTH)
        self.head = nn.Linear(WIDTH, vocab)

    def forward(self, input_ids):
        t = input_ids.size(1)
        x = self.tokens(input_ids) + self.positions(torch.arange(t))
        mask = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)
        for block in self.blocks:
            x = block(x, mask)
        return self.head(self.norm(x))


def window_log_probs(model, ids, bos):
    """The scorer's policy: consecutive windows of CONTEXT targets, each scored from BOS, or with no BOS from
    the token before it (the document's first token then is context only)."""
    total = 0.0
    for start in range(0 if bos is not None else 1, len(ids), CONTEXT):
        window = ids[start:start + CONTEXT]
        first = bos if bos is not None else ids[start - 1]
        logp = model(torch.tensor([[first] + window[:-1]])).log_softmax(-1)[0]
        total += sum(logp[i, tok].item() for i, tok in enumerate(window))
    return total


def main(corpus, out):
    torch.manual_seed(SEED)
    started = time.time()
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f][:40]
    merges = train_bpe(texts)
    symbols = [BOS] + [BYTE_CHARS[b] for b in range(256)] + [a + b for a, b in merges]
    vocab = {s: i for i, s in enumerate(symbols)}
    ranks = {m: i for i, m in enumerate(merges)}
    stream = []
    for t in texts:
        stream += [0] + encode(t, vocab, ranks)
    data = torch.tensor(stream)
    print(f"BPE trained in {time.time() - started:.0f} s")
    print(f"{len(texts)} documents, {len(data)} tokens, vocabulary {len(vocab)}")

    model = TinyLM(len(vocab))
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    for step in range(STEPS):
        starts = torch.randint(0, len(data) - CONTEXT - 1, (BATCH,))
        x = torch.stack([data[s:s + CONTEXT] for s in starts])
        y = torch.stack([data[s + 1:s + CONTEXT + 1] for s in starts])
        loss = nn.functional.cross_entropy(model(x).reshape(-1, len(vocab)), y.reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 100 == 0 or step == STEPS - 1:
            print(f"step {step} loss {loss.item():.3f}")
    model.eval()

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "tokenizer.json").write_text(json.dumps(tokenizer_json(vocab, merges), ensure_ascii=False))
    (out / "tokenizer_config.json").write_text(json.dumps({"bos_token": BOS}, indent=2) + "\n")
    (out / "config.json").write_text(json.dumps({"model_type": "winnow-test-tiny", "n_positions": CONTEXT,
                                                  "vocab_size": len(vocab)}, indent=2) + "\n")
    example = torch.tensor([[0] + encode(TEST_TEXTS[0], vocab, ranks)])
    with torch.no_grad():
        scripted = torch.jit.script(model)
        scripted.save(str(out / "model.pt"))
        torch.onnx.export(model, (example,), str(out / "model.onnx"), input_names=["input_ids"],
                          output_names=["logits"], dynamic_axes={"input_ids": {0: "batch", 1: "sequence"},
                                                                 "logits": {0: "batch", 1: "sequence"}},
                          opset_version=14)
        expected = []
        for text in TEST_TEXTS:
            ids = encode(text, vocab, ranks)
            expected.append({"text": text, "ids": ids, "log_prob": window_log_probs(model, ids, 0),
                             "log_prob_without_bos": window_log_probs(model, ids, None)})
    (out / "expected.json").write_text(json.dumps({"context": CONTEXT, "bos": 0, "texts": expected}, indent=2)
                                       + "\n")
    print("wrote", ", ".join(sorted(p.name for p in out.iterdir())))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
