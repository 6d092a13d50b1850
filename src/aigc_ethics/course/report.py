"""A student's own results, written to two small files to hand in.

In a notebook, register the numbers you measured and, at the end, write the report::

    from aigc_ethics.report import record, save_report
    record("extraction rate at 0.1", rate)          # any number you want to hand in
    save_report("my_results", title="Privacy exercises")

``save_report`` writes ``my_results.json`` (for a grader's script) and ``my_results.md`` (to read)
with the outcome of every check run in this kernel (from :data:`aigc_ethics.check.RESULTS`: the
latest outcome per check, and how many attempts it took) and the numbers registered with
:func:`record`. It contains nothing else: no name unless you pass ``student=``, no images, no
answers to the open questions.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
from numbers import Number
from pathlib import Path

from aigc_ethics.course.check.feedback import RESULTS

#: Named numbers registered in this kernel with :func:`record`, in the order they were registered.
NUMBERS: dict[str, dict] = {}


def _plain(value):
    """``value`` as a JSON number, or a list of them (numpy scalars and arrays included)."""
    if hasattr(value, "tolist"):                     # numpy scalar or array, torch tensor
        value = value.tolist()
    if isinstance(value, bool) or not isinstance(value, (Number, list, tuple)):
        raise TypeError(f"record() takes a number or a list of numbers, got {type(value).__name__}")
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    value = float(value) if not isinstance(value, int) else value
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"record() got {value}: hand in a finite number")
    return value


def record(name: str, value, *, unit: str = "", note: str = "") -> None:
    """Register a number you measured under ``name`` (recording the same name again replaces it).

    >>> record("AUC on JPEG-compressed images", 0.71)
    """
    if not isinstance(name, str) or not name.strip():
        raise ValueError("record() needs a name, e.g. record('extraction rate', rate)")
    NUMBERS[name.strip()] = {"value": _plain(value), "unit": unit, "note": note}


def checks_summary(results: list[dict] | None = None) -> list[dict]:
    """One row per check, in the order first run: its latest outcome and the number of attempts."""
    rows: dict[str, dict] = {}
    for r in RESULTS if results is None else results:
        row = rows.setdefault(r["check"], {"check": r["check"], "passed": False, "attempts": 0})
        row["passed"] = bool(r["passed"])
        row["attempts"] += 1
    return list(rows.values())


def report(title: str = "", *, student: str = "") -> dict:
    """The report as a dict (what :func:`save_report` writes as JSON)."""
    checks = checks_summary()
    return {
        "title": title,
        "student": student,
        "written": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "checks": checks,
        "passed": sum(c["passed"] for c in checks),
        "total": len(checks),
        "numbers": {k: dict(v) for k, v in NUMBERS.items()},
    }


def _markdown(rep: dict) -> str:
    lines = [f"# {rep['title'] or 'My results'}", ""]
    if rep["student"]:
        lines += [f"Student: {rep['student']}", ""]
    lines += [f"Written {rep['written']}. Checks passed: {rep['passed']} of {rep['total']}.", ""]
    if rep["checks"]:
        lines += ["| Check | Outcome | Attempts |", "|---|---|---|"]
        lines += [f"| `{c['check']}` | {'passed' if c['passed'] else 'not yet'} | {c['attempts']} |"
                  for c in rep["checks"]]
        lines.append("")
    if rep["numbers"]:
        lines += ["| Number | Value | Unit | Note |", "|---|---|---|---|"]
        lines += [f"| {k} | {v['value']} | {v['unit']} | {v['note']} |" for k, v in rep["numbers"].items()]
        lines.append("")
    if not rep["checks"] and not rep["numbers"]:
        lines += ["Nothing to report yet: run the exercise's check cells, or `record(...)` a number.", ""]
    return "\n".join(lines)


def save_report(path: str | Path = "my_results", *, title: str = "", student: str = "") -> tuple[Path, Path]:
    """Write ``<path>.json`` and ``<path>.md`` with this kernel's check outcomes and recorded
    numbers; return the two paths. Hand in both (or the one your instructor asks for)."""
    base = Path(path)
    if base.suffix in (".json", ".md"):
        base = base.with_suffix("")
    base.parent.mkdir(parents=True, exist_ok=True)
    rep = report(title=title, student=student)
    json_path, md_path = base.with_suffix(".json"), base.with_suffix(".md")
    json_path.write_text(json.dumps(rep, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(_markdown(rep), encoding="utf-8")
    print(f"Wrote {md_path} and {json_path}: {rep['passed']} of {rep['total']} checks passed, "
          f"{len(rep['numbers'])} numbers recorded.")
    return json_path, md_path


def clear() -> None:
    """Forget the recorded numbers (the check outcomes live in ``aigc_ethics.check.RESULTS``)."""
    NUMBERS.clear()
