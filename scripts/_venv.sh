# Shared by scripts/run and scripts/test: create .venv with Python 3.11 and install the project
# (with the extras in $1) unless pyproject.toml is older than the last install.
majlis_venv() {
    local extras="$1"
    local stamp=".venv/.majlis-installed${extras:+-$extras}"
    if [ ! -x .venv/bin/python ]; then
        local python=""
        for candidate in python3.11 python3; do
            if command -v "$candidate" >/dev/null 2>&1 \
                && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
                python="$candidate"; break
            fi
        done
        if [ -z "$python" ]; then
            echo "Majlis needs Python 3.11 (python3.11 not found)." >&2
            return 1
        fi
        "$python" -m venv .venv
    fi
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        .venv/bin/python -m pip install --quiet -e ".${extras:+[$extras]}"
        touch "$stamp"
    fi
}
