"""Audit checks on shares and amounts: sums, parts within wholes, implied totals.

Split from htkg.audit.run (the growth checks) to keep modules small.
"""

from __future__ import annotations

from decimal import Decimal

from htkg.audit.model import (
    CONSISTENT,
    HUNDRED,
    INCONSISTENT,
    NOT_CHECKABLE,
    Check,
    Figure,
    fmt,
    pick,
    rounded,
)


def share_checks(figures: list[Figure], tolerance: Decimal) -> list[Check]:
    checks: list[Check] = []
    regions = pick(figures, "ind-market-average-share")
    if regions:
        total = sum((f.value for f in regions), Decimal(0))
        checks.append(
            Check(
                "market-shares-sum",
                "the regional market shares add up to at most 100 %",
                "各地区市场份额之和不超过100%",
                [f.iri for f in regions],
                [f.iri for f in regions],
                None,
                total,
                tolerance,
                CONSISTENT if total <= HUNDRED + tolerance else INCONSISTENT,
                " + ".join(str(f.value) for f in sorted(regions, key=lambda f: -f.value))
                + f" = {total} % ≤ 100 %, leaving {HUNDRED - total} % for all other markets",
            )
        )
    field_shares = sorted(pick(figures, "ind-field-average-share"), key=lambda f: len(f.fields))
    for part in field_shares:
        for whole in field_shares:
            if part.fields < whole.fields:
                rest = whole.value - part.value
                checks.append(
                    Check(
                        f"field-share-{part.iri.split('-share-')[-1]}-within-"
                        f"{whole.iri.split('-share-')[-1]}",
                        "a field's share is at most the share of the fields that include it",
                        "单一领域份额不超过包含它的领域合计份额",
                        [part.iri, whole.iri],
                        [part.iri, whole.iri],
                        None,
                        rest,
                        tolerance,
                        CONSISTENT if part.value <= whole.value + tolerance else INCONSISTENT,
                        f"{part.value} ≤ {whole.value}; the other field(s) take "
                        f"{whole.value} − {part.value} = {rest} %",
                    )
                )
    values = {f.start: f for f in pick(figures, "ind-export-value") if f.start == f.end}
    shares = sorted(pick(figures, "ind-share-of-total-exports"), key=lambda f: f.start or 0)
    for share in shares:
        exports = values.get(share.start)
        if exports is None:
            continue
        total = exports.value / share.value * HUNDRED
        low = exports.value / (share.value + tolerance) * HUNDRED
        high = exports.value / (share.value - tolerance) * HUNDRED
        checks.append(
            Check(
                f"implied-total-exports-{share.start}",
                f"implied total exports {share.start}",
                f"{share.start}年隐含的出口总额",
                [share.iri],
                [exports.iri, share.iri],
                None,
                rounded(total),
                tolerance,
                NOT_CHECKABLE,
                f"{exports.value} / {share.value} × 100 = {fmt(total, '0.1')} 亿美元 "
                f"(between {fmt(low, '0.1')} and {fmt(high, '0.1')} for a share rounded to "
                f"{share.value} ± {tolerance})",
                "The article prints no total export value to compare with.",
            )
        )
    if len(shares) >= 2:
        first, last = shares[0], shares[-1]
        change = last.value - first.value
        checks.append(
            Check(
                f"share-rose-{first.start}-{last.start}",
                f"share of total exports rose {first.start}→{last.start}",
                f"{first.start}-{last.start}年占出口总额比重上升",
                [first.iri, last.iri],
                [first.iri, last.iri],
                None,
                change,
                tolerance,
                CONSISTENT if change > 0 else INCONSISTENT,
                f"{last.value} − {first.value} = {change} percentage points",
                "The article says the share rose slightly (比重虽小幅上升).",
            )
        )
    return checks


def biotech_checks(figures: list[Figure]) -> list[Check]:
    """The garbled 15 → 23 passage: the change can be computed, not checked.

    The two observations carry no years, so which is earlier is not in the data;
    the article words it as a rise (从…上升到…), i.e. from the smaller to the larger.
    """
    pair = sorted(pick(figures, "ind-biotech-exports-to-market"), key=lambda f: f.value)
    if len(pair) != 2:
        return []
    low, high = pair
    change = high.value - low.value
    return [
        Check(
            "biotech-hong-kong-change",
            f"biotechnology exports to Hong Kong, {low.value:f} → {high.value:f}",
            f"对中国香港生物技术产品出口，{low.value:f} → {high.value:f}亿美元",
            [low.iri, high.iri],
            [low.iri, high.iri],
            None,
            change,
            None,
            NOT_CHECKABLE,
            f"{high.value} − {low.value} = {change} 亿美元 "
            f"({change} / {low.value} × 100 = {fmt(change / low.value * HUNDRED, '0.1')} %)",
            "No years are printed with the two values, so no yearly rate can be derived and the "
            "direction rests on the wording (上升, rose) alone; the passage is garbled "
            "(uncertain).",
        )
    ]
