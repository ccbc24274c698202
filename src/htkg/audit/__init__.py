"""The article's derived figures (growth rates, averages, shares) recomputed from what it prints."""
