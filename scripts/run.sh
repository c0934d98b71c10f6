#!/usr/bin/env bash
# Builds kadesk (front end and release binary) and runs it with the demo shop
# on the embedded default: SQLite and files under ./data. Extra arguments go
# to `kadesk serve`, e.g. `scripts/run.sh --listen 0.0.0.0:8080`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_toolchains
echo "==> OCR models (into ./data/models)"
ensure_models ./data
echo "==> building the web front end"
build_web
echo "==> building kadesk (release; the first build takes several minutes)"
cargo build --release -p kadesk
target="${CARGO_TARGET_DIR:-target}"
exec "$target/release/kadesk" serve --demo "$@"
