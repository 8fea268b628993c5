#!/usr/bin/env python3
"""Registered documents (issue 14): recall of excerpts, false blocks, index size, build time,
memory and scan speed with and without the index. Figures and how to read them: benches/README.md.

    BENCHDATA=/tmp/benchdata MIJIAN=target/release/mijian python3 benches/index_bench.py \
        [--docs 10000] [--per-length 200] [--out /tmp/index_bench] [--kgram K --window W] [--stages ...]

Stages (default: all, in order):
  gen       documents from $BENCHDATA/prose.txt (gen_data.py): paragraphs deduplicated and split
            into two disjoint pools. Registered: --docs documents of 2,000-20,000 characters made of
            random paragraphs of the first pool, 30% of them in a GB/T 9704 frame (版头, 主送, set
            phrases, 落款, 附注, 版记). Public: 300 公文 in the same frame around paragraphs of the
            second pool (TXT, DOCX, PDF). Excerpts: --per-length excerpts of 50, 100, 300 and 1,000
            characters of registered documents, each edited one way (plain, re-wrapped,
            re-punctuated, traditional, full-width and spaced, a sentence dropped, inline in other
            text), always between other text, in TXT, DOCX and PDF in turn. Speed: 20 text files of
            1 MB of the public pool.
  index     `mijian index key` and `mijian index add` of all registered documents (timed, peak RSS).
  recall    `mijian scan --index` of the excerpts: share blocked, per length, edit and format.
  public    the public 公文: files blocked (must be 0) and reviewed.
  realworld ../shared/realworld with and without the index: excerpt findings (must be none).
  speed     `mijian bench --against-index`: the same files scanned without then with the index.
"""
import argparse, io, json, os, random, re, subprocess, sys, time, zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
LENGTHS = [50, 100, 300, 1000]
EDITS = ["plain", "rewrapped", "punctuation", "traditional", "fullwidth", "dropped", "inline"]
FORMATS = ["txt", "docx", "pdf"]


def paragraphs(prose: Path):
    """Unique paragraphs of prose.txt (blank-line separated, lines joined), in file order."""
    seen, out, buf = set(), [], []
    with open(prose, encoding="utf-8", errors="ignore") as f:
        for line in f:
            l = line.strip()
            if l:
                buf.append(l)
                continue
            if buf:
                p = "".join(buf)
                buf = []
                if len(p) >= 20 and p not in seen:
                    seen.add(p)
                    out.append(p)
    return out


def sentences(p):
    """The sentences of a paragraph long enough to be shared by more than chance."""
    return [x for x in re.split(r"[。！？；!?;\n]", p) if len(x) >= 8]


def s2t_map():
    """Simplified -> traditional, from the normaliser's own table (first form listed)."""
    table = (REPO / "crates/core/src/normalize/t2s_table.rs").read_text(encoding="utf-8")
    m = {}
    for t, s in re.findall(r"\('(.)', '(.)'\)", table):
        m.setdefault(s, t)
    return m


ORGS = ["某某市人民政府办公厅", "某某省发展和改革委员会", "某某县人民政府", "某某市教育局"]


def frame(rng, body, mark):
    org = rng.choice(ORGS)
    num = rng.randint(1, 300)
    head = [f"{rng.randint(1, 999999):06d}"] + ([mark] if mark else []) + ["特急" if rng.random() < 0.3 else "", f"{org}文件", f"某发〔2024〕{num}号", "关于进一步做好有关工作的通知", "各区县人民政府，市政府各委办局，各直属机构：", "为深入贯彻落实党中央国务院决策部署，现将有关事项通知如下："]
    tail = ["请各地各部门结合实际认真组织实施。特此通知。", org, f"2024年{rng.randint(1, 12)}月{rng.randint(1, 28)}日", "（此件公开发布）" if not mark else "（此件不公开）", "抄送：市委办公厅，市人大常委会办公厅，市政协办公厅。", f"{org} 2024年{rng.randint(1, 12)}月{rng.randint(1, 28)}日印发"]
    return "\n".join([h for h in head if h] + body + tail)


def pdf_bytes(text):
    """A PDF with a Type0 font and a ToUnicode map, 40 characters a line, 50 lines a page."""
    lines = []
    for para in text.split("\n"):
        while para:
            lines.append(para[:40])
            para = para[40:]
    chars = sorted(set("".join(lines)))
    cid = {c: i + 1 for i, c in enumerate(chars)}
    pages = [lines[i:i + 50] for i in range(0, len(lines), 50)] or [[]]
    cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
    for i in range(0, len(chars), 100):
        block = chars[i:i + 100]
        cmap += f"{len(block)} beginbfchar\n" + "".join(f"<{cid[c]:04X}> <{ord(c):04X}>\n" for c in block) + "endbfchar\n"
    cmap += "endcmap CMapName currentdict /CMap defineresource pop end end"
    objs = {1: "<< /Type /Catalog /Pages 2 0 R >>", 3: "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
            4: "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
            5: f"<< /Length {len(cmap.encode())} >>\nstream\n{cmap}\nendstream"}
    kids = []
    for n, page in enumerate(pages):
        content = "BT /F1 12 Tf 14 TL 40 800 Td\n" + "".join("<" + "".join(f"{cid[c]:04X}" for c in l) + "> Tj T*\n" for l in page) + "ET"
        p, c = 6 + 2 * n, 7 + 2 * n
        objs[p] = f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {c} 0 R >>"
        objs[c] = f"<< /Length {len(content.encode())} >>\nstream\n{content}\nendstream"
        kids.append(f"{p} 0 R")
    objs[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n")
    offs = {}
    for k in sorted(objs):
        offs[k] = len(out)
        out += f"{k} 0 obj\n{objs[k]}\nendobj\n".encode()
    x = len(out)
    n = max(objs) + 1
    out += f"xref\n0 {n}\n0000000000 65535 f \n".encode() + "".join(f"{offs[k]:010d} 00000 n \n" for k in range(1, n)).encode()
    out += f"trailer\n<< /Size {n} /Root 1 0 R >>\nstartxref\n{x}\n%%EOF\n".encode()
    return bytes(out)


def docx_bytes(text):
    import docx
    d = docx.Document()
    for para in text.split("\n"):
        d.add_paragraph(para)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def write_doc(path: Path, text: str, fmt: str):
    path = path.with_suffix("." + fmt)
    if fmt == "txt":
        path.write_text(text, encoding="utf-8")
    elif fmt == "docx":
        path.write_bytes(docx_bytes(text))
    else:
        path.write_bytes(pdf_bytes(text))
    return path


def take(paras, n_chars, rng):
    out, total = [], 0
    while total < n_chars:
        p = rng.choice(paras)
        out.append(p)
        total += len(p)
    return out


def edit(kind, excerpt, rng, s2t, filler):
    if kind == "rewrapped":
        flat = excerpt.replace("\n", "")
        return "\n".join(flat[i:i + 23] for i in range(0, len(flat), 23))
    if kind == "punctuation":
        return excerpt.translate(str.maketrans({"，": "、", "。": "；", "：": "∶", "“": "「", "”": "」", "、": "，"}))
    if kind == "traditional":
        return "".join(s2t.get(c, c) for c in excerpt)
    if kind == "fullwidth":
        w = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in excerpt)
        return "　".join(w[i:i + 5] for i in range(0, len(w), 5))
    if kind == "dropped":
        # Drop the sentence that holds the middle of the excerpt, unless that leaves under 70%.
        mid = len(excerpt) // 2
        a = max(excerpt.rfind("。", 0, mid), excerpt.rfind("，", 0, mid))
        b = min([i for i in (excerpt.find("。", mid), excerpt.find("，", mid)) if i >= 0] or [-1])
        if a >= 0 and b > a and (len(excerpt) - (b - a)) >= 0.7 * len(excerpt):
            return excerpt[:a + 1] + excerpt[b + 1:]
        return excerpt
    return excerpt


def gen(args, out: Path):
    rng = random.Random(14)
    paras = paragraphs(Path(os.environ.get("BENCHDATA", "/tmp/benchdata")) / "prose.txt")
    rng.shuffle(paras)
    cut = int(len(paras) * 0.85)
    reg_pool = paras[:cut]
    # prose.txt repeats its sources re-wrapped and re-cut into paragraphs, so one text stands in
    # several paragraphs: a public paragraph is kept only if none of its 16-character stretches
    # (letters, digits, ideographs) occurs in the registered pool.
    def grams(p):
        c = "".join(ch for ch in p if ch.isalnum())
        return (hash(c[i:i + 16]) for i in range(max(0, len(c) - 15)))
    registered_grams = set()
    for p in reg_pool:
        registered_grams.update(grams(p))
    pub_pool = [p for p in paras[cut:] if not any(g in registered_grams for g in grams(p))]
    del registered_grams
    print(f"gen: {len(paras)} unique paragraphs, {sum(map(len, reg_pool))} chars registered pool, {sum(map(len, pub_pool))} public pool ({len(pub_pool)} of {len(paras) - cut} paragraphs share no 16 characters with it)", file=sys.stderr)
    s2t = s2t_map()
    reg = out / "registered"
    reg.mkdir(parents=True, exist_ok=True)
    # Which documents give excerpts: chosen first, so only their bodies are kept.
    wanted = {}
    for L in LENGTHS:
        for i in range(args.per_length):
            wanted.setdefault(rng.randrange(args.docs), []).append((L, i))
    excerpts_dir = out / "excerpts"
    truth = {}
    total_chars = 0
    for d in range(args.docs):
        body = take(reg_pool, rng.randint(2000, 20000), rng)
        text = frame(rng, body, "机密★10年") if rng.random() < 0.3 else "\n".join(body)
        total_chars += len(text)
        (reg / f"R{d:05d}.txt").write_text(text, encoding="utf-8")
        for (L, i) in wanted.get(d, []):
            flat = "\n".join(body)
            # L characters (whitespace not counted: the normaliser does not count it, and the
            # policy's 50 is in its characters) from a random place in the body.
            starts = [k for k, c in enumerate(flat) if not c.isspace()]
            s = rng.randrange(0, max(1, len(starts) - L))
            piece = flat[starts[s]:starts[min(s + L, len(starts)) - 1] + 1]
            # Dropping a sentence from 50 or 100 characters leaves no excerpt of that length.
            kinds = EDITS if L >= 300 else [k for k in EDITS if k != "dropped"]
            kind = kinds[i % len(kinds)]
            fmt = FORMATS[(i // len(kinds)) % len(FORMATS)]
            edited = edit(kind, piece, rng, s2t, pub_pool)
            before = "".join(take(pub_pool, rng.randint(60, 300), rng))
            after = "".join(take(pub_pool, rng.randint(60, 300), rng))
            sep = "" if kind == "inline" else "\n"
            (excerpts_dir / str(L)).mkdir(parents=True, exist_ok=True)
            path = write_doc(excerpts_dir / str(L) / f"{i:04d}_{kind}", before + sep + edited + sep + after, fmt)
            truth[str(path)] = {"length": L, "edit": kind, "format": fmt, "label": f"R#{d + 1}"}
    (out / "truth.json").write_text(json.dumps(truth))
    pub = out / "public"
    pub.mkdir(exist_ok=True)
    for i in range(300):
        write_doc(pub / f"public{i:03d}", frame(rng, take(pub_pool, rng.randint(1000, 5000), rng), ""), FORMATS[i % 3])
    speed = out / "speed"
    speed.mkdir(exist_ok=True)
    for i in range(20):
        (speed / f"prose{i:02d}.txt").write_text("\n".join(take(pub_pool, 340_000, rng)), encoding="utf-8")
    print(f"gen: {args.docs} registered documents, {total_chars} chars, {len(truth)} excerpts", file=sys.stderr)


def run(cmd, **kw):
    t = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    return p, time.time() - t


def mijian():
    return os.environ.get("MIJIAN", str(REPO / "target/release/mijian"))


def stage_index(args, out, results):
    key, idx = out / "index.key", out / "registered.idx"
    for p in (key, idx):
        if p.exists():
            p.unlink()
    subprocess.run([mijian(), "index", "key", "-o", str(key)], check=True, capture_output=True)
    extra = []
    if args.kgram:
        extra += ["--kgram", str(args.kgram)]
    if args.window:
        extra += ["--window", str(args.window)]
    cmd = ["/usr/bin/time", "-v", mijian(), "index", "add", "--level", "机密", "--label", "R", "--key", str(key), "--index", str(idx), *extra, str(out / "registered")]
    p, secs = run(cmd)
    if p.returncode != 0:
        sys.exit(f"index add failed: {p.stderr[-2000:]}")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    chk = subprocess.run([mijian(), "index", "check", "--index", str(idx), "--key", str(key)], capture_output=True, text=True).stdout.strip()
    results["index"] = {"command": " ".join(cmd[2:]), "seconds": round(secs, 1), "peak_rss_mb": round(int(rss.group(1)) / 1024, 1) if rss else None,
                        "file_mb": round(idx.stat().st_size / 1e6, 1), "check": chk}
    print(json.dumps(results["index"], ensure_ascii=False), file=sys.stderr)


def scan(paths, out, with_index=True):
    cmd = [mijian(), "scan", "-f", "json"]
    if with_index:
        cmd += ["--index", str(out / "registered.idx"), "--key", str(out / "index.key")]
    p, secs = run(cmd + [str(x) for x in paths])
    reports = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    return reports, secs, p


def stage_recall(args, out, results):
    truth = json.loads((out / "truth.json").read_text())
    reports, secs, p = scan([out / "excerpts"], out)
    top = {r["path"]: r for r in reports if "!" not in r["path"]}
    table = {}
    misses = []
    for path, t in truth.items():
        r = top.get(path)
        # The filler text carries the marks gen_data.py planted: only excerpt findings count.
        blocked = r is not None and any(f["kind"] == "excerpt" and f["level"] == "block" for f in r["findings"])
        named = r is not None and any(f["kind"] == "excerpt" and f["level"] == "block" and f["rule"] == "excerpt:" + t["label"] for f in r["findings"])
        for key in (f"len={t['length']}", f"len={t['length']} edit={t['edit']}", f"len={t['length']} format={t['format']}"):
            row = table.setdefault(key, [0, 0, 0])
            row[0] += 1
            row[1] += blocked
            row[2] += named
        if not blocked:
            misses.append((path, r["verdict"] if r else "missing"))
    results["recall"] = {k: {"excerpts": v[0], "blocked": round(v[1] / v[0], 4), "blocked_naming_source": round(v[2] / v[0], 4)} for k, v in sorted(table.items(), key=lambda kv: (int(kv[0].split()[0][4:]), kv[0]))}
    results["recall_misses"] = misses[:40]
    results["recall_scan_seconds"] = round(secs, 1)
    for L in LENGTHS:
        print(f"recall len={L}: {results['recall'][f'len={L}']}", file=sys.stderr)


def stage_public(args, out, results):
    reports, secs, _ = scan([out / "public"], out)
    top = [r for r in reports if "!" not in r["path"]]
    v = {}
    ex = {"block": 0, "review": 0}
    for r in top:
        v[r["verdict"]] = v.get(r["verdict"], 0) + 1
        levels = {f["level"] for f in r["findings"] if f["kind"] == "excerpt"}
        for lv in ("block", "review"):
            ex[lv] += lv in levels
    results["public"] = {"files": len(top), "verdicts": v, "files_with_excerpt_block": ex["block"], "files_with_excerpt_review": ex["review"]}
    print(f"public: {results['public']}", file=sys.stderr)


def stage_realworld(args, out, results):
    rw = REPO.parent / "shared" / "realworld"
    a, _, _ = scan([rw], out, with_index=False)
    b, _, _ = scan([rw], out, with_index=True)
    va = {r["path"]: r["verdict"] for r in a}
    changed = [(r["path"], va.get(r["path"]), r["verdict"]) for r in b if va.get(r["path"]) != r["verdict"]]
    excerpt_files = [r["path"] for r in b if any(f["kind"] == "excerpt" for f in r["findings"])]
    results["realworld"] = {"files": len(b), "verdict_changes": changed, "files_with_excerpt_findings": excerpt_files}
    print(f"realworld: {len(b)} files, {len(changed)} verdict changes, {len(excerpt_files)} with excerpt findings", file=sys.stderr)


def stage_speed(args, out, results):
    cmd = [mijian(), "bench", "--against-index", str(out / "registered.idx"), "--key", str(out / "index.key"), "-f", "json", str(out / "speed"), str(out / "public"), str(REPO.parent / "shared" / "realworld")]
    load = os.getloadavg()
    p, secs = run(cmd)
    if p.returncode != 0:
        sys.exit(f"bench failed: {p.stderr[-2000:]}")
    j = json.loads(p.stdout)
    results["speed"] = {"command": " ".join(cmd), "load_before": [round(x, 2) for x in load], "load_after": [round(x, 2) for x in os.getloadavg()],
                        "files": j["files"], "mb": round(j["bytes"] / 1e6, 1),
                        "without_index_mb_s": round(j["old"]["mb_per_s"], 2), "with_index_mb_s": round(j["new"]["mb_per_s"], 2),
                        "by_format": {f: [round(j["old"]["by_format"][f]["mb_per_s"], 2), round(j["new"]["by_format"][f]["mb_per_s"], 2)] for f in j["old"]["by_format"]},
                        "index": j["new"].get("index"), "rss_growth_mb": round((j["new"].get("rss_growth_bytes") or 0) / 1e6, 1),
                        "verdict_changes": len(j["verdict_changes"])}
    print(f"speed: {results['speed']}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--per-length", type=int, default=200)
    ap.add_argument("--out", default="/tmp/index_bench")
    ap.add_argument("--kgram", type=int)
    ap.add_argument("--window", type=int)
    ap.add_argument("--stages", nargs="*", default=["gen", "index", "recall", "public", "realworld", "speed"])
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rpath = out / "results.json"
    results = json.loads(rpath.read_text()) if rpath.exists() else {}
    results["uptime_start"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    for s in args.stages:
        {"gen": gen, "index": stage_index, "recall": stage_recall, "public": stage_public, "realworld": stage_realworld, "speed": stage_speed}[s](*( (args, out) if s == "gen" else (args, out, results)))
        rpath.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    results["uptime_end"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    rpath.write_text(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
