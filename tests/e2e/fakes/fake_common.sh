# Shared by the fake agent CLIs here (claude, codex, aider, gemini, opencode): each parses its
# arguments the way docs/agents.md#presets says its real CLI takes them, refusing any option it
# does not know and any it needs but misses, reads the prompt the documented way, and then does
# the task as a coding agent would: the candidate's change (the wc example's prepared patch for
# the candidate the prompt names) and the JSON report where the prompt says. It uses nothing
# from hone's environment variables: a real CLI knows only its arguments, stdin and its folder.
set -euo pipefail
FAKE=$(basename "$0")
WRITABLE=("$PWD")  # where the fake may write besides its folder (--add-dir and the like)

# usage_error MESSAGE: how the CLIs refuse bad arguments (status 2, message on stderr).
usage_error() {
  echo "$FAKE: error: $*" >&2
  exit 2
}

# record TEXT: what the test checks about the invocation (argv, how the prompt came).
record() { echo "$FAKE: $*" >>"${FAKE_AGENT_RECORD:-/dev/null}"; }

# writable PATH: inside the working folder or a folder given to the CLI.
writable() {
  local p=$1 d
  for d in "${WRITABLE[@]}"; do
    [[ $p == "${d%/}"/* ]] && return 0
  done
  return 1
}

# do_task PROMPT: the change the prompt asks for, and the report.
do_task() {
  local prompt=$1 name report slug top
  name=$(printf '%s\n' "$prompt" | sed -n 's/^You are implementing Optimization [0-9]*: \(.*\) for the .* project\.$/\1/p' | head -1)
  report=$(printf '%s\n' "$prompt" | sed -n 's/^6\. Report results by writing JSON to \(.*\):$/\1/p' | head -1)
  [[ -n $name ]] || { echo "$FAKE: the prompt is not hone's (no 'You are implementing Optimization')" >&2; exit 1; }
  [[ -n $report ]] || { echo "$FAKE: the prompt says nowhere where to write the report" >&2; exit 1; }
  slug=$(printf '%s' "$name" | tr 'A-Z' 'a-z' | sed -e 's/[^a-z0-9][^a-z0-9]*/-/g' -e 's/^-//' -e 's/-$//')
  top=$(git rev-parse --show-toplevel)
  [[ -f $top/agents/$slug/patch ]] || { echo "$FAKE: no prepared change for '$name'" >&2; exit 1; }
  (cd "$top" && git apply "agents/$slug/patch")
  echo "$FAKE: changed $(cd "$top" && git diff --stat | tail -1)"
  writable "$report" || { echo "$FAKE: permission denied: $report is outside the folders it may write" >&2; exit 1; }
  cp "$top/agents/$slug/report.json" "$report"
  record "did '$name', report $report"
}
