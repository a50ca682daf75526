#!/usr/bin/env bash
# Cargo's runner for wasm32 tests (.cargo/config.toml): wasm-bindgen-test-runner, with a temporary
# directory of its own that is removed afterwards. The runner closes Chromium's window and then
# kills chromedriver at once, before chromedriver deletes the browser's profile: without this,
# every run of the component tests left a profile of up to 88 MB in /tmp.
set -uo pipefail

if ! command -v wasm-bindgen-test-runner >/dev/null; then
    echo "web-test-runner: wasm-bindgen-test-runner is not on PATH; run \`bash scripts/setup.sh\` (it installs the version Cargo.lock pins), then \`source scripts/env.sh\`" >&2
    exit 127
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/ocelot-web-test.XXXXXX") || exit 1
cleanup() {
    # Chromium may still be writing its profile for a moment after chromedriver is gone.
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        rm -rf "$dir" 2>/dev/null && return
        sleep 0.5
    done
    echo "web-test-runner: could not remove $dir" >&2
}
trap cleanup EXIT

TMPDIR="$dir" wasm-bindgen-test-runner "$@"
