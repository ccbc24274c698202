"""Type-check an authoring file's references in its own words, before reasoning does.

``issuer: iso:US`` compiles to ``kg:… htkg:issuedBy kg:united-states``; the
ontology says an issuer is an Actor and Actors are disjoint from Markets, so OWL 2
RL reasoning later reports ``cax-adc: kg:united-states member of disjoint classes``
— about the other document's entity, with no file or line. Checking each
reference field against the domains, ranges and disjointness axioms of the
ontology here names the field and says what it should have been instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from htkg.errors import InputError
from htkg.rdf.namespaces import HTKG

if TYPE_CHECKING:
    from htkg.literature.context import Context

#: What to suggest when a reference of one kind stands where another is needed.
HINTS: dict[tuple[URIRef, URIRef], str] = {
    (HTKG.Actor, HTKG.Market): (
        " such as a government body (an entity with type: GovernmentBody, government_of: {ref})"
    ),
    (HTKG.Condition, HTKG.Event): "; name the condition the event brings about instead",
}


@dataclass
class Typing:
    """The ontology's domains, ranges (through sub-properties) and disjoint class pairs."""

    superclasses: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    domains: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    ranges: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    disjoint: set[frozenset[URIRef]] = field(default_factory=set)
    names: dict[URIRef, str] = field(default_factory=dict)

    def clash(self, these: set[URIRef], cls: URIRef) -> tuple[URIRef, URIRef] | None:
        """A pair (one of ``these`` or a superclass, a superclass of ``cls``) declared disjoint."""
        wanted = self.superclasses.get(cls, {cls})
        for have in sorted(these):
            for need in sorted(wanted):
                if frozenset((have, need)) in self.disjoint:
                    return have, need
        return None

    def name(self, cls: URIRef) -> str:
        return self.names.get(cls) or str(cls).rsplit("#", 1)[-1]


def typing_of(ontology: Graph, superclasses: dict[URIRef, set[URIRef]]) -> Typing:
    """Read :class:`Typing` from the ontology graph."""
    typing = Typing(superclasses=superclasses)
    for prop in set(ontology.subjects(RDF.type, OWL.ObjectProperty)):
        if not isinstance(prop, URIRef):
            continue
        supers = set(ontology.transitive_objects(prop, RDFS.subPropertyOf))
        for key, predicate in ((typing.domains, RDFS.domain), (typing.ranges, RDFS.range)):
            found = {c for p in supers for c in ontology.objects(p, predicate)
                     if isinstance(c, URIRef)}  # fmt: skip
            if found:
                key[prop] = found
    for a, b in ontology.subject_objects(OWL.disjointWith):
        typing.disjoint.add(frozenset((a, b)))  # type: ignore[arg-type]
    for node in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(ontology, ontology.value(node, OWL.members)))  # type: ignore[arg-type]
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                typing.disjoint.add(frozenset((a, b)))  # type: ignore[arg-type]
    for cls, label in ontology.subject_objects(RDFS.label):
        if isinstance(label, Literal) and label.language == "en" and isinstance(cls, URIRef):
            typing.names[cls] = str(label)
    return typing


def _article(noun: str) -> str:
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"


def _key(path: str) -> str:
    """``document.issuer[0]`` → ``issuer``."""
    return re.sub(r"\[\d+\]$", "", path.rsplit(".", 1)[-1])


def check_types(ctx: Context) -> list[InputError]:
    """Every reference whose target (or whose item) cannot have the class its property needs."""
    typing: Typing = ctx.index.typing
    classes = ctx.index.classes
    problems: list[InputError] = []
    for ref, target in ctx.resolved:
        for subject, prop in ctx.graph.subject_predicates(target):
            if not isinstance(subject, URIRef) or not isinstance(prop, URIRef):
                continue
            origin = ctx.origins.get(subject)
            if origin is None or not ref.path.startswith(origin[0] + "."):
                continue
            key = _key(ref.path)
            for needed in sorted(typing.ranges.get(prop, ())):
                found = typing.clash(classes.get(target, set()), needed)
                if found:
                    hint = HINTS.get((needed, found[0]), "").format(ref=ref.text())
                    is_a = _most_specific(classes.get(target, set()), typing)
                    problems.append(ref.error(
                        f"{ref.text()} is {_article(typing.name(is_a))}; {_article(key)} must be "
                        f"{_article(typing.name(needed))}{hint}"
                    ))  # fmt: skip
            for needed in sorted(typing.domains.get(prop, ())):
                found = typing.clash(classes.get(subject, set()), needed)
                if found:
                    is_a = _most_specific(classes.get(subject, set()), typing)
                    problems.append(ref.error(
                        f"only {_article(typing.name(needed))} has '{key}', and "
                        f"{origin[0]} is {_article(typing.name(is_a))}"
                    ))  # fmt: skip
    return problems


def _most_specific(classes: set[URIRef], typing: Typing) -> URIRef:
    ranked = sorted(classes, key=lambda c: (-len(typing.superclasses.get(c, {c})), str(c)))
    return ranked[0] if ranked else OWL.Thing
