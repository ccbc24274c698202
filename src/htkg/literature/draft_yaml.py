"""Write a :class:`~htkg.literature.draft.Draft` as an authoring file, every guess marked.

Each proposed section, link, figure and reference carries ``candidate:`` saying
what was found and what to check; ``htkg add`` refuses the file, naming every
candidate still there (:func:`refuse_candidates`), until each is resolved
(fields checked, ``candidate:`` deleted) or the item deleted. Fields the draft
cannot know are ``TODO``, which the compiler refuses as well.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from rdflib import Dataset, URIRef

from htkg.errors import InputError
from htkg.literature.draft import Draft
from htkg.literature.index import build_index
from htkg.literature.reconcile import normalise
from htkg.literature.yaml_reader import Field
from htkg.rdf.labels import labels
from htkg.rdf.namespaces import HTKG, curie

TODO = "TODO"
#: units as printed → the project's unit, where it has one
UNITS = {"亿美元": "kg:unit-100m-usd", "%": "kg:unit-percent", "％": "kg:unit-percent",
         "percent": "kg:unit-percent"}  # fmt: skip
LIST_SECTIONS = ("sections", "entities", "elements", "claims", "causal_links",
                 "response_links", "observations", "links")  # fmt: skip


def label_maps(dataset: Dataset) -> tuple[dict[str, URIRef], dict[str, URIRef]]:
    """Normalised label → IRI for argument elements (and events), and for entities; a label
    two IRIs share is left out (it would be a guess)."""
    index = build_index(dataset)
    elements: dict[str, set[URIRef]] = {}
    entities: dict[str, set[URIRef]] = {}
    for iri, literals in labels(dataset).items():
        classes = index.classes.get(iri, set())
        if HTKG.ArgumentElement in classes or HTKG.Event in classes:
            target = elements
        elif HTKG.DomainEntity in classes:
            target = entities
        else:
            continue
        for literal in literals:
            key = normalise(str(literal))
            if len(key) >= 2:
                target.setdefault(key, set()).add(iri)
    return (
        {k: next(iter(v)) for k, v in elements.items() if len(v) == 1},
        {k: next(iter(v)) for k, v in entities.items() if len(v) == 1},
    )


def _ref(iri: URIRef | None) -> str:
    return curie(iri) if iri is not None else TODO


def authoring(result: Draft, slug: str, language: str, text_path: str) -> dict[str, Any]:
    """The draft as the authoring format's mapping."""
    doc = {"slug": slug, "kind": "document", "label": {"zh": TODO, "en": TODO},
           "definition": TODO, "authors": [TODO], "date": TODO, "identifier": TODO,
           "language": language, "text": text_path}  # fmt: skip
    sections = [{"id": h.key, "number": h.number, "heading": h.text,
                 "label": {"zh": h.text, "en": TODO},
                 "candidate": f"heading line '{h.text}': check the heading and its level"}
                for h in result.headings]  # fmt: skip
    for heading in result.headings:
        if heading.level > 1:
            parent = heading.key.rsplit("-", 1)[0]
            next(s for s in sections if s["id"] == heading.key)["parent"] = parent
    known = {s["id"] for s in sections}
    causal, response = [], []
    for n, link in enumerate(result.links, 1):
        section = link.section if link.section in known else TODO
        common = {"mode": "author-stated", "quote": link.quote, "section": section, "gloss": TODO}
        note = f"cue {link.cue}: check that the text states it; then both ends"
        if link.kind == "causal":
            causal.append({"id": f"causal-{n}", "candidate": note, "cause": _ref(link.source),
                           "effect": _ref(link.target), "polarity": TODO, **common})  # fmt: skip
        else:
            response.append({"id": f"response-{n}", "candidate": note,
                             "measure": _ref(link.source), "target": _ref(link.target),
                             "effect": "unspecified", **common})  # fmt: skip
    observations = []
    for n, fig in enumerate(result.figures, 1):
        period = f"kg:year-{fig.year}" if fig.year else TODO
        observations.append({
            "id": f"figure-{n}",
            "candidate": f"{fig.value}{fig.unit}, year {fig.year or '?'}: check the period",
            "indicator": TODO, "period": period, "value": fig.value,
            "unit": UNITS.get(fig.unit, TODO), "quote": fig.quote,
            "section": fig.section if fig.section in known else TODO, "gloss": TODO,
        })  # fmt: skip
    entities = [{"ref": curie(iri), "candidate": f"mentioned {count} time(s)"}
                for iri, count in result.mentions.items()]  # fmt: skip
    return {"htkg-authoring": 1, "document": doc, "sections": sections, "entities": entities,
            "causal_links": causal, "response_links": response,
            "observations": observations}  # fmt: skip


HEADER = """\
# Drafted by `htkg draft` from {text} in {seconds} s: {sections} sections, {links} link
# candidates, {figures} figure candidates, {entities} entity mentions.
#
# Every item marked `candidate:` is a guess. For each: check it against the text,
# fill in the TODO fields (cause/effect, polarity, gloss, indicator …), then delete
# its `candidate:` line — or delete the item. `htkg add` refuses the file while
# a candidate or a TODO is left, and names each. Quotes are verbatim (whitespace
# removed for Chinese): shorten them only by cutting, never by rewording.

"""


def to_yaml(result: Draft, slug: str, language: str, text_path: str) -> str:
    data = authoring(result, slug, language, text_path)
    header = HEADER.format(text=text_path, seconds=result.seconds,
                           sections=len(data["sections"]),
                           links=len(data["causal_links"]) + len(data["response_links"]),
                           figures=len(data["observations"]),
                           entities=len(data["entities"]))  # fmt: skip
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return header + body


def refuse_candidates(root: Field) -> None:
    """Every draft candidate still in the file, as one error naming each (exit 2)."""
    problems = []
    for section in LIST_SECTIONS:
        found = root.get(section)
        for item in found.items() if found is not None else []:
            if isinstance(item.value, dict) and item.value.get("candidate") is not None:
                candidate = item.require("candidate")
                problems.append(candidate.error(
                    f"a draft candidate ({candidate.text()}): resolve it and delete "
                    "'candidate:', or delete the item"
                ))  # fmt: skip
    if problems:
        from htkg.literature.compiler import problems_error

        raise problems_error(problems)


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 text: {err.reason}") from None
