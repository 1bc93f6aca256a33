"""Typed models of the user's files: question sets, the discipline catalogue, answers."""
