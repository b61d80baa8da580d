#!/usr/bin/env bash
# Runs a command where a Linux keychain (a Secret Service) answers, so the vault tests and
# a headless Patchbay can keep secrets without a desktop session:
#
#   bash scripts/with-keyring.sh npx vitest run test/vault
#
# If the current D-Bus session already has a Secret Service, the command just runs there.
# Otherwise it runs inside a private D-Bus session (dbus-run-session) with its own
# gnome-keyring-daemon, unlocked with a random throwaway password. That keyring's files and
# control socket live in a temporary folder, never in the user's own keyring, and are gone
# when the command ends. Needs no display and no stdin, so it works in CI.
#
# Exports PATCHBAY_KEYRING=1 so the tests know a keychain is promised (and fail, not skip,
# when it does not work). Exits with the command's exit code.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: bash scripts/with-keyring.sh <command> [args...]" >&2
  exit 2
fi

export PATCHBAY_KEYRING=1

# Asks the bus whether someone already owns the Secret Service name. NameHasOwner does not
# start the service, so this cannot trigger an unlock prompt.
secret_service_answers() {
  [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || return 1
  timeout 5 dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'
}

if secret_service_answers; then
  exec "$@"
fi

for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring: '$tool' is not installed. On Debian/Ubuntu: sudo apt-get install dbus dbus-x11 gnome-keyring" >&2
    exit 127
  fi
done

# The body below runs inside the private session; "$@" is the command.
exec dbus-run-session -- bash -c '
  set -euo pipefail
  bus_call() {
    timeout 5 dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus "$@" 2>/dev/null
  }

  keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/patchbay-keyring.XXXXXX")
  mkdir -m 700 "$keyring_home/data" "$keyring_home/run"
  daemon_pid=""
  cleanup() {
    if [ -n "$daemon_pid" ]; then kill "$daemon_pid" 2>/dev/null || true; fi
    rm -rf "$keyring_home"
  }
  trap cleanup EXIT

  # Data and runtime folders point at the temp folder for the daemon alone: its login keyring
  # is created there, and --unlock cannot reach (and feed our password to) a daemon the user
  # already runs elsewhere. The command itself keeps the caller'"'"'s environment.
  password=$(head -c 32 /dev/urandom | base64)
  if ! daemon_env=$(printf "%s" "$password" | env -u GNOME_KEYRING_CONTROL \
      XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run" \
      gnome-keyring-daemon --unlock --components=secrets); then
    echo "with-keyring: gnome-keyring-daemon did not start" >&2
    exit 1
  fi
  unset password
  # It prints NAME=value lines (GNOME_KEYRING_CONTROL, ...) for the clients to use.
  while IFS= read -r line; do
    if [[ "$line" == [A-Z_]*=* ]]; then export "$line"; fi
  done <<< "$daemon_env"

  # Wait until the daemon owns the name; asking before that would make D-Bus activate a
  # second, locked daemon from its .service file.
  for _ in $(seq 50); do
    if bus_call org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets | grep -q "boolean true"; then
      daemon_pid=$(bus_call org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets | awk "/uint32/ { print \$2 }")
      break
    fi
    sleep 0.1
  done
  if [ -z "$daemon_pid" ]; then
    echo "with-keyring: gnome-keyring-daemon started but no Secret Service appeared on the bus" >&2
    exit 1
  fi

  set +e
  "$@"
  status=$?
  exit "$status"
' with-keyring "$@"
