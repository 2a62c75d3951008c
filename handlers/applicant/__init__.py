"""Applicant conversations (private chat): start, eligibility, form, uploads, status, submit."""
