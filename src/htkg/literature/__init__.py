"""Other literature: the YAML authoring format (how a researcher adds a document without
writing Turtle) and the reconciliation of entities across documents.


A YAML file (``literature/<slug>.yaml``, documented in ``docs/authoring.md``) is
read with line numbers (:mod:`.yaml_reader`), its references resolved against the
loaded project (:mod:`.index`, :mod:`.context`), compiled to one document graph
(:mod:`.compiler`, :mod:`.statements`), validated with the project's SHACL
shapes and written atomically to ``data/literature/<slug>.ttl`` (:mod:`.add`).
"""
