"""What a reasoner reports: how much it added, and any contradiction it found."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReasoningResult:
    """What reasoning added, and any contradiction found (reported, not swallowed)."""

    inferred_triples: int
    errors: list[str]
