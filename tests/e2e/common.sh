# Shared set-up for hone's end-to-end scenarios: each scenario is one script that runs the
# built binary ($HONE) in a fresh temporary folder and checks what it prints and records.
set -euo pipefail
: "${HONE:?HONE must point at the built hone binary}"
: "${SPIN:?SPIN must point at the built spin helper}"
E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SOURCE_DIR="$(cd "$E2E_DIR/../.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/hone-e2e.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
# spin must be on PATH for configured projects that say `spin N`.
mkdir -p "$WORK/bin" && ln -s "$SPIN" "$WORK/bin/spin"
export PATH="$WORK/bin:$PATH"

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_contains FILE TEXT: the file holds the text (fixed string).
expect_contains() {
  grep -qF -- "$2" "$1" || { echo "--- $1:"; cat "$1"; fail "$1 does not contain: $2"; }
}
expect_not_contains() {
  if grep -qF -- "$2" "$1"; then echo "--- $1:"; cat "$1"; fail "$1 contains: $2"; fi
}

# expect_status N CMD...: runs CMD, which must exit with status N; output in out.txt/err.txt.
expect_status() {
  local want=$1; shift
  set +e
  "$@" >out.txt 2>err.txt
  local got=$?
  set -e
  if [[ $got -ne $want ]]; then
    echo "--- stdout:"; cat out.txt; echo "--- stderr:"; cat err.txt
    fail "'$*' exited with $got, expected $want"
  fi
}

# json FILE EXPR: evaluates a Python expression over the parsed JSON `j` and prints it.
json() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"; }
# json_check FILE EXPR: the Python expression over `j` must be true.
json_check() {
  python3 -c "import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1" \
    || { cat "$1"; fail "JSON check failed: $2"; }
}

# A small configured project whose targets are spin loops of known cost.
make_spin_project() {
  cp "$E2E_DIR/projects/spin/hone.toml" "$WORK/hone.toml"
}

# A copy of the bundled example as a fresh git repository (one commit), in $WORK/wc.
make_wc_repo() {
  cp -r "$SOURCE_DIR/examples/wc" "$WORK/wc"
  rm -rf "$WORK/wc/build" "$WORK/wc/inputs" "$WORK/wc/.hone" "$WORK/wc/perf"
  cd "$WORK/wc"
  git init -q
  git add -A
  git_commit "wc example"
}
git_commit() { git -c user.name=hone-e2e -c user.email=e2e@hone.invalid commit -q -a -m "$1"; }

# json_documented FILE SECTION[=PREFIX]...: docs/json.md names every field FILE (one command's
# --format json output) holds, in those sections (see tests/tools/json_doc_check.py).
json_documented() {
  local file=$1; shift
  python3 "$SOURCE_DIR/tests/tools/json_doc_check.py" "$SOURCE_DIR/docs/json.md" "$file" "$@" \
    || { cat "$file"; fail "docs/json.md does not document every field of $file"; }
}
