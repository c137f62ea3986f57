"""Throughput of `eventwire run` on real articles, side by side with the raw spaCy model.

Reads ../shared/corpora/bbc_2004_2005_train.csv.gz (never needed by the tests) and writes N articles as text
files. Past the corpus' 1,557 articles,
article k mixes the sentences of two articles (k's and another's, alternating) so that no two are near copies
and every one is coded. Then, in one script run:

1. **raw model**: the spaCy pipeline alone, as published (``spacy.load``), one process, ``nlp.pipe`` over the same
   paragraphs (title and paragraphs of every article, as eventwire feeds them; the same ``batch_size``), model
   load not counted;
2. **eventwire run** with its defaults (a subprocess, exactly as a user types it; a temporary Prefect server
   unless PREFECT_API_URL is set), its memory sampled as the sum of the RSS of all its processes (the CLI, the
   NLP workers, the temporary Prefect server) every 0.1 s;
3. **rerun** on the unchanged input.

It prints articles/s, words/s, the speed-up over the raw model, each stage's seconds (from the run's log),
Prefect's own overhead and the peak memory of all processes.

    .venv/bin/python benchmarks/throughput.py [N] [--no-raw] [--server] [-- extra eventwire run options]
    .venv/bin/python benchmarks/throughput.py 1000
    .venv/bin/python benchmarks/throughput.py 10000 --no-raw          # memory at 10k articles
    .venv/bin/python benchmarks/throughput.py 1000 --server           # against a long-lived Prefect server
    .venv/bin/python benchmarks/throughput.py 1000 -- --workers 1     # any run option
"""

from __future__ import annotations

import csv
import gzip
import io
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc_2004_2005_train.csv.gz"
EVENTWIRE = [str(Path(sys.executable).with_name("eventwire"))]


def write_articles(folder: Path, n: int) -> int:
    with gzip.open(CORPUS, "rt", encoding="utf-8", newline="") as f:
        rows = [r["text"].strip() for r in csv.DictReader(io.StringIO(f.read()))]
    words = 0
    for k in range(n):
        text = rows[k % len(rows)]
        rnd = k // len(rows)
        if rnd:  # a new article from two real ones: k's sentences, every other one taken from another article
            mine = re.split(r"(?<=\.) ", text)
            other = re.split(r"(?<=\.) ", rows[(k + 37 * rnd) % len(rows)])
            text = " ".join(o if j % 2 and j < len(other) else m for j, (m, o) in enumerate(zip(mine, other + mine,
                                                                                                   strict=False)))
        (folder / f"bbc_{k:05d}.txt").write_text(text.replace("\n", "\n\n"), encoding="utf-8")
        words += len(text.split())
    return words


def segments(folder: Path) -> list[str]:
    """The texts eventwire gives the model: each article's title and paragraphs (read as eventwire reads them)."""
    from transforms.nlp import segment_texts
    from transforms.normalise import normalise
    from transforms.readers import read_file

    texts = []
    for path in sorted(folder.iterdir()):
        for raw in read_file(str(path), path.read_bytes()).articles:
            texts += [t for _, _, t in segment_texts(normalise(raw, file_id="x", file_sha256="x"))]
    return texts


def raw_model(texts: list[str]) -> tuple[float, float]:
    import spacy

    from flows.nlp_pool import PIPE_BATCH  # the batch size eventwire uses, the fastest for this model here
    from transforms.nlp import resolve_model_name

    t0 = time.perf_counter()
    nlp = spacy.load(resolve_model_name())  # the model as published (eventwire's load_model speeds it up)
    t1 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=PIPE_BATCH):
        pass
    return t1 - t0, time.perf_counter() - t1


class PeakMemory(threading.Thread):
    """Samples the summed RSS of a process and all its descendants."""

    def __init__(self, pid: int, every: float = 0.1):
        super().__init__(daemon=True)
        self.proc, self.every, self.peak, self.peak_n, self.parts = psutil.Process(pid), every, 0, 0, []
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            total, parts = 0, []
            for p in procs:
                try:
                    rss = p.memory_info().rss
                    total += rss
                    parts.append((rss, " ".join(p.cmdline()[1:4])[:60]))
                except psutil.NoSuchProcess:
                    pass
            if total > self.peak:
                self.peak, self.peak_n, self.parts = total, len(procs), parts
            time.sleep(self.every)


def eventwire_run(args: list[str], env: dict) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.Popen([*EVENTWIRE, "run", *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, env=env)
    sampler = PeakMemory(proc.pid)
    sampler.start()
    out, _ = proc.communicate()
    wall = time.perf_counter() - t0
    sampler.stopped.set()
    sampler.join()
    if proc.returncode:
        sys.exit(f"eventwire run failed ({proc.returncode}):\n{out[-4000:]}")
    stages = dict((k, float(v)) for k, v in re.findall(r"(\w+) ([\d.]+)", re.search(r"stage seconds: (.*)", out)
                                                         .group(1)))
    seconds = stages.pop("flow_body")
    peaks = re.search(r"peak memory of the flow's process \(MB\) after each stage: (.*)", out)
    flow_peaks = dict((k, int(v)) for k, v in re.findall(r"(\w+) (\d+)", peaks.group(1))) if peaks else {}
    nlp = re.search(r"NLP: (\d+) process", out)
    return {"wall": wall, "flow": seconds, "stages": stages, "peak_mb": sampler.peak / 2**20,
            "peak_processes": sampler.peak_n, "peak_parts": sorted(sampler.parts, reverse=True),
            "workers": int(nlp.group(1)) if nlp else None, "flow_peaks": flow_peaks, "output": out}


def prefect_server(tmp: Path) -> tuple[subprocess.Popen, str]:
    import socket

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "PREFECT_HOME": str(tmp / "prefect"), "PREFECT_SERVER_API_PORT": str(port)}
    env.pop("PREFECT_API_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port",
                             str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/api"
    for _ in range(600):
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    sys.exit("the Prefect server did not start")


def main() -> None:
    argv = sys.argv[1:]
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    n = int(next((a for a in argv if a.isdigit()), 200))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "in").mkdir()
        words = write_articles(tmp / "in", n)
        print(f"articles: {n}  words: {words:,}  (load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} "
              f"{os.getloadavg()[2]:.2f}, {os.cpu_count()} cores)", flush=True)
        if "--no-raw" not in argv:
            texts = segments(tmp / "in")
            load, secs = raw_model(texts)
            raw_words = sum(len(t.split()) for t in texts)
            print(f"raw spaCy model, one process, nlp.pipe on the same {len(texts):,} paragraphs: {secs:.1f} s "
                  f"({raw_words / secs:,.0f} words/s, {n / secs:.1f} articles/s; model load {load:.1f} s not counted)",
                  flush=True)
        else:
            secs = None
        args = ["--input", str(tmp / "in"), "--db", str(tmp / "w.duckdb"), "--lake", str(tmp / "lake"), *extra]
        import_s = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import flows.pipeline"], cwd=ROOT, check=True)
        import_s = time.perf_counter() - import_s
        # this checkout's code, in the run and its workers; PREFECT_API_URL as set (none: a temporary server)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        server = None
        if "--server" in argv:  # a long-lived Prefect server, as docs/operating.md recommends
            server, env["PREFECT_API_URL"] = prefect_server(tmp)
        try:
            cold = eventwire_run(args, env)
            warm = eventwire_run(args, env)
        finally:
            if server:
                server.terminate()
                server.wait(timeout=30)
    where = f"Prefect server {env['PREFECT_API_URL']}" if env.get("PREFECT_API_URL") else "temporary Prefect server"
    print(f"eventwire run {' '.join(extra)} (defaults otherwise; {where}): {cold['wall']:.1f} s wall, "
          f"{cold['flow']:.1f} s in the flow -> {n / cold['wall']:.1f} articles/s, {words / cold['wall']:,.0f} words/s "
          f"(NLP in {cold['workers']} process(es))")
    if secs:
        print(f"  speed-up over the raw model alone: {secs / cold['wall']:.2f}x end to end (wall), "
              f"{secs / cold['flow']:.2f}x in the flow")
    st = cold["stages"]
    laps = {k: v for k, v in st.items() if not k.endswith("_work")}
    print("  stages (wall s): " + ", ".join(f"{k} {v:.1f}" for k, v in laps.items()))
    print("  NLP worker time (s, summed over workers): " + ", ".join(
        f"{k[4:-5]} {v:.1f}" for k, v in st.items() if k.endswith("_work")))
    nlp_busy = sum(v for k, v in st.items() if k.endswith("_work"))
    if cold["workers"] and st.get("nlp"):
        print(f"  NLP workers busy {100 * nlp_busy / (st['nlp'] * cold['workers']):.0f}% of the NLP stage")
    outside = cold["wall"] - cold["flow"]
    print(f"  Prefect overhead: {outside:.1f} s outside the flow body (of which {import_s:.1f} s Python imports; the "
          f"rest Prefect: its temporary server's start and stop when no server is set, the flow run's setup and "
          "teardown)")
    print(f"  peak memory, all processes: {cold['peak_mb']:,.0f} MB ({cold['peak_processes']} processes: " + ", ".join(
        f"{rss / 2**20:,.0f} MB {cmd}" for rss, cmd in cold["peak_parts"]) + ")")
    if cold["flow_peaks"]:
        print("  the flow's process, its peak memory (MB) after each stage: " + ", ".join(
            f"{k} {v:,}" for k, v in cold["flow_peaks"].items()))
    print(f"rerun, all unchanged: {warm['wall']:.1f} s wall ({warm['flow']:.1f} s in the flow) = "
          f"{100 * warm['wall'] / cold['wall']:.1f}% of the first run; peak memory {warm['peak_mb']:,.0f} MB")
    print("  stages (wall s): " + ", ".join(f"{k} {v:.1f}" for k, v in warm["stages"].items()
                                           if not k.endswith("_work")))


if __name__ == "__main__":
    main()
