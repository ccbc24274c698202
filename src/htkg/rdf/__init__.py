"""RDF foundations every layer uses: namespaces and graph IRIs, labels, CURIEs, term resolution."""
