"""Audit the article's figures: recompute what it derives from what it prints.

The article's numbers are claims, not ground truth. Every figure it derives
from others (a growth rate, an average, a share that must fit inside another,
a sum) is recomputed here from the base values it prints, and reported as
consistent or inconsistent within a tolerance, with the arithmetic written out.

Tolerance: the article prints rates and shares to one decimal, so a printed
13.5 stands for anything in [13.45, 13.55); a recomputation from the printed
base values (themselves rounded to 0.1 亿美元, a relative error below 1e-5)
may therefore differ from the printed rate by up to 0.05 percentage points
through rounding alone. 0.05 (in the unit of the audited figure) is the default.

The results also go into the graph (:func:`audit_graph`), one
``htkg:AuditResult`` per check in ``https://w3id.org/htkg/graph/audit``, so a
query can list the figures that fail.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Dataset, Graph, Literal
from rdflib.namespace import RDF, SKOS, XSD

from htkg.audit.model import (
    AUDITED_INDICATORS,
    CONSISTENT,
    DEFAULT_TOLERANCE,
    HUNDRED,
    INCONSISTENT,
    NOT_CHECKABLE,
    Check,
    Figure,
    cagr,
    fmt,
    growth,
    pick,
    read_figures,
    rounded,
    verdict_for,
)
from htkg.audit.shares import biotech_checks, share_checks
from htkg.rdf.namespaces import AUDIT_GRAPH, HTKG, KG

__all__ = [
    "CONSISTENT",
    "DEFAULT_TOLERANCE",
    "INCONSISTENT",
    "NOT_CHECKABLE",
    "Check",
    "Figure",
    "add_audit_graph",
    "audit_graph",
    "run_audit",
]


def run_audit(dataset: Dataset, tolerance: Decimal = DEFAULT_TOLERANCE) -> list[Check]:
    """All checks, in the order of the article."""
    figures = read_figures(dataset, AUDITED_INDICATORS)
    checks: list[Check] = []
    checks += _yearly_growth(figures, tolerance)
    checks += _average_growth(figures, tolerance)
    checks += share_checks(figures, tolerance)
    checks += biotech_checks(figures)
    return checks


def _yearly_growth(figures: list[Figure], tolerance: Decimal) -> list[Check]:
    values = {f.start: f for f in pick(figures, "ind-export-value") if f.start == f.end}
    checks: list[Check] = []
    for printed in sorted(pick(figures, "ind-export-growth"), key=lambda f: f.start or 0):
        year = printed.start
        if year is None:  # a rate without a year has no value to be recomputed from
            continue
        now, before = values.get(year), values.get(year - 1)
        if now is None:
            continue
        if before is None:
            implied = now.value / (1 + printed.value / HUNDRED)
            checks.append(
                Check(
                    f"growth-{year}",
                    f"year-on-year growth {year}",
                    f"{year}年同比增长率",
                    [printed.iri],
                    [now.iri],
                    printed.value,
                    None,
                    tolerance,
                    NOT_CHECKABLE,
                    f"no {year - 1} value is printed, so ({year} / {year - 1} − 1) × 100 cannot be "
                    f"computed; the printed {printed.value}% implies a {year - 1} value of "
                    f"{now.value} / {1 + printed.value / HUNDRED} = {fmt(implied)} 亿美元",
                )
            )
            continue
        rate = growth(before.value, now.value)
        checks.append(
            Check(
                f"growth-{year}",
                f"year-on-year growth {year}",
                f"{year}年同比增长率",
                [printed.iri],
                [before.iri, now.iri],
                printed.value,
                rounded(rate),
                tolerance,
                verdict_for(rate, printed.value, tolerance),
                f"({now.value} / {before.value} − 1) × 100 = {fmt(rate, '0.0001')} % "
                f"vs printed {printed.value} %",
            )
        )
    printed_years = {f.start for f in pick(figures, "ind-export-growth")}
    for year in sorted(y for y in values if y is not None and y not in printed_years):
        before = values.get(year - 1)
        if before is None:
            continue
        now = values[year]
        rate = growth(before.value, now.value)
        fell = now.value < before.value
        checks.append(
            Check(
                f"growth-{year}",
                f"year-on-year change {year} (no rate printed)",
                f"{year}年同比变化（文中未印增长率）",
                [now.iri],
                [before.iri, now.iri],
                None,
                rounded(rate),
                None,
                CONSISTENT if fell else NOT_CHECKABLE,
                f"({now.value} / {before.value} − 1) × 100 = {fmt(rate, '0.0001')} %; "
                f"{now.value} − {before.value} = {now.value - before.value} 亿美元",
                "No growth rate is printed for this year; the article says only that the value "
                "fell slightly (略有下降) on the year before, which the recomputed change agrees "
                "with."
                if fell
                else "No growth rate is printed for this year.",
            )
        )
    return sorted(checks, key=lambda c: c.id)


def yearly_rates(figures: list[Figure]) -> dict[int, tuple[Decimal, str]]:
    """Each year's growth: recomputed where both values are printed, else as printed."""
    values = {f.start: f.value for f in pick(figures, "ind-export-value") if f.start == f.end}
    rates: dict[int, tuple[Decimal, str]] = {}
    for f in pick(figures, "ind-export-growth"):
        if f.start is not None:
            rates[f.start] = (f.value, "printed")
    for year, value in values.items():
        if year is not None and year - 1 in values:
            rates[year] = (growth(values[year - 1], value), "recomputed")
    return rates


def _average_growth(figures: list[Figure], tolerance: Decimal) -> list[Check]:
    checks: list[Check] = []
    rates = yearly_rates(figures)
    values = {f.start: f for f in pick(figures, "ind-export-value") if f.start == f.end}
    growth_obs = {f.start: f for f in pick(figures, "ind-export-growth")}
    for avg in pick(figures, "ind-average-export-growth"):
        first, last = avg.start, avg.end
        span = range(first, last + 1) if first is not None and last is not None else range(0)
        if first is None or last is None or not span or any(y not in rates for y in span):
            checks.append(
                Check(
                    f"average-growth-{avg.start}-{avg.end}",
                    f"average growth {avg.start}–{avg.end}",
                    f"{avg.start}-{avg.end}年平均增速",
                    [avg.iri],
                    [],
                    avg.value,
                    None,
                    tolerance,
                    NOT_CHECKABLE,
                    f"no yearly values for {avg.start}–{avg.end} are printed",
                )
            )
            continue
        inputs = [values[y].iri for y in span if y in values] + [
            growth_obs[y].iri for y in span if y in growth_obs
        ]
        mean = sum((rates[y][0] for y in span), Decimal(0)) / len(span)
        terms = " + ".join(f"({fmt(rates[y][0], '0.0001')})" for y in span)
        sources = ", ".join(f"{y}: {rates[y][1]}" for y in span)
        checks.append(
            Check(
                f"average-growth-{avg.start}-{avg.end}-mean",
                f"average growth {avg.start}–{avg.end}, arithmetic mean of yearly rates",
                f"{avg.start}-{avg.end}年平均增速（各年增长率的算术平均）",
                [avg.iri],
                inputs,
                avg.value,
                rounded(mean),
                tolerance,
                verdict_for(mean, avg.value, tolerance),
                f"({terms}) / {len(span)} = {fmt(mean, '0.0001')} % vs printed {avg.value} % "
                f"(rates {sources})",
            )
        )
        if first in values and last in values and last > first:
            rate = cagr(values[first].value, values[last].value, last - first)
            checks.append(
                Check(
                    f"average-growth-{first}-{last}-cagr-{last - first}y",
                    f"average growth {first}–{last}, compound rate {first}→{last}",
                    f"{first}-{last}年平均增速（{first}→{last}复合增长率）",
                    [avg.iri],
                    [values[first].iri, values[last].iri],
                    avg.value,
                    rounded(rate),
                    tolerance,
                    verdict_for(rate, avg.value, tolerance),
                    f"(({values[last].value} / {values[first].value})^(1/{last - first}) − 1)"
                    f" × 100 = {fmt(rate, '0.0001')} % vs printed {avg.value} %",
                )
            )
        if first in growth_obs and first in values and first - 1 not in values:
            base = values[first].value / (1 + growth_obs[first].value / HUNDRED)
            rate = cagr(base, values[last].value, last - first + 1)
            checks.append(
                Check(
                    f"average-growth-{first}-{last}-cagr-{last - first + 1}y",
                    f"average growth {first}–{last}, compound rate {first - 1}→{last}",
                    f"{first}-{last}年平均增速（{first - 1}→{last}复合增长率）",
                    [avg.iri],
                    [values[first].iri, growth_obs[first].iri, values[last].iri],
                    avg.value,
                    rounded(rate),
                    tolerance,
                    verdict_for(rate, avg.value, tolerance),
                    f"implied {first - 1} value {values[first].value} / "
                    f"{1 + growth_obs[first].value / HUNDRED} = {fmt(base)}; "
                    f"(({values[last].value} / {fmt(base)})^(1/{last - first + 1}) − 1) × 100 "
                    f"= {fmt(rate, '0.0001')} % vs printed {avg.value} %",
                )
            )
    return checks + _slowdown(figures)


def _slowdown(figures: list[Figure]) -> list[Check]:
    """The finding: the later average is below the earlier one, under every reading."""
    averages = sorted(pick(figures, "ind-average-export-growth"), key=lambda f: f.start or 0)
    if len(averages) < 2:
        return []
    earlier, later = averages[0], averages[-1]
    ok = later.value < earlier.value
    return [
        Check(
            f"slowdown-{earlier.start}-{earlier.end}-vs-{later.start}-{later.end}",
            f"average growth {later.start}–{later.end} below {earlier.start}–{earlier.end}",
            f"{later.start}-{later.end}年平均增速低于{earlier.start}-{earlier.end}年",
            [later.iri, earlier.iri],
            [later.iri, earlier.iri],
            None,
            later.value - earlier.value,
            None,
            CONSISTENT if ok else INCONSISTENT,
            f"{later.value} − {earlier.value} = {later.value - earlier.value} percentage points",
            "Holds for the printed averages and for every recomputed reading of the later one.",
        )
    ]


def audit_graph(checks: list[Check], into: Graph) -> Graph:
    """Write each check as an ``htkg:AuditResult`` into ``into``."""
    for check in checks:
        node = KG[f"audit-{check.id}"]
        into.add((node, RDF.type, HTKG.AuditResult))
        into.add((node, SKOS.prefLabel, Literal(check.label_en, lang="en")))
        into.add((node, SKOS.prefLabel, Literal(check.label_zh, lang="zh")))
        into.add((node, HTKG.verdict, HTKG[check.verdict]))
        into.add((node, HTKG.arithmetic, Literal(check.arithmetic, datatype=XSD.string)))
        for figure in check.audited:
            into.add((node, HTKG.auditedFigure, figure))
        for figure in check.inputs:
            into.add((node, HTKG.auditInput, figure))
        for prop, value in (
            (HTKG.printedValue, check.printed),
            (HTKG.recomputedValue, check.recomputed),
            (HTKG.difference, check.difference),
            (HTKG.tolerance, check.tolerance),
        ):
            if value is not None:
                into.add((node, prop, Literal(value, datatype=XSD.decimal)))
        if check.note:
            into.add((node, HTKG.curatorNote, Literal(check.note, lang="en")))
    return into


def add_audit_graph(dataset: Dataset, tolerance: Decimal = DEFAULT_TOLERANCE) -> list[Check]:
    """Replace the audit graph of ``dataset`` with a fresh audit; return the checks."""
    checks = run_audit(dataset, tolerance)
    graph = dataset.graph(AUDIT_GRAPH)
    graph.remove((None, None, None))
    audit_graph(checks, graph)
    return checks
