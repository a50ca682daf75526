# The README's two commands are `make serve` and `make test`.
.PHONY: serve test setup build cli bench

serve:
	bash scripts/serve.sh

test:
	bash scripts/test.sh

setup:
	bash scripts/setup.sh

build:
	bash scripts/setup.sh && . scripts/env.sh && trunk build --release

cli:
	cargo build --release --bin ocelot-setup

# Not part of `make test`: sizes, load, typing, CLI and Lighthouse figures in bench-results/.
bench:
	bash scripts/bench.sh
