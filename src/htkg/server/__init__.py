"""``htkg serve``'s web server: the explorer at ``/`` on the store, its JSON endpoints,
dereferenceable ``/id/<name>``, the competency questions at ``/queries``, and the
SPARQL endpoint at ``/query`` (proxied to the Oxigraph server).

A layer between :mod:`htkg.cli` and :mod:`htkg.output`: it answers what the
page asks (:mod:`htkg.server.api`), speaks HTTP (:mod:`htkg.server.http`), runs the
Oxigraph server behind it (:mod:`htkg.server.backend`) and keeps its temporary store
(:mod:`htkg.server.scratch`).
"""
