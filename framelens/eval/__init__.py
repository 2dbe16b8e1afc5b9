"""Evaluators for public datasets, each in the dataset's published format and metric."""
