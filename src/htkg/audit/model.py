"""The audit's building blocks: printed figures as plain values, checks, arithmetic.

Kept apart from the checks themselves (htkg.audit.run, htkg.audit.shares) so each
module has one job; everything here is exact decimal arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from rdflib import Dataset, URIRef

from htkg.errors import InputError
from htkg.rdf.graphs import select, union_default_graph
from htkg.rdf.namespaces import KG

DEFAULT_TOLERANCE = Decimal("0.05")
HUNDRED = Decimal(100)
CONSISTENT, INCONSISTENT, NOT_CHECKABLE = "consistent", "inconsistent", "notCheckable"


@dataclass(frozen=True)
class Figure:
    """One printed figure: its observation, indicator, years, value, dimensions."""

    iri: URIRef
    indicator: str
    start: int | None
    end: int | None
    value: Decimal
    fields: frozenset[str] = frozenset()
    markets: frozenset[str] = frozenset()


@dataclass
class Check:
    """One recomputation and its verdict."""

    id: str
    label_en: str
    label_zh: str
    audited: list[URIRef]
    inputs: list[URIRef]
    printed: Decimal | None
    recomputed: Decimal | None
    tolerance: Decimal | None
    verdict: str
    arithmetic: str
    note: str = ""

    @property
    def difference(self) -> Decimal | None:
        if self.printed is None or self.recomputed is None:
            return None
        return rounded(self.recomputed - self.printed)


_FIGURES = """
PREFIX htkg: <https://w3id.org/htkg/ontology#>
SELECT ?obs ?indicator ?start ?end ?value
       (GROUP_CONCAT(DISTINCT STR(?field); separator=" ") AS ?fields)
       (GROUP_CONCAT(DISTINCT STR(?market); separator=" ") AS ?markets)
WHERE {
  {indicators}
  ?obs a htkg:Observation ; htkg:indicator ?indicator ; htkg:value ?value .
  OPTIONAL { ?obs htkg:refPeriod ?p . ?p htkg:startYear ?start ; htkg:endYear ?end }
  OPTIONAL { ?obs htkg:refField ?field }
  OPTIONAL { ?obs htkg:refMarket ?market }
}
GROUP BY ?obs ?indicator ?start ?end ?value
"""
#: the indicators the audit's checks recompute (htkg.audit.run, htkg.audit.shares)
AUDITED_INDICATORS = (
    "ind-export-value", "ind-export-growth", "ind-average-export-growth",
    "ind-market-average-share", "ind-field-average-share", "ind-share-of-total-exports",
    "ind-biotech-exports-to-market",
)  # fmt: skip


def read_figures(dataset: Dataset, indicators: tuple[str, ...] | None = None) -> list[Figure]:
    """Every observation in the dataset (of ``indicators`` only, if given), as plain values.

    The audit reads only the indicators it checks: a corpus of documents holds
    thousands of other observations (a second of reading at a million triples).
    """
    restrict = ""
    if indicators is not None:
        restrict = f"VALUES ?indicator {{ {' '.join(KG[i].n3() for i in indicators)} }}"
    with union_default_graph(dataset):
        rows = list(select(dataset, _FIGURES.replace("{indicators}", restrict)))
    return [
        Figure(
            iri=_observation(row.obs),
            indicator=str(row.indicator).removeprefix(str(KG)),
            start=int(row.start) if row.start is not None else None,
            end=int(row.end) if row.end is not None else None,
            value=Decimal(str(row.value)),
            fields=frozenset(str(row.fields or "").split()),
            markets=frozenset(str(row.markets or "").split()),
        )
        for row in rows
    ]


def _observation(term: object) -> URIRef:
    """An audited figure is cited by its IRI in the audit graph, so it cannot be blank."""
    if not isinstance(term, URIRef):
        raise InputError(f"{term!r}: an observation must be an IRI, not a blank node")
    return term


def rounded(value: Decimal, places: str = "0.0001") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def fmt(value: Decimal, places: str = "0.01") -> str:
    return str(rounded(value, places))


def pick(
    figures: list[Figure], indicator: str, start: int | None = None, end: int | None = None
) -> list[Figure]:
    return [
        f
        for f in figures
        if f.indicator == indicator
        and (start is None or f.start == start)
        and (end is None or f.end == end)
    ]


def verdict_for(recomputed: Decimal, printed: Decimal, tolerance: Decimal) -> str:
    return CONSISTENT if abs(recomputed - printed) <= tolerance else INCONSISTENT


def growth(previous: Decimal, current: Decimal) -> Decimal:
    """Year-on-year growth in percent: (current / previous − 1) × 100."""
    return (current / previous - 1) * HUNDRED


def cagr(first: Decimal, last: Decimal, years: int) -> Decimal:
    """Compound annual growth in percent over ``years`` steps."""
    return (((last / first).ln() / years).exp() - 1) * HUNDRED
