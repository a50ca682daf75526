# Sourced by the Makefile's recipes and the tests: puts the project's tools on PATH.
TOOLS="${OCELOT_TOOLS:-$HOME/.cache/ocelot-setup}"
export OCELOT_TOOLS="$TOOLS"
export PATH="$HOME/.cargo/bin:$TOOLS/node/node_modules/.bin:$TOOLS/venv/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
