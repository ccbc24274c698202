"""Charts of the figures the article argues from, drawn from the same answers as the CLI.

Each chart has a *data* function (what is plotted, tested against the query
and audit answers) and a *draw* function (matplotlib, Agg backend, SVG or PNG
bytes). Keeping them apart means a test checks the plotted series, not pixels:

- ``export-value``: export value by year, and each year's printed growth rate
  beside the audit's recomputation (plus the printed 2018–2020 average beside
  its recomputed readings);
- ``field-shares`` and ``region-shares``: the average shares the article prints;
- ``matrix``: constraint × countermeasure (cq01's links), each cell marked as
  stated by the author, only a curator's reading, or only a summary sentence.

matplotlib is the optional ``analysis`` extra, imported only when drawing.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import cast

from rdflib import Dataset, URIRef

from htkg.audit.run import run_audit
from htkg.errors import InputError
from htkg.output.labels import Labeller
from htkg.paths import ProjectPaths
from htkg.queries.catalogue import find_query, run
from htkg.rdf.namespaces import HTKG

__all__ = [
    "CHARTS",
    "ExportSeries",
    "Matrix",
    "answers",
    "draw",
    "export_series",
    "matrix",
    "shares",
]

AUTHOR, CURATOR, SUMMARY = "author", "curator", "summary"
FONTS = ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "DejaVu Sans"]
_T = {
    "value": ("High-tech exports (100 million USD)", "高新技术产品出口额（亿美元）"),
    "growth": ("Growth rate (%)", "增长率（%）"),
    "printed": ("printed in the article", "文中数值"),
    "recomputed": ("recomputed by the audit", "审计重新计算"),
    "field": ("Average share of high-tech exports by field, 2018–2020 (%)",
              "2018–2020年各技术领域出口平均比重（%）"),
    "region": ("Average share of high-tech exports by market, 2018–2020 (%)",
               "2018–2020年各市场出口平均比重（%）"),
    "others": ("all other markets", "其他市场"),
    "matrix": ("Which countermeasure answers which constraint", "制约因素与对策的对应"),
    AUTHOR: ("stated by the author", "作者明确陈述"),
    CURATOR: ("curator's reading only", "仅为编者解读"),
    SUMMARY: ("summary sentence only", "仅见于总括性语句"),
    "average": ("average", "平均"),
}  # fmt: skip


def _t(key: str, lang: str) -> str:
    return _T[key][1 if lang == "zh" else 0]


# ---------------------------------------------------------------------- data --


@dataclass
class ExportSeries:
    """Export value by year; growth printed and recomputed by year; the averages."""

    values: dict[int, Decimal]
    printed: dict[int, Decimal | None]
    recomputed: dict[int, Decimal | None]
    #: (reading, printed, recomputed) of each average the audit checks
    averages: list[tuple[str, Decimal, Decimal]] = field(default_factory=list)


def export_series(dataset: Dataset, lang: str = "en") -> ExportSeries:
    """The series of the export-value chart, from the audit's checks."""
    checks = run_audit(dataset)
    values: dict[int, Decimal] = {}
    printed: dict[int, Decimal | None] = {}
    recomputed: dict[int, Decimal | None] = {}
    from htkg.audit.model import pick, read_figures

    for figure in pick(read_figures(dataset), "ind-export-value"):
        if figure.start is not None and figure.start == figure.end:
            values[figure.start] = figure.value
    for check in checks:
        if check.id.startswith("growth-"):
            year = int(check.id.removeprefix("growth-"))
            printed[year], recomputed[year] = check.printed, check.recomputed
    averages = [
        (check.label_zh if lang == "zh" else check.label_en, check.printed, check.recomputed)
        for check in checks
        if check.id.startswith("average-growth-")
        and check.printed is not None
        and check.recomputed is not None
    ]
    return ExportSeries(dict(sorted(values.items())), printed, recomputed, averages)


def query_rows(dataset: Dataset, name: str, lang: str, **params: str) -> list[dict[str, object]]:
    """A competency question's rows as ``{column: term}`` (``lang`` bound if it takes one)."""
    query = find_query(name, ProjectPaths.discover().queries)
    given = {"lang": lang, **params} if query.param("lang") else dict(params)
    table = run(dataset, query, given)
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


def shares(dataset: Dataset, kind: str, lang: str = "en") -> list[tuple[str, float]]:
    """(label, share %) per field (cq11) or per market (cq12), largest first.

    A field figure that covers several fields (信息技术、电子技术 92.48 %) is one
    bar named by all of them; the regional shares get an 'all other markets' bar
    for what the listed ones leave of 100 %.
    """
    labeller = Labeller(dataset, lang)
    bars: dict[str, float] = {}
    if kind == "field":
        fields: dict[URIRef, list[str]] = {}
        values: dict[URIRef, float] = {}
        for row in query_rows(dataset, "cq11", lang):
            obs = cast(URIRef, row["obs"])
            fields.setdefault(obs, []).append(labeller.text(cast(URIRef, row["field"])))
            values[obs] = float(str(row["value"]))
        joiner = "、" if lang == "zh" else " + "
        bars = {joiner.join(sorted(fields[o])): v for o, v in values.items()}
    elif kind == "region":
        for row in query_rows(dataset, "cq12", lang):
            bars[labeller.text(row["market"])] = float(row["value"])  # type: ignore[arg-type]
        rest = round(100 - sum(bars.values()), 4)
        if rest > 0:
            bars[_t("others", lang)] = rest
    else:
        raise InputError(f"no share chart {kind!r}: field or region")
    return sorted(bars.items(), key=lambda kv: -kv[1])


@dataclass
class Matrix:
    """Constraint factors (rows) × countermeasures (columns); each cell's strongest mark."""

    factors: list[tuple[URIRef, str]]
    countermeasures: list[tuple[URIRef, str]]
    cells: dict[tuple[URIRef, URIRef], str]


def answers(dataset: Dataset, lang: str = "en") -> list[dict[str, object]]:
    """cq01's rows with every answer on its own line (``summaries=show``), as the matrix
    and the brief read them."""
    return [
        row
        for row in query_rows(dataset, "cq01", lang, summaries="show")
        if row.get("countermeasure") is not None
    ]


def matrix(dataset: Dataset, lang: str = "en") -> Matrix:
    """cq01's links as a matrix: author-stated beats a curator's reading beats a summary.

    A row that rests on a summary link (cq01's ``summary`` column: the abstract's
    由此 sentence, which pairs every constraint with every countermeasure) marks
    its cell *summary* unless another row gives it a chain of its own.
    """
    labeller = Labeller(dataset, lang)
    rank = {AUTHOR: 0, CURATOR: 1, SUMMARY: 2}
    cells: dict[tuple[URIRef, URIRef], str] = {}
    factors: dict[URIRef, str] = {}
    names: dict[URIRef, str] = {}
    for row in answers(dataset, lang):
        factor, answer = row["factor"], row["countermeasure"]
        factors[factor] = labeller.text(factor)  # type: ignore[index,arg-type]
        names[answer] = labeller.text(answer)  # type: ignore[index,arg-type]
        summary = row.get("summary")
        via_summary = summary is not None and bool(summary.toPython())  # type: ignore[attr-defined]
        mark = SUMMARY if via_summary else AUTHOR if row["mode"] == HTKG.authorStated else CURATOR
        key = (factor, answer)
        if key not in cells or rank[mark] < rank[cells[key]]:
            cells[key] = mark  # type: ignore[index]
    return Matrix(
        sorted(factors.items(), key=lambda kv: str(kv[0])),
        sorted(names.items(), key=lambda kv: str(kv[0])),
        cells,
    )


# ------------------------------------------------------------------- drawing --


def _pyplot():
    try:
        import matplotlib
    except ImportError:
        raise InputError("matplotlib is not installed: pip install 'htkg[analysis]'") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["font.sans-serif"] = FONTS
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["axes.unicode_minus"] = False
    plt.rcParams["svg.hashsalt"] = "htkg"  # the same SVG for the same data
    return plt


def _wrap(text: str, width: int) -> str:
    """Break a tick label into lines of at most ``width`` display columns."""
    import textwrap

    from htkg.output.tables import display_width

    if " " in text:
        return "\n".join(textwrap.wrap(text, width))
    lines, line = [], ""
    for ch in text:
        if line and display_width(line + ch) > width:
            lines.append(line)
            line = ""
        line += ch
    return "\n".join([*lines, line])


def _short(label: str, lang: str) -> str:
    """An average's reading without the words the axis already says."""
    if lang == "zh" and "（" in label:
        return _t("average", lang) + "：" + label.split("（", 1)[1].rstrip("）")
    return _t("average", lang) + ": " + label.split(", ", 1)[-1]


def _draw_export(plt, dataset: Dataset, lang: str):
    data = export_series(dataset, lang)
    figure, (left, right) = plt.subplots(1, 2, figsize=(12, 4.6), width_ratios=(2, 3))
    years = list(data.values)
    left.bar([str(y) for y in years], [float(v) for v in data.values.values()], color="#4c78a8")
    for i, v in enumerate(data.values.values()):
        left.annotate(f"{v}", (i, float(v)), ha="center", va="bottom", fontsize=9)
    left.set_title(_t("value", lang), fontsize=11)
    labels = [str(y) for y in sorted(data.printed)]
    labels += [_wrap(_short(label, lang), 14) for label, _p, _r in data.averages]
    printed: list[Decimal | None] = [data.printed[y] for y in sorted(data.printed)]
    printed += [p for _l, p, _r in data.averages]
    recomputed: list[Decimal | None] = [data.recomputed[y] for y in sorted(data.printed)]
    recomputed += [r for _l, _p, r in data.averages]
    xs = range(len(labels))
    for offset, series, key, color in ((-0.2, printed, "printed", "#f58518"),
                                       (0.2, recomputed, "recomputed", "#54a24b")):  # fmt: skip
        heights = [float(h) if h is not None else 0.0 for h in series]
        bars = right.bar([x + offset for x in xs], heights, 0.4, label=_t(key, lang), color=color)
        for bar, height in zip(bars, series, strict=True):
            if height is not None:
                right.annotate(f"{float(height):.2f}", (bar.get_x() + bar.get_width() / 2,
                               bar.get_height()), ha="center", va="bottom", fontsize=8)  # fmt: skip
    right.axhline(0, color="#888", linewidth=0.8)
    right.set_xticks(list(xs), labels, fontsize=8)
    right.set_title(_t("growth", lang), fontsize=11)
    right.legend(fontsize=8, loc="lower right")
    return figure


def _draw_shares(plt, dataset: Dataset, lang: str, kind: str):
    bars = shares(dataset, kind, lang)
    figure, axes = plt.subplots(figsize=(8, 0.55 * len(bars) + 1.2))
    names = [_wrap(n, 30) for n, _v in bars][::-1]
    values = [v for _n, v in bars][::-1]
    axes.barh(names, values, color="#4c78a8")
    for y, v in enumerate(values):
        axes.annotate(f"{v:g}", (v, y), xytext=(3, 0), textcoords="offset points", va="center")
    axes.set_xlim(0, 100)
    axes.set_title(_t(kind, lang), fontsize=11)
    return figure


def _draw_matrix(plt, dataset: Dataset, lang: str):
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    data = matrix(dataset, lang)
    code = {AUTHOR: 3, CURATOR: 2, SUMMARY: 1}
    grid = [[code.get(data.cells.get((f, c), ""), 0) for c, _ in data.countermeasures]
            for f, _ in data.factors]  # fmt: skip
    colors = ["#f4f4f4", "#c6dbef", "#fdae6b", "#2171b5"]
    figure, axes = plt.subplots(figsize=(2.2 + 1.6 * len(data.countermeasures),
                                         1.6 + 0.6 * len(data.factors)))  # fmt: skip
    axes.imshow(grid, cmap=ListedColormap(colors), vmin=0, vmax=3, aspect="auto")
    axes.set_xticks(range(len(data.countermeasures)),
                    [_wrap(n, 18) for _c, n in data.countermeasures], fontsize=8)  # fmt: skip
    axes.set_yticks(range(len(data.factors)), [_wrap(n, 30) for _f, n in data.factors], fontsize=8)
    mark = {AUTHOR: "●", CURATOR: "○", SUMMARY: "·"}
    for (f, c), kind in data.cells.items():
        y = [x for x, _n in data.factors].index(f)
        x = [x for x, _n in data.countermeasures].index(c)
        axes.text(x, y, mark[kind], ha="center", va="center",
                  color="white" if kind == AUTHOR else "black")  # fmt: skip
    axes.legend(handles=[Patch(color=colors[code[k]], label=f"{mark[k]} {_t(k, lang)}")
                         for k in (AUTHOR, CURATOR, SUMMARY)],
                loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=3, fontsize=8)  # fmt: skip
    axes.set_title(_t("matrix", lang), fontsize=11)
    return figure


#: chart name → (drawer, what it shows)
CHARTS: dict[str, tuple[Callable, str]] = {
    "export-value": (_draw_export, "export value by year; printed vs recomputed growth"),
    "field-shares": (lambda plt, d, lang: _draw_shares(plt, d, lang, "field"),
                     "average export shares by technology field"),
    "region-shares": (lambda plt, d, lang: _draw_shares(plt, d, lang, "region"),
                      "average export shares by market"),
    "matrix": (_draw_matrix, "constraint × countermeasure heat map (cq01's links)"),
}  # fmt: skip


def draw(name: str, dataset: Dataset, fmt: str = "svg", lang: str = "en") -> bytes:
    """Chart ``name`` as SVG or PNG bytes."""
    if name not in CHARTS:
        raise InputError(f"unknown chart {name!r}: {', '.join(CHARTS)}")
    if fmt not in ("svg", "png"):
        raise InputError(f"chart format {fmt!r}: svg or png")
    plt = _pyplot()
    figure = CHARTS[name][0](plt, dataset, lang)
    figure.tight_layout()
    out = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {}
    figure.savefig(out, format=fmt, dpi=150, metadata=metadata)
    plt.close(figure)
    return out.getvalue()


def chart_format(path: Path) -> str:
    """svg or png from a file name."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in ("svg", "png"):
        raise InputError(f"{path}: a chart is written as .svg or .png")
    return suffix
