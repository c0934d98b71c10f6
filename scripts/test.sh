#!/usr/bin/env bash
# Runs every check and test: formatting, lints (Rust and web), the Rust test
# suite (SQLite always; PostgreSQL too when KADESK_TEST_DATABASE_URL is set),
# and the browser tests in headless Chromium. Installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

# Reuse one build folder outside the clone; it still works from cold.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kadesk-target}"

ensure_toolchains
ensure_debs chromium fonts-noto-cjk

echo "==> OCR models"
models_home="${KADESK_MODELS_HOME:-$HOME/.cache/kadesk-data}"
ensure_models "$models_home"
export KADESK_MODELS_DIR="$models_home/models"

echo "==> web: install, build, lint"
build_web
( cd web && npm run lint --silent )

echo "==> rust: format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
python3 scripts/module-cycles.py

echo "==> rust: tests (database: SQLite${KADESK_TEST_DATABASE_URL:+ and PostgreSQL})"
cargo test --workspace

cargo build -p kadesk

echo "==> API contract (schemathesis against serve --demo)"
KADESK_BIN="$CARGO_TARGET_DIR/debug/kadesk" bash scripts/contract.sh

echo "==> browser tests (headless Chromium)"
( cd web && KADESK_BIN="$CARGO_TARGET_DIR/debug/kadesk" npm test )
