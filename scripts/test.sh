#!/usr/bin/env bash
# The whole test suite: formatting, lints on both targets, the release site, native tests
# (core, CLI, cfn-lint, moto deploy, end-to-end in headless Chromium) and browser component
# tests. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

# A cold run writes about 3 GB under target/. A disk that fills up mid-build fails far from the
# cause (the linker dies with signal 7, "Bus error"), so say it first.
free_kb=$(df -Pk . | awk 'NR == 2 { print $4 }')
if [[ "$free_kb" =~ ^[0-9]+$ ]] && (( free_kb < 4 * 1024 * 1024 )); then
    printf 'make test: warning: %s MB free on the disk that holds target/; a cold run needs about 3 GB. If the build fails in the linker ("Bus error"), free some space and run it again.\n' \
        "$(( free_kb / 1024 ))" >&2
fi

bash scripts/setup.sh
# shellcheck source=scripts/env.sh
source scripts/env.sh

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (native)"
cargo clippy --all-targets -- -D warnings

step "clippy (wasm32)"
cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings

step "release build of the site (trunk)"
trunk build --release
# The same site for a sub-path, as the docs embed it (the end-to-end tests serve it under /ocelot/setup/).
trunk build --release --public-url /ocelot/setup/ --dist target/dist-subpath

step "native tests: core, CLI, templates, cfn-lint, moto, end-to-end"
cargo test --all-targets

step "browser component tests (wasm-bindgen-test in headless Chromium)"
cargo test --target wasm32-unknown-unknown --test web

step "all tests passed"
