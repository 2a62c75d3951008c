"""Prometheus metrics, served at ``GET /metrics`` beside the webhook."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

UPDATES = Counter("shenbao_updates_total", "Updates handled, by event kind and outcome", ["kind", "outcome"])
HANDLER_SECONDS = Histogram(
    "shenbao_handler_seconds",
    "Time to handle one update (unit of work included)",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
OUTBOX_BACKLOG = Gauge("shenbao_outbox_backlog", "Outbox messages waiting to be sent")
OUTBOX_OLDEST_AGE = Gauge("shenbao_outbox_oldest_age_seconds", "Age of the oldest waiting outbox message")
MESSAGES_SENT = Counter("shenbao_messages_sent_total", "Outbox messages sent")
THROTTLED = Counter("shenbao_telegram_429_total", "429 answers from Telegram")
RETRIES = Counter("shenbao_send_retries_total", "Outbox sends retried after an error")
CASE_CHECKS = Counter("shenbao_case_checks_total", "Case-study structure checks, by result", ["result"])
CASE_CHECK_SECONDS = Histogram("shenbao_case_check_seconds", "Time to read and check one case study")
