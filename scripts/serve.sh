#!/usr/bin/env bash
# Serves the wizard on http://127.0.0.1:8080 (release build), after installing what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# shellcheck source=scripts/env.sh
source scripts/env.sh
exec trunk serve --release --address 127.0.0.1 --port "${PORT:-8080}"
