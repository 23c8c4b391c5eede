#!/usr/bin/env bash
# Create one virtualenv per peer group under bench/.venvs/ (gitignored), from PyPI only.
#
# Peers pin incompatible Python / scikit-learn versions, so each group gets its own venv.
# Idempotent: a venv whose marker file exists is skipped; delete bench/.venvs/<name> to rebuild.
#
#   bench/peers/setup.sh              # every group
#   bench/peers/setup.sh tf hatesonar # only these groups
#
# Facts behind the pins: ../shared/notes/peers-and-packages.md (measured 2026-11-23).
set -uo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
VENVS="${MAJLIS_PEER_VENVS:-$HERE/../.venvs}"
PYENV_ROOT="${PYENV_ROOT:-/root/.pyenv}"
mkdir -p "$VENVS"
LOG_DIR="$VENVS/_logs"
mkdir -p "$LOG_DIR"

python_for() {  # $1 = version prefix, e.g. 3.11; prints an interpreter path
    local want="$1" candidate
    for candidate in "$PYENV_ROOT"/versions/"$want"*/bin/python"$want"; do
        [ -x "$candidate" ] && { echo "$candidate"; return 0; }
    done
    command -v "python$want" && return 0
    echo "no Python $want found (pyenv root $PYENV_ROOT)" >&2
    return 1
}

# make_venv NAME PYTHON_VERSION "deps..." "no-deps packages..."
make_venv() {
    local name="$1" pyver="$2" deps="$3" nodeps="$4"
    local dir="$VENVS/$name" log="$LOG_DIR/$name.log"
    if [ -f "$dir/.majlis-ready" ]; then
        echo "[$name] ready"
        return 0
    fi
    local python
    python="$(python_for "$pyver")" || return 1
    echo "[$name] creating with $python (log: $log)"
    rm -rf "$dir"
    {
        "$python" -m venv "$dir" &&
        "$dir/bin/pip" install --quiet --upgrade "pip<24.1" &&
        { [ -z "$deps" ] || nice -n 10 "$dir/bin/pip" install $deps; } &&
        { [ -z "$nodeps" ] || nice -n 10 "$dir/bin/pip" install --no-deps $nodeps; }
    } >"$log" 2>&1
    local status=$?
    if [ $status -eq 0 ]; then
        touch "$dir/.majlis-ready"
        echo "[$name] ok"
    else
        echo "[$name] FAILED (exit $status) — see $log" >&2
    fi
    return $status
}

group_alt_profanity_check() { make_venv alt-profanity-check 3.11 "alt-profanity-check==1.9.1" ""; }
# Its pickled model needs the scikit-learn it was saved with (0.20), which needs Python 3.7.
group_profanity_check() {
    make_venv profanity-check 3.7 \
        "scikit-learn==0.20.4 numpy<1.17 scipy<1.4 joblib<0.15" "profanity-check==1.0.3"
}
group_better_profanity() { make_venv better-profanity 3.11 "better-profanity==0.7.0" ""; }
group_hatesonar() { make_venv hatesonar 3.11 "hatesonar==0.1.0" ""; }
# Both Jigsaw BiLSTM peers share one TensorFlow venv; their declared deps pin old TF, hence --no-deps.
group_tf() {
    make_venv tf 3.11 "tensorflow-cpu tf-keras keras-preprocessing pandas scikit-learn joblib" \
        "tox-block==0.1.2 toxic-comment-classifier==0.3.0"
}
group_pyspamdetector() { make_venv pyspamdetector 3.11 "scikit-learn>=1.7,<1.8" "pyspamdetector==0.0.1"; }
group_pyspam_classifier() {
    make_venv pyspam-classifier 3.10 "scikit-learn==1.0.2 numpy<1.24 scipy<1.12" \
        "pyspam-classifier==0.0.2"
}
group_arabic_toxic() { make_venv arabic-toxic 3.11 "scikit-learn>=1.7,<1.8" "arabic-toxic==0.2.3"; }
# CPU torch from the local wheel first: anything pulling plain torch would fetch a multi-GB CUDA build.
group_detoxify() { make_venv detoxify 3.11 "torch==2.13.0 detoxify==0.5.4" ""; }

ALL_GROUPS=(alt-profanity-check profanity-check better-profanity hatesonar pyspamdetector
            pyspam-classifier tf detoxify arabic-toxic)
GROUPS_TO_BUILD=("$@")
[ ${#GROUPS_TO_BUILD[@]} -eq 0 ] && GROUPS_TO_BUILD=("${ALL_GROUPS[@]}")

failed=0
for group in "${GROUPS_TO_BUILD[@]}"; do
    fn="group_${group//-/_}"
    if ! declare -F "$fn" >/dev/null; then
        echo "unknown group $group; known: ${ALL_GROUPS[*]}" >&2
        failed=1
        continue
    fi
    "$fn" || failed=1
done

# hatesonar's ONNX string normaliser refuses to start unless the en_US.UTF-8 locale exists. Compile
# a private copy (no system change); compare_peers.py sets LOCPATH to it for that peer.
if [ ! -d "$VENVS/_locale/en_US.UTF-8" ]; then
    mkdir -p "$VENVS/_locale"
    localedef -i en_US -f UTF-8 "$VENVS/_locale/en_US.UTF-8" \
        || { echo "localedef failed: hatesonar will not start (apt-get install locales)" >&2; failed=1; }
fi
exit $failed
