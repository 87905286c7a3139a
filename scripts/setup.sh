#!/usr/bin/env bash
# One-time set-up on a fresh Debian 12 machine (run as root, or with sudo available).
# Idempotent: every step checks first, so `make build` / `make test` can call it every time.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages: WeasyPrint's Pango, the PDF tools the tests use, nginx and Chromium
# for the serving and browser tests, ICU for Vietnamese collation.
APT_PACKAGES=(
  python3-venv python3-dev build-essential pkg-config libicu-dev
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig
  poppler-utils qpdf ghostscript
  nginx chromium git rsync
  nodejs npm
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# nodejs/npm may come from elsewhere (a preinstalled Node); accept any working npm.
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]}"
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> Cài gói hệ thống: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Python environment, rebuilt only when the pinned requirements change.
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "==> Tạo môi trường ảo .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.installed
want=$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "==> Cài thư viện Python"
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -c constraints.txt -e '.[test]'
  echo "$want" >"$stamp"
fi

# Self-hosted fonts, the web editor (Decap CMS and its local server decap-server) and
# axe-core, from the npm registry, pinned by package-lock.json.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  echo "==> Cài phông chữ, trình biên tập Decap CMS và axe-core (npm ci)"
  npm ci --silent --no-audit --no-fund
  touch node_modules
fi
