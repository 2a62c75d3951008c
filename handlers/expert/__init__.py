"""Experts (``[review] expert_user_ids``): verification and case scores of assigned applications."""
