"""Checks: read PDFs (and EPUBs) back and report findings; never raise for a bad document."""
