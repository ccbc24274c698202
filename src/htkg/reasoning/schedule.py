"""In which order the rules run: strata, dependency levels, and fixed points where needed.

Running every rule in rounds until a round adds nothing is correct but reruns
each big rule once per round. Here each rule runs once, after every rule that
can feed it; only rules that feed themselves iterate. The rules themselves are
in :mod:`htkg.reasoning.catalogue`; how one round runs in a store is :mod:`htkg.reasoning.rounds`.
"""

from __future__ import annotations

import networkx as nx

from htkg.reasoning.rounds import ConstructRounds, Rounds
from htkg.reasoning.rule import RuleInstance, key


def run_strata(engine: Rounds, compiled: dict[str, list[RuleInstance]], max_rounds: int) -> int:
    """Run the compiled rules (rule id → instances) stratum by stratum; return the rounds."""
    rounds = 0
    for names, closed in strata(compiled):
        rules = [instance for name in names for instance in compiled[name]]
        if closed:
            rounds += fixed_point(engine, rules, 1)
            continue
        if isinstance(engine, ConstructRounds):
            rules, fused_rounds = _fuse_inverses(engine, rules)
            rounds += fused_rounds
        rounds += _in_order(engine, rules, max_rounds)
    return rounds


#: Rules in the order of their strata, and whether a stratum is complete after
#: one pass. Property rules feed each other, so they run to a fixed point
#: (with cls-oo, which reads only the schema). Typing is then one pass: the
#: schema rules closed ``rdfs:subClassOf`` and closed every domain and range
#: under it (scm-dom1, scm-rng1), so a member gets all its superclasses in the
#: same pass, from whichever rule gave it the class.
STRATA: tuple[tuple[tuple[str, ...], bool], ...] = (
    (("cls-oo", "prp-inv1", "prp-inv2", "prp-spo2", "prp-spo1", "prp-trp"), False),
    (("prp-dom", "prp-rng", "cax-sco"), True),
)


def strata(compiled: dict[str, list[RuleInstance]]) -> list[tuple[tuple[str, ...], bool]]:
    """:data:`STRATA`, or all rules as one stratum if one feeds an earlier stratum.

    Strata are only sound when no rule reads what a later stratum writes
    (say, a property chain through ``rdf:type``); an ontology that does
    that gets one fixed point over every rule.
    """
    everything = (tuple(compiled), False)
    if set(compiled) - {name for names, _ in STRATA for name in names}:
        return [everything]  # equality: every rule may feed every other
    written: set[str] = set()
    for names, _closed in reversed(STRATA):
        reads = {k for name in names for rule in compiled[name] for k in _reads(rule)}
        if reads & written or (reads and "*" in written) or ("*" in reads and written):
            return [everything]
        written |= {key(rule.head) for name in names for rule in compiled[name]}
    return list(STRATA)


def _fuse_inverses(
    engine: ConstructRounds, rules: list[RuleInstance]
) -> tuple[list[RuleInstance], int]:
    """Close the asserted data under the inverse rules, then let the engine write inverses.

    Returns the rules still to run (the inverse rules only if some rule
    concludes triples of any predicate, as equality does) and the rounds taken.
    """
    inverse = [rule for rule in rules if rule.inverse]
    if not inverse:
        return rules, 0
    rounds = fixed_point(engine, inverse, 1)
    # prp-inv1 concludes "?y <q> ?x" from "?x <p> ?y"; prp-inv2 the other way
    engine.inverses = {key(rule.patterns[0]): key(rule.head) for rule in inverse}
    if any(key(rule.head) == "*" for rule in rules):
        return rules, rounds
    return [rule for rule in rules if not rule.inverse], rounds


def _in_order(engine: Rounds, rules: list[RuleInstance], max_rounds: int) -> int:
    """Run ``rules`` one dependency level at a time; return the rounds taken.

    A rule runs once, after every rule that can feed it; only rules that feed
    themselves (a cycle such as sub-measures of sub-measures) run again, to
    their own fixed point. Running everything in rounds until nothing changes
    gives the same result but reruns each big rule once per round.
    """
    graph: nx.DiGraph[int] = nx.DiGraph()
    graph.add_nodes_from(range(len(rules)))
    graph.add_edges_from(
        (i, j) for i, a in enumerate(rules) for j, b in enumerate(rules) if _feeds(a, b, engine)
    )
    levels = nx.condensation(graph)
    rounds = 0
    for level in nx.topological_generations(levels):
        members = [sorted(levels.nodes[c]["members"]) for c in level]
        changed = engine.run([rules[i] for group in members for i in group])
        rounds += 1
        looping = [
            rules[i] for group in members for i in group if len(group) > 1 or graph.has_edge(i, i)
        ]
        if looping and changed:
            rounds += fixed_point(engine, looping, max_rounds, changed)
    return rounds


def _feeds(a: RuleInstance, b: RuleInstance, engine: Rounds) -> bool:
    """Whether what ``a`` concludes can give ``b`` something new to conclude.

    Not when ``b`` merely undoes ``a`` (the two rules of one ``owl:inverseOf``
    axiom give back the triples they started from), nor when ``a`` is a
    transitive closure computed whole (a property path, where the engine
    uses them) feeding itself.
    """
    written, reads = key(a.head), _reads(b)
    fused = engine.inverses.get(written) if not a.inverse else None
    if not (written in reads or fused in reads or "*" in reads or written == "*"):
        return False
    if b.inverse and fused:
        return False  # the engine wrote the inverses along with a's conclusions
    if a.inverse and b.inverse and a.bindings == b.bindings:
        return False  # the two rules of one owl:inverseOf axiom
    return not (a is b and a.path and engine.uses_paths)


def fixed_point(
    engine: Rounds, rules: list[RuleInstance], max_rounds: int, changed: set[str] | None = None
) -> int:
    """Run ``rules`` in rounds until a round adds nothing; return the rounds taken.

    Semi-naive at the level of rules: after the first round, only the rules
    that read a key (a predicate, or a class) the previous round added to run
    again. ``changed``: keys an earlier round changed (then only the rules
    that read them run first).
    """
    rounds, pending = 0, list(rules)
    if changed is not None:
        pending = [r for r in rules if "*" in _reads(r) or _reads(r) & changed]
    while pending and rounds < max_rounds:
        rounds += 1
        changed = engine.run(pending)
        pending = [r for r in rules if changed and ("*" in _reads(r) or _reads(r) & changed)]
    return rounds


def _reads(rule: RuleInstance) -> set[str]:
    return {key(pattern) for pattern in rule.patterns}
