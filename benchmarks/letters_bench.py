"""How fast are letters and their guards? Figures are relative to a baseline measured in the same run.

    .venv/bin/python benchmarks/letters_bench.py [--runs 20] [--pdf-runs 5]

Baseline: rendering the default answer template against the worst-case context (5,000-character request) — the
work every letter does. Measured: the default templates' save-time check (compile + sample + worst case), a hostile
template (nested loops over the request, which took 42 s per registration before the budget) refused at save, a
letter laid out as DOCX and as PDF (after one warm-up: the first PDF loads the CJK fonts), and a 15-page dossier
layout without the PDF step. Goals: save check < 1 s; hostile refusal ≈ the 1 s budget, not minutes; DOCX < 300 ms;
PDF < 1.5 s. Never run by the test suite; no figure here is a pass/fail threshold.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HOSTILE = "{% for a in content %}{% for b in content %}{% if a == b %}{% endif %}{% endfor %}{% endfor %}"


def ms(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--pdf-runs", type=int, default=5)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from zoneinfo import ZoneInfo

    from gongkai.cases import letter_sandbox, letters
    from gongkai.cases.letter_output import PROVISIONAL_NOTE
    from gongkai.documents import model
    from gongkai.documents.docx import render_docx
    from gongkai.documents.pdf import render_pdf

    worst = letters.worst_case_context()
    answer_body = letters.DEFAULTS["answer"][1]
    base = statistics.median(ms(lambda: letters.render_body(answer_body, worst), args.runs))

    def save_check():
        for _kind, (_title, body) in letters.DEFAULTS.items():
            letters.render_body(body, letters._sample_context())
            letters.render_body(body, worst, seconds=letters.SAVE_SECONDS)

    save = statistics.median(ms(save_check, max(args.runs // 4, 3)))

    def hostile():
        try:
            letter_sandbox.render(letter_sandbox.compile_body(HOSTILE), worst, seconds=letters.SAVE_SECONDS,
                                  max_chars=letters.MAX_LETTER_CHARS)
        except letter_sandbox.TemplateTooSlow:
            return
        raise AssertionError("the hostile template was not stopped")

    refused = statistics.median(ms(hostile, 3))
    typical = {**letters._sample_context(), "request": "2025年度商务局招商引资项目清单。", "decision_text": "共3页。"}
    text = letters.render_body(answer_body, worst)
    short = model.Document("答复书", "嘉祥县商务局", datetime(2026, 12, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai")))
    short.add(model.Title("政府信息公开申请答复书"), model.Number("嘉商公开〔2026〕第13号"), model.Addressee("张三"),
              *[model.Para(p) for p in letters.render_body(answer_body, typical).splitlines() if p.strip()],
              model.Signature("嘉祥县商务局", date(2026, 12, 1)))
    doc = model.Document("政府信息公开申请答复书", "嘉祥县商务局", datetime(2026, 12, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai")))
    doc.add(model.Title("政府信息公开申请答复书"), model.Number("嘉商公开〔2026〕第13号"), model.Addressee("张三"),
            *[model.Para(p) for p in text.splitlines() if p.strip()], model.Signature("嘉祥县商务局", date(2026, 12, 1)),
            model.Note(PROVISIONAL_NOTE))
    docx = statistics.median(ms(lambda: render_docx(doc), args.runs))
    first_pdf = ms(lambda: render_pdf(doc), 1)[0]
    pdf = statistics.median(ms(lambda: render_pdf(doc), args.pdf_runs))
    pdf_short = statistics.median(ms(lambda: render_pdf(short), args.pdf_runs))
    rows = [("baseline: default answer, worst-case context", base), ("save-time check of all 9 defaults", save),
            ("hostile template refused (1 s budget)", refused), ("answer letter as DOCX", docx),
            ("answer letter as PDF (first call)", first_pdf), ("worst-case answer as PDF (4 pages)", pdf),
            ("typical answer as PDF (1 page)", pdf_short)]
    print(f"{'measure':48} {'ms':>10} {'× baseline':>12}")
    for name, value in rows:
        print(f"{name:48} {value:10.1f} {value / base:12.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
