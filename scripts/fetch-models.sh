#!/usr/bin/env bash
# Fetches the PaddleOCR PP-OCRv4 ONNX models that kadesk-vision reads
# (detection, recognition, direction classifier) into DATA_DIR/models/.
#
# The models come from the PyPI wheel rapidocr-onnxruntime==1.4.4 (Apache-2.0),
# downloaded with pip and checked by sha256. Nothing is fetched when the three
# files are already there and valid, so scripts may call this every time.
#
# Usage: scripts/fetch-models.sh [DATA_DIR]     (default: ./data)
set -euo pipefail

DATA_DIR="${1:-./data}"
MODELS_DIR="$DATA_DIR/models"
PACKAGE="rapidocr-onnxruntime==1.4.4"
WHEEL_PREFIX="rapidocr_onnxruntime/models"

# name sha256 (the sizes are in shared/RESOURCES.md)
MODELS=(
  "ch_PP-OCRv4_det_infer.onnx d2a7720d45a54257208b1e13e36a8479894cb74155a5efe29462512d42f49da9"
  "ch_PP-OCRv4_rec_infer.onnx 48fc40f24f6d2a207a2b1091d3437eb3cc3eb6b676dc3ef9c37384005483683b"
  "ch_ppocr_mobile_v2.0_cls_infer.onnx e47acedf663230f8863ff1ab0e64dd2d82b838fceb5957146dab185a89d6215c"
)

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# True when every model is present with the expected checksum.
all_valid() {
  local entry name sum
  for entry in "${MODELS[@]}"; do
    read -r name sum <<<"$entry"
    [ -f "$MODELS_DIR/$name" ] || return 1
    [ "$(sha256_of "$MODELS_DIR/$name")" = "$sum" ] || return 1
  done
}

if all_valid; then
  echo "==> OCR models present and verified in $MODELS_DIR"
  exit 0
fi

command -v unzip >/dev/null || { echo "fetch-models: 'unzip' is missing (apt-get install unzip)" >&2; exit 1; }
PIP=(python3 -m pip)
"${PIP[@]}" --version >/dev/null 2>&1 || { echo "fetch-models: pip is missing (apt-get install python3-pip)" >&2; exit 1; }

mkdir -p "$MODELS_DIR"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "==> downloading $PACKAGE from PyPI (models only, no dependencies)"
"${PIP[@]}" download --quiet --no-deps --only-binary=:all: "$PACKAGE" -d "$tmp" \
  || { echo "fetch-models: pip could not download $PACKAGE" >&2; exit 1; }
wheel="$(ls "$tmp"/rapidocr_onnxruntime-1.4.4-*.whl 2>/dev/null | head -n1)"
[ -n "$wheel" ] || { echo "fetch-models: no wheel for $PACKAGE in $tmp" >&2; exit 1; }

status=0
for entry in "${MODELS[@]}"; do
  read -r name sum <<<"$entry"
  unzip -q -o -j "$wheel" "$WHEEL_PREFIX/$name" -d "$tmp/models" \
    || { echo "fetch-models: $name is not in $(basename "$wheel")" >&2; exit 1; }
  got="$(sha256_of "$tmp/models/$name")"
  if [ "$got" != "$sum" ]; then
    echo "fetch-models: CHECKSUM MISMATCH for $name: expected $sum, got $got" >&2
    status=1
    continue
  fi
  # Write through a temporary name so an interrupted copy never looks valid.
  cp "$tmp/models/$name" "$MODELS_DIR/.$name.part"
  mv -f "$MODELS_DIR/.$name.part" "$MODELS_DIR/$name"
done
[ "$status" -eq 0 ] || { echo "fetch-models: refusing the downloaded models; nothing was replaced for the bad files" >&2; exit 1; }

all_valid || { echo "fetch-models: models in $MODELS_DIR still fail verification" >&2; exit 1; }
echo "==> OCR models fetched and verified in $MODELS_DIR"
