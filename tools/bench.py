"""`make bench`: how long each notebook takes from a fresh kernel, its peak memory, how long
generating 16 images takes, and how long the book build takes. A benchmark, not a test: it
reports against the budgets (notebook <= 90 s, 16 images <= 5 s) and never fails on them.

    python tools/bench.py --out bench [--skip-book]
    python tools/bench.py --out bench/loaded --loaded --timings-only     # quiet and loaded side by side

``--loaded`` times every notebook and the 16-image generation twice: on the quiet machine, then with
one CPU burner (a busy process, as a browser or a video call on a student's laptop) running beside
it, and reports both columns. ``--timings-only`` skips the chapter numbers and the book build.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench_chapters import CHAPTER_BENCHES

from aigc_ethics.core.attributes import load_classifier
from aigc_ethics.core.generate import default_guidance, load_pipeline

NOTEBOOK_BUDGET_S = 90.0
GENERATION_BUDGET_S = 5.0
ROOT = Path(__file__).resolve().parents[1]


class PeakMemory:
    """Polls the resident memory of this process's children (the notebook kernel)."""

    def __init__(self, interval: float = 0.1):
        import psutil
        self.psutil, self.interval, self.peak, self._stop = psutil, interval, 0, threading.Event()

    def _poll(self):
        me = self.psutil.Process()
        while not self._stop.is_set():
            total = 0
            for child in me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except self.psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(self.interval)

    def __enter__(self):
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


class Burner:
    """One busy process beside the benchmark (``with Burner(): ...``): the load a student's
    laptop always has. Started and stopped around each measurement, so quiet runs stay quiet."""

    def __enter__(self):
        self.proc = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        time.sleep(0.5)
        return self

    def __exit__(self, *exc):
        self.proc.kill()
        self.proc.wait()


def time_notebook(path: Path) -> dict:
    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    error = None
    with PeakMemory() as mem:
        try:
            NotebookClient(nb, timeout=600, kernel_name="python3",
                           resources={"metadata": {"path": str(path.parent)}}).execute()
        except Exception as err:  # report, don't stop the benchmark
            error = f"{type(err).__name__}: {str(err).splitlines()[0][:200] if str(err) else ''}"
    seconds = time.perf_counter() - start
    return {"notebook": str(path.relative_to(ROOT)), "seconds": round(seconds, 1),
            "peak_memory_mb": round(mem.peak / 2 ** 20), "within_budget": seconds <= NOTEBOOK_BUDGET_S,
            "error": error}


def time_generation() -> dict:
    import torch
    from modelcard import time_generation as timer
    torch.set_num_threads(min(2, os.cpu_count() or 1))
    pipe = load_pipeline("tiny", device="cpu")
    seconds = timer(pipe, n_images=16, repeats=3)
    return {"seconds_16_images": round(seconds, 2), "within_budget": seconds <= GENERATION_BUDGET_S,
            "steps": 25, "guidance_scale": default_guidance(), "torch_threads": torch.get_num_threads()}


def bias_numbers(n: int = 128) -> dict:
    """The bias chapter's numbers: a 6-profession audit of the default and rebalanced models, and
    the engineer prompt under each mitigation (n images per prompt, seed 0)."""
    import torch

    from aigc_ethics.chapters.bias import audit, compare_methods, diversified_prompts, fair_generate
    from aigc_ethics.core.datasets import composition_from_spec, make_dataset
    torch.set_num_threads(min(2, os.cpu_count() or 1))
    clf = load_classifier()
    out = {"classifier_accuracy": clf.info["held_out_accuracy"], "n": n}
    for name, spec in (("tiny", ""), ("balanced", "balanced")):
        table, _ = audit(load_pipeline(name, device="cpu"), clf, dataset=make_dataset(composition_from_spec(spec)),
                         n=n, progress=False)
        table["95% CI"] = table["95% CI"].map(list)
        out[f"audit_{name}"] = table.to_dict("records")
    pipe, prompt = load_pipeline("tiny", device="cpu"), "a portrait of an engineer"
    table, _ = compare_methods({
        "no mitigation": lambda: pipe(prompt, num_images_per_prompt=n, generator=0, output_type="np").images,
        "rebalanced data": lambda: load_pipeline("balanced", device="cpu")(prompt, num_images_per_prompt=n, generator=0,
                                                                            output_type="np").images,
        "prompt diversification": lambda: pipe(diversified_prompts(prompt, n), generator=0, output_type="np").images,
        "attribute guidance": lambda: fair_generate(pipe, prompt, n, edit_scale=2.0)[0],
    }, clf, "engineer")
    table["95% CI"] = table["95% CI"].map(list)
    out["mitigations_engineer"] = table.reset_index().to_dict("records")
    return out


def privacy_numbers(n_samples: int = 32) -> dict:
    """The privacy chapter's numbers: extraction per duplication level (n_samples per name) for
    the shipped privacy models, and both membership attacks (all 258 members vs 258 non-members,
    AUC with a 95 % bootstrap interval, TPR at 1 % FPR) on every privacy model, with DP info."""
    import numpy as np
    import torch

    from aigc_ethics.chapters.privacy import (
        distinct_pair_distances,
        extraction_table,
        members,
        membership_table,
        non_members,
        privacy_dataset,
    )
    from aigc_ethics.core.datasets import PROFESSIONS, article
    from aigc_ethics.core.generate import CHECKPOINTS
    torch.set_num_threads(min(2, os.cpu_count() or 1))
    data = privacy_dataset(seed=0)
    threshold = float(np.quantile(distinct_pair_distances(members(data).images, n_pairs=2000, seed=0), 0.01))
    out = {"threshold": threshold, "n_samples_per_name": n_samples, "extraction": {}, "membership": []}
    names = ["privacy-600", "privacy-1200", "privacy-dedup-1200", "privacy-nodp", "privacy-dp"]
    pipes = {n: load_pipeline(n, device="cpu") for n in names}
    for name in names:
        table, _ = extraction_table(pipes[name], data, n=n_samples, threshold=threshold, seed=0)
        out["extraction"][name] = table.groupby("copies in training data")["extracted"].sum().to_dict()
    table, _ = membership_table(pipes, members(data), non_members(seed=1), n_boot=1000, seed=0)
    out["membership"] = table.round(4).to_dict("records")
    clf = load_classifier()
    out["faithfulness"] = {}
    for name in names:
        accs = []
        for i, p in enumerate(PROFESSIONS):
            imgs = pipes[name](f"a portrait of {article(p)} {p}", num_images_per_prompt=32, generator=i,
                               output_type="np").images
            accs.append(float((clf.predict((imgs * 255).round().astype(np.uint8)).profession == p).mean()))
        out["faithfulness"][name] = round(float(np.mean(accs)), 3)
    out["dp"] = json.loads((CHECKPOINTS / "privacy-dp" / "dp_info.json").read_text())
    return out


def filter_numbers() -> dict:
    """The filters lesson's error rates on the test prompts."""
    from aigc_ethics.chapters.filters import (
        BlocklistFilter,
        SemanticFilter,
        blocklist_from_data,
        error_rates,
        identity_augmented,
        load_prompt_set,
        rates_by_group,
    )
    d = load_prompt_set()
    tr, te = d[d.split == "train"], d[d.split == "test"]
    groups = sorted(set(d.group) - {""})
    bal = identity_augmented(tr, groups)
    filters = {"hand-written blocklist": BlocklistFilter(),
               "mined blocklist (30 words)": BlocklistFilter(blocklist_from_data(tr.prompt, tr.label == "harmful", top_k=30)),
               "semantic filter": SemanticFilter(seed=0).fit(tr.prompt, tr.label == "harmful"),
               "semantic filter, balanced data": SemanticFilter(seed=0).fit(bal.prompt, bal.label == "harmful")}
    out = {}
    for name, f in filters.items():
        p = f.predict(te.prompt)
        g = rates_by_group(te, p)["blocked_share"]
        out[name] = {**error_rates(p, te.label == "harmful"),
                     "max group gap": round(float(g[groups].max() - g[groups].min()), 3)}
    return out


def chapter_numbers() -> dict:
    """Numbers each chapter measures (``tools/bench_chapters.py``: one explicit list)."""
    return {name: bench() for name, bench in CHAPTER_BENCHES.items()}


def time_book_build() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        cfg = Path(tmp) / "_config.yml"
        cfg.write_text((ROOT / "_config.yml").read_text().replace("execute_notebooks: force",
                                                                  'execute_notebooks: "off"'))
        start = time.perf_counter()
        proc = subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT),
                               "--config", str(cfg), "--path-output", tmp, "-W", "--keep-going"],
                              capture_output=True, text=True)
        return {"seconds": round(time.perf_counter() - start, 1), "ok": proc.returncode == 0,
                "mode": "render committed outputs (as in make test)"}


def write_report(results: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=1))
    loaded = any("seconds_loaded" in r for r in results["notebooks"])
    lines = ["# Benchmark results", "",
             f"Machine: {results['machine']}, {results['cpus']} CPU cores, Python {results['python']}. "
             f"Written by `make bench` on {results['date']}.", "",
             f"Budgets: every notebook <= {NOTEBOOK_BUDGET_S:.0f} s from a fresh kernel; 16 images <= "
             f"{GENERATION_BUDGET_S:.0f} s.", "",
             ("| Notebook | Seconds (quiet) | Seconds (1 burner) | Peak memory (MB) | Within budget (quiet) |"
              if loaded else "| Notebook | Seconds | Peak memory (MB) | Within budget |"),
             "|---|---|---|---|---|" if loaded else "|---|---|---|---|"]
    for r in results["notebooks"]:
        status = "yes" if r["within_budget"] and not r["error"] else f"**no** {r['error'] or ''}"
        extra = f" {r.get('seconds_loaded', '')} |" if loaded else ""
        lines.append(f"| `{r['notebook']}` | {r['seconds']} |{extra} {r['peak_memory_mb']} | {status} |")
    total = sum(r["seconds"] for r in results["notebooks"])
    lines += ["", f"All notebooks together: {total:.0f} s" + (
        f" quiet, {sum(r.get('seconds_loaded', 0) for r in results['notebooks']):.0f} s with one burner." if loaded
        else "."), ""]
    g = results["generation"]
    lines.append(f"Generating 16 images ({g['steps']} DDIM steps, guidance {g['guidance_scale']}, "
                 f"{g['torch_threads']} threads): **{g['seconds_16_images']} s** "
                 f"({'within' if g['within_budget'] else 'over'} budget)"
                 + (f"; with one burner: **{g['seconds_16_images_loaded']} s**." if "seconds_16_images_loaded" in g else "."))
    if results.get("bias"):
        b = results["bias"]
        lines += ["", f"## Bias audit ({b['n']} images per prompt, seed 0)", "",
                  "| Model | Prompt | Lighter share (training) | Lighter share (output) | 95% CI | Amplification |",
                  "|---|---|---|---|---|---|"]
        for model in ("tiny", "balanced"):
            for r in b[f"audit_{model}"]:
                lines.append(f"| {model} | {r['prompt']} | {r['lighter share (training)']} | "
                             f"{r['lighter share (output)']} | {r['95% CI']} | {r['amplification']} |")
        lines += ["", "| Mitigation (engineer) | Lighter share | 95% CI | Faithfulness | Diversity | s/image |",
                  "|---|---|---|---|---|---|"]
        for r in b["mitigations_engineer"]:
            lines.append(f"| {r['method']} | {r['lighter share']} | {r['95% CI']} | {r['faithfulness']} | "
                         f"{r['diversity']} | {r['seconds per image']} |")
    if results.get("privacy"):
        pr = results["privacy"]
        lines += ["", f"## Privacy (threshold {pr['threshold']:.3f}, {pr['n_samples_per_name']} samples per name, seed 0)", "",
                  "Extracted samples per duplication level (two names per level, so out of "
                  f"{2 * pr['n_samples_per_name']}):", "", "| Model | 1x | 4x | 16x | 64x | Faithfulness |", "|---|---|---|---|---|---|"]
        for model, ext in pr["extraction"].items():
            cells = " | ".join(str(ext.get(k, ext.get(str(k), ""))) for k in (1, 4, 16, 64))
            lines.append(f"| {model} | {cells} | {pr['faithfulness'][model]} |")
        lines += ["", "| Model | Attack | AUC | 95% CI | TPR at 1% FPR |", "|---|---|---|---|---|"]
        for r in pr["membership"]:
            lines.append(f"| {r['model']} | {r['attack']} | {r['AUC']} | {r['AUC 95% CI']} | {r['TPR at 1% FPR']} |")
        lines.append(f"\nDP model: epsilon {pr['dp']['epsilon']} at delta {pr['dp']['delta']}, noise multiplier "
                     f"{pr['dp']['noise_multiplier']}, {pr['dp']['steps']} steps.")
    if results.get("filters"):
        lines += ["", "## Prompt filters (test prompts)", "",
                  "| Filter | False-positive rate | False-negative rate | Largest gap between groups |", "|---|---|---|---|"]
        for name, r in results["filters"].items():
            lines.append(f"| {name} | {r['false_positive_rate']:.3f} | {r['false_negative_rate']:.3f} | {r['max group gap']} |")
    for chapter, numbers in (results.get("chapters") or {}).items():
        lines += ["", f"## {chapter} (from `bench_{chapter}()`)", "", "```json",
                  json.dumps(numbers, indent=1, default=str)[:6000], "```"]
    if results.get("book"):
        b = results["book"]
        lines.append(f"\nBook build ({b['mode']}): {b['seconds']} s ({'ok' if b['ok'] else 'FAILED'}).")
    (out / "README.md").write_text("\n".join(lines) + "\n")


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default=str(ROOT / "bench"))
    p.add_argument("--skip-book", action="store_true")
    p.add_argument("--loaded", action="store_true", help="also time everything with one CPU burner beside it")
    p.add_argument("--timings-only", action="store_true", help="skip the chapter numbers and the book build")
    p.add_argument("notebooks", nargs="*", help="default: notebooks/*.ipynb and solutions/*.ipynb")
    args = p.parse_args(argv)
    paths = [Path(n).resolve() for n in args.notebooks] or sorted((ROOT / "notebooks").glob("*.ipynb")) + \
        sorted((ROOT / "solutions").glob("*.ipynb"))
    from tqdm.auto import tqdm
    results = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine": platform.processor() or platform.machine(),
               "cpus": os.cpu_count(), "python": platform.python_version(), "notebooks": []}
    for path in tqdm(paths, desc="notebooks"):
        row = time_notebook(path)
        if args.loaded:
            with Burner():
                row["seconds_loaded"] = time_notebook(path)["seconds"]
        results["notebooks"].append(row)
        print(results["notebooks"][-1], flush=True)
    results["generation"] = time_generation()
    if args.loaded:
        with Burner():
            results["generation"]["seconds_16_images_loaded"] = time_generation()["seconds_16_images"]
    if not args.timings_only:
        results["bias"] = bias_numbers()
        results["filters"] = filter_numbers()
        results["privacy"] = privacy_numbers()
        results["chapters"] = chapter_numbers()
    results["book"] = None if (args.skip_book or args.timings_only) else time_book_build()
    write_report(results, Path(args.out))
    print((Path(args.out) / "README.md").read_text())


if __name__ == "__main__":
    main()
