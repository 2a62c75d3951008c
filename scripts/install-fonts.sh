#!/usr/bin/env bash
# Install a CJK font so the statistics chart shows Chinese (bot/documents/stats_chart.py).
# Debian/Ubuntu; needs root (or sudo). Quiet and quick when a CJK font is already there.
# Without it the bot still works: charts fall back to DejaVu Sans and Chinese shows as boxes.
set -euo pipefail
if command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family 2>/dev/null)" ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-fonts: no apt-get here; install a CJK font (e.g. Noto Sans CJK or WenQuanYi Micro Hei) by hand" >&2
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "install-fonts: not root and no sudo; skipping (charts will show boxes for Chinese)" >&2
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y --no-install-recommends fonts-wqy-microhei fontconfig >/dev/null; then
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y --no-install-recommends fonts-wqy-microhei fontconfig >/dev/null
fi
fc-cache -f >/dev/null 2>&1 || true
