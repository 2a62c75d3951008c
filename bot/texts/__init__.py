"""Texts: the one renderer of every user-facing message (a leaf: it imports only the languages)."""
