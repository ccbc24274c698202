"""The pipeline: sources → validate (shapes and check queries) → build → the built dataset."""
