"""What users read and take away: tables in every format, trace text, RDF and
network files, the explorer page."""
