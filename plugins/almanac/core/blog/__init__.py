"""The blog pipeline."""
