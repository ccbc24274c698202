"""htkg: a policy article as a knowledge graph people can question and explore.

The pipeline, one module a step::

    load       ontology/htkg.ttl + data/<document>/*.ttl → rdflib Dataset,
               one named graph per source document and one for the ontology
    validate   SHACL shapes (ontology/shapes.ttl) on the asserted data
    reason     OWL 2 RL (the rules, or owlrl) into the graph .../graph/inferred
    build      all of the above, written atomically to build/

``load`` is the entry point for Python users:

>>> import htkg
>>> ds = htkg.load(reasoned=False)   # doctest: +SKIP
"""

from __future__ import annotations

# the submodule htkg.load first: importing it later would rebind the name
# ``htkg.load`` to the module instead of the function below
import htkg.load as _loader  # noqa: F401
from htkg.dataset import load

__all__ = ["load"]
__version__ = "0.1.0"
