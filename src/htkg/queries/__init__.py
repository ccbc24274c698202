"""Competency questions: the catalogue of ``queries/*.rq``, their parameters, running them."""
