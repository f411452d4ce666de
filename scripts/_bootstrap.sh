# Sourced by scripts/demo and scripts/test: finds Python ≥ 3.12, makes .venv, installs ngoaivu into it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

find_python() {
  for candidate in "$(command -v pyenv >/dev/null 2>&1 && pyenv which python 2>/dev/null || true)" \
                   python3.12 python3.13 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && \
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  echo "ngoaivu cần Python 3.12 trở lên / ngoaivu needs Python 3.12 or newer (none found on PATH)." >&2
  return 1
}

# scripts/demo and scripts/test started together in one clone would both build .venv and break each
# other: the second waits for the first (flock on .venv.lock; a mkdir lock where flock is missing, as on macOS).
lock_venv() {
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$ROOT/.venv.lock"
    if ! flock -n 9; then
      echo "Đang chờ một lệnh khác cài .venv xong… / waiting for another command to finish installing .venv…" >&2
      flock 9
    fi
  else
    local waited=0
    until mkdir "$ROOT/.venv.lock.d" 2>/dev/null; do
      [ "$waited" = 0 ] && echo "Đang chờ một lệnh khác cài .venv xong… / waiting for another command to finish installing .venv…" >&2
      waited=1
      sleep 1
    done
    trap 'rmdir "$ROOT/.venv.lock.d" 2>/dev/null || true' EXIT
  fi
}

unlock_venv() {
  if command -v flock >/dev/null 2>&1; then
    flock -u 9 && exec 9>&-
  else
    rmdir "$ROOT/.venv.lock.d" 2>/dev/null || true
  fi
}

ensure_venv() {  # $1: pip extras, e.g. "" or "[test]"
  local extras="${1:-}"
  lock_venv
  if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
    rm -rf .venv
    "$(find_python)" -m venv .venv
  fi
  local stamp=".venv/.installed$extras" want
  want="$(sha256sum pyproject.toml | cut -c1-16)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".$extras"
    echo "$want" > "$stamp"
  fi
  .venv/bin/ngoaivu i18n -v 0
  unlock_venv
}
