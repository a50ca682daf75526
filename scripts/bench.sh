#!/usr/bin/env bash
# make bench: builds the release site and CLI, then measures what the site ships, how fast it
# loads (beside a static page with the same template), how fast the preview follows typing,
# the CLI (in process with criterion, and as a process), and Lighthouse's scores.
# Writes bench-results/bench.md and bench-results/bench.json. Not part of `make test`.
# Everything runs on 127.0.0.1; takes about 10 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
# shellcheck source=scripts/env.sh
source scripts/env.sh

# Lighthouse 12: Lighthouse 13 needs Node >= 22.19.
LIGHTHOUSE_VERSION=12.8.2
TWIGGY_VERSION=0.8.0
say() { printf '\n==> %s\n' "$*"; }

if ! twiggy --version 2>/dev/null | grep -q "$TWIGGY_VERSION"; then
  say "cargo install twiggy $TWIGGY_VERSION"
  cargo install twiggy --version "$TWIGGY_VERSION" --locked
fi
NODE_PREFIX="$OCELOT_TOOLS/node"
if ! grep -q "\"version\": \"$LIGHTHOUSE_VERSION\"" "$NODE_PREFIX/node_modules/lighthouse/package.json" 2>/dev/null; then
  say "npm: lighthouse@$LIGHTHOUSE_VERSION"
  mkdir -p "$NODE_PREFIX"
  [ -f "$NODE_PREFIX/package.json" ] || echo '{"private": true}' > "$NODE_PREFIX/package.json"
  npm install --prefix "$NODE_PREFIX" --no-audit --no-fund --loglevel=error "lighthouse@$LIGHTHOUSE_VERSION"
fi
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"

say "release build of the site (trunk) and the CLI"
trunk build --release
cargo build --release --bin ocelot-setup

# twiggy needs names: the wasm-bindgen output of the same cargo build, before wasm-opt.
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
rm -rf bench-results/wasm-names
mkdir -p bench-results/wasm-names
wasm-bindgen --target web --out-dir bench-results/wasm-names \
  "$TARGET_DIR/wasm32-unknown-unknown/wasm-release/ocelot-setup.wasm"

say "template rendering in process (criterion)"
cargo bench --bench render

say "site, keystrokes, CLI process, Lighthouse"
cargo bench --bench site

say "results: bench-results/bench.md, bench-results/bench.json"
