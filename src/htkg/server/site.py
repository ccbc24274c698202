"""Put the served explorer together: the store, the page, the questions; run until stopped."""

from __future__ import annotations

import signal
import socket
import threading
from collections.abc import Callable
from typing import Any

from rdflib import Dataset

from htkg.errors import HtkgError
from htkg.network.read import document_slug
from htkg.output.explorer_page import served_page
from htkg.queries.catalogue import QueryFile, discover
from htkg.rdf.graphs import union_default_graph
from htkg.rdf.namespaces import curie
from htkg.server.api import ExplorerApi
from htkg.server.http import Site, make_server

_DOCUMENTS = """PREFIX htkg: <https://w3id.org/htkg/ontology#>
SELECT DISTINCT ?g WHERE { GRAPH ?g { ?l htkg:cause ?c } } LIMIT 200"""
_SECTIONS = """PREFIX htkg: <https://w3id.org/htkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?s ?no ?zh ?en WHERE {
  ?s htkg:sectionNumber ?no .
  OPTIONAL { ?s skos:prefLabel ?zh FILTER(lang(?zh) = "zh") }
  OPTIONAL { ?s skos:prefLabel ?en FILTER(lang(?en) = "en") }
} ORDER BY ?no LIMIT 300"""


def _rows(dataset: Dataset, query: str) -> list[Any]:
    return list(dataset.query(query))


def _queries() -> list[QueryFile]:
    from htkg.paths import ProjectPaths

    try:
        return list(discover(ProjectPaths.discover().queries).values())
    except (HtkgError, OSError):
        return []


def build_site(dataset: Dataset, sparql_port: int, allow_update: bool, lang: str) -> Site:
    """The site over ``dataset`` (an Oxigraph store opened read-only, through oxrdflib)."""
    with union_default_graph(dataset):
        graphs = [document_slug(row.g) for row in _rows(dataset, _DOCUMENTS)]
        sections = [
            {"id": curie(str(row.s)), "no": str(row.no),
             "zh": f"{row.no} {row.zh or ''}".strip(), "en": f"{row.no} {row.en or ''}".strip()}
            for row in _rows(dataset, _SECTIONS)
        ]  # fmt: skip
    documents = sorted(graphs, key=lambda d: (d != "article", d))
    page = served_page(lang, documents, sections)
    api = ExplorerApi(dataset)
    # the search index and the first view are read once, while the reader opens the page
    threading.Thread(target=lambda: (api.view(), api.labels()), daemon=True).start()
    return Site(api, page, _queries(), sparql_port, allow_update)


def serve_until_stopped(site: Site, sock: socket.socket, ready: Callable[[], None]) -> None:
    """Serve on ``sock`` (bound and listening) until Ctrl-C or SIGTERM.

    ``ready`` (the banner) is called once SIGTERM stops the server cleanly, so a
    SIGTERM sent as soon as the banner shows ends serve with 0, not 143.
    """
    server = make_server(site, sock)

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        ready()
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()
