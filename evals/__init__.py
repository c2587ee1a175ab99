"""Offline evals of Career Mentor (see evals/README.md)."""
