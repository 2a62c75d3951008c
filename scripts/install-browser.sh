#!/usr/bin/env bash
# Install Debian's Chromium (and fonts for Chinese text and emoji) for the browser tests in
# tests/browser, if missing. Playwright drives /usr/bin/chromium; it never downloads a browser.
# Needs root or sudo (CI runs as root). Without them it only says what to do: the browser tests
# then skip on a developer's machine.
set -euo pipefail
packages=(chromium fonts-wqy-microhei fonts-noto-color-emoji)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ -x /usr/bin/chromium ] && [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  apt=(apt-get)
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  apt=(sudo apt-get)
else
  echo "install-browser: run as root: apt-get install -y ${missing[*]}" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
install=("${apt[@]}" install -y -q "${missing[@]}")
if ! "${install[@]}" >/dev/null; then
  # The package lists may be missing or stale on a fresh machine.
  "${apt[@]}" update -q >/dev/null
  "${install[@]}" >/dev/null
fi
/usr/bin/chromium --version
