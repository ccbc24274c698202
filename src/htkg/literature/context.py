"""Shared state of one compilation: the graph being built and how names resolve.

References come in five forms, checked in this order: a Wikidata id (``Q148``
or ``wd:Q148``), an ISO 3166-1 code (``iso:CN``), a ``kg:`` CURIE or full
``https://w3id.org/htkg/id/`` IRI, or a bare key defined in the same file. A
reference that does not resolve, or resolves to more than one IRI, is an error
naming the field; nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from htkg.errors import InputError
from htkg.literature.index import ProjectIndex
from htkg.literature.schema import INVOLVES_BY_CLASS, ISO_CODE, SLUG, WIKIDATA_ID
from htkg.literature.yaml_reader import Field
from htkg.rdf.namespaces import HTKG, KG, curie


class Cascade(InputError):
    """A problem that only repeats one already listed (a use of a refused key)."""


@dataclass
class Context:
    """One document being compiled."""

    slug: str
    index: ProjectIndex
    graph: Graph
    document: URIRef
    language: str = "en"
    text_available: bool = True
    fact_sheet: URIRef | None = None
    local: dict[str, URIRef] = field(default_factory=dict)
    local_wikidata: dict[str, URIRef] = field(default_factory=dict)
    local_iso: dict[str, URIRef] = field(default_factory=dict)
    origins: dict[URIRef, tuple[str, int]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: every problem found so far: the file is compiled to the end so all are listed at once
    problems: list[InputError] = field(default_factory=list)
    #: each reference field and the IRI it resolved to (to locate type errors in the YAML)
    resolved: list[tuple[Field, URIRef]] = field(default_factory=list)
    #: where files the authoring file names (fact_sheet.path, text) may be found
    search: tuple[Path, ...] = ()
    #: the document's text (``document.text``) as quotes are checked against it, and its path
    source_text: str | None = None
    text_path: Path | None = None

    #: each ``ref:`` entry (by its field path) and the IRI it resolved to
    ref_targets: dict[str, URIRef] = field(default_factory=dict)
    #: keys whose definition failed: a use of one is not a problem of its own
    broken: set[str] = field(default_factory=set)

    def attempt(self, step: Callable[..., object], *args: object) -> None:
        """Run one step; an input error is recorded and compiling goes on with the next."""
        try:
            step(*args)
        except Cascade:
            pass
        except InputError as err:
            self.problems.append(err)

    def find_file(self, value: Field) -> Path:
        """The file a path field names: beside the authoring file, in the project or beside it."""
        written = Path(value.text())
        here = value.file.resolve().parent
        bases = tuple(dict.fromkeys((here, here.parent, here.parent.parent, *self.search)))
        for base in bases:
            if (base / written).is_file():
                return base / written
        tried = ", ".join(str(b) for b in bases)
        raise value.error(f"file not found: {written} (looked in {tried})")

    # ------------------------------------------------------------ naming --

    def mint(self, key_field: Field, shared: bool = False) -> URIRef:
        """Declare a key of this file and return its IRI (``kg:<key>`` or ``kg:<slug>--<key>``)."""
        key = key_field.text()
        if not SLUG.match(key):
            self.broken.add(key)
            raise key_field.error(f"'{key}' is not a valid id: use lower-case letters, digits, '-'")
        if key in self.local:
            raise key_field.error(f"id '{key}' is used twice in this file")
        iri = KG[key] if shared else KG[f"{self.slug}--{key}"]
        if self.index.known(iri):
            self.broken.add(key)
            graphs = ", ".join(sorted(str(g).rsplit("/", 1)[-1] for g in self.index.graphs_of[iri]))
            raise key_field.error(
                f"{curie(iri)} already exists (in {graphs}); "
                f"refer to it with ref: {curie(iri)} instead"
            )
        self.local[key] = iri
        self.origins[iri] = (key_field.path.rsplit(".", 1)[0], key_field.line)
        return iri

    # -------------------------------------------------------- references --

    def resolve(self, ref: Field) -> URIRef:
        """The IRI a reference stands for (see the module docstring)."""
        iri = self._resolve(ref)
        self.resolved.append((ref, iri))
        return iri

    def _resolve(self, ref: Field) -> URIRef:
        text = ref.text()
        if text.startswith("wd:"):
            text = text[3:]
        if text[:1] in "Qq" and text[1:2].isalnum() and ":" not in text:
            if not WIKIDATA_ID.match(text):
                raise ref.error(f"'{text}' is not a Wikidata id: Q followed by digits, e.g. Q148")
            return self._one(ref, text, self.local_wikidata, self.index.wikidata, "Wikidata id")
        if text.startswith("iso:"):
            code = text[4:]
            if not ISO_CODE.match(code):
                raise ref.error(
                    f"'{text}' is not an ISO 3166-1 code: iso: + 2 or 3 capital letters"
                )
            return self._one(ref, code, self.local_iso, self.index.iso, "ISO 3166-1 code")
        if text.startswith(("kg:", str(KG))):
            iri = KG[text.removeprefix("kg:").removeprefix(str(KG))]
            if iri in self.local.values() or self.index.known(iri):
                return iri
            raise ref.error(f"{text} is not defined in the project or this file")
        if ":" in text:
            raise ref.error(
                f"cannot refer to '{text}': use Q…, iso:XX, kg:name or a key of this file"
            )
        if text in self.local:
            return self.local[text]
        if text in self.broken:
            raise Cascade(f"{text} was refused where it is defined")
        raise ref.error(f"'{text}' is not a key defined in this file (nor Q…, iso:XX or kg:name)")

    def _one(self, ref: Field, key: str, local: dict, project: dict, kind: str) -> URIRef:
        found = ({local[key]} if key in local else set()) | set(project.get(key, set()))
        if not found:
            raise ref.error(
                f"no entity has {kind} {key}; define it under entities: with its id and "
                f"{'wikidata' if kind.startswith('Wiki') else 'iso'}: {key}"
            )
        if len(found) > 1:
            names = ", ".join(sorted(curie(i) for i in found))
            raise ref.error(f"{kind} {key} is ambiguous ({names}); refer by kg: name instead")
        return next(iter(found))

    def refs(self, container: Field, key: str) -> list[tuple[Field, URIRef]]:
        """Every reference listed under ``key`` (a single value or a list), resolved."""
        found = container.get(key)
        if found is None:
            return []
        return [(item, self.resolve(item)) for item in found.items()]

    def is_a(self, iri: URIRef, cls: URIRef) -> bool:
        return self.index.is_a(iri, cls)

    def involves_property(self, iri: URIRef) -> URIRef:
        """The most specific ``htkg:involves…`` for the referenced entity."""
        for cls, prop in INVOLVES_BY_CLASS:
            if self.is_a(iri, cls):
                return prop
        return HTKG.involves

    def add_type(self, iri: URIRef, cls: URIRef) -> None:
        self.graph.add((iri, RDF.type, cls))
        self.index.add_types(iri, {cls})

    # ---------------------------------------------------------- literals --

    def text(self, value: Field, language: str | None = None) -> Literal:
        return Literal(value.text(), lang=language or self.language)

    @staticmethod
    def date(value: Field) -> Literal:
        text = value.date()
        datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}[len(text)]
        return Literal(text, datatype=datatype)
