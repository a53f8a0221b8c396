#!/usr/bin/env bash
# Installs what the test suite needs on a fresh machine of this kind (Debian with the .NET SDK
# and Node): PostgreSQL 15's binaries, Chromium for the browser tests, Python's venv/pip for the
# plugin fixtures, util-linux's runuser, and web/'s npm packages. Idempotent: it installs only
# what is missing, so a second run costs a few checks.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DEBIAN_FRONTEND=noninteractive

need=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql-15)
command -v chromium >/dev/null || need+=(chromium)
command -v runuser >/dev/null || need+=(util-linux)
command -v setpriv >/dev/null || need+=(util-linux)
# Python plugin tests build setup.py fixtures with Debian's interpreter (its pip needs no `wheel`).
/usr/bin/python3 -c "import ensurepip, venv" 2>/dev/null || need+=(python3-venv python3-pip)
# The notification tests receive e-mail with a real SMTP server (python3 -m aiosmtpd).
/usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || need+=(python3-aiosmtpd)
command -v node >/dev/null || need+=(nodejs npm)

if [ ${#need[@]} -gt 0 ]; then
  mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u)
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo=(sudo); else
      echo "setup: missing ${need[*]}; run as root or install them with apt-get" >&2; exit 1
    fi
  fi
  echo "setup: installing ${need[*]}"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ -f web/package.json ]; then
  # npm ci again only when the lock file changed since the last install.
  stamp=web/node_modules/.package-lock.json
  if [ ! -f "$stamp" ] || [ web/package-lock.json -nt "$stamp" ]; then
    (cd web && npm ci --no-audit --no-fund)
  fi
fi
