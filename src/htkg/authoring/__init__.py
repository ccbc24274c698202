"""The authoring format: how a researcher adds another document without writing Turtle.

A YAML file (``literature/<slug>.yaml``, documented in ``docs/authoring.md``) is
read with line numbers (:mod:`.source`), its references resolved against the
loaded project (:mod:`.index`, :mod:`.context`), compiled to one document graph
(:mod:`.compiler`, :mod:`.statements`), validated with the project's SHACL
shapes and written atomically to ``data/literature/<slug>.ttl`` (:mod:`.add`).
"""
