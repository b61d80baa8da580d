#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks for Patchbay: system packages (keychain,
# D-Bus, libsecret to build keytar, Chromium for UI tests) and the npm dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
packages=(chromium gnome-keyring dbus dbus-x11 libsecret-1-dev libsecret-tools pkg-config python3 make g++)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# No Electron binary can be downloaded everywhere; the headless mode and the tests do not need it.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
if [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  echo "npm dependencies are up to date"
else
  npm ci --no-audit --no-fund
fi
