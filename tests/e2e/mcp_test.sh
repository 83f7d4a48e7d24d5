#!/usr/bin/env bash
# hone mcp, driven by clients no one here wrote: the official MCP TypeScript SDK runs a whole
# session on a fixture project (tests/mcp/session.mjs), the transcript of docs/agents.md is
# replayed on the wire and every reply must keep the shape it shows (tests/mcp/transcript.mjs),
# and the MCP conformance suite's server scenarios that apply to hone pass (tests/mcp/conformance.mjs).
# Measurements use callgrind's exact counts, so no outcome depends on the machine's load.
source "$(dirname "$0")/common.sh"
command -v valgrind >/dev/null || { echo "SKIP: valgrind not installed"; exit 0; }
MCP_DIR="$SOURCE_DIR/tests/mcp"
[[ -d "$MCP_DIR/node_modules/@modelcontextprotocol/sdk" ]] \
  || fail "the MCP test clients are not installed: run scripts/setup.sh (npm ci in tests/mcp)"

# fixture DIR: a git repository whose targets are spin loops; slow does 3x the work of ours.
fixture() {
  mkdir "$1"
  (
    cd "$1"
    git init -q -b main
    cat > hone.toml <<'TOML'
[project]
name = "mcp-fixture"

[[benchmark]]
name = "small"
args = "2000000"

[[benchmark]]
name = "large"
args = "4000000"

[target.ours]
command = "spin {args}"

[target.slow]
command = "sh -c 'spin $0; spin $0; spin $0' {args}"

[measure]
metric = "instructions"
seed = 7

[criteria]
done = ["faster than slow on 2/2 benchmarks"]
TOML
    git add -A && git_commit "fixture"
  )
}

fixture session
node "$MCP_DIR/session.mjs" "$HONE" "$WORK/session" > session.txt 2>&1 || { cat session.txt; fail "SDK session"; }
cat session.txt

fixture transcript
node "$MCP_DIR/transcript.mjs" "$SOURCE_DIR/docs/agents.md" "$HONE" "$WORK/transcript" > transcript.txt 2>&1 \
  || { cat transcript.txt; fail "the transcript of docs/agents.md no longer holds"; }
cat transcript.txt

fixture conformance
node "$MCP_DIR/conformance.mjs" "$HONE" "$WORK/conformance" server-initialize ping tools-list > conformance.txt 2>&1 \
  || { cat conformance.txt; fail "MCP conformance scenarios"; }
cat conformance.txt

# Without a project, the server still starts; a tool that needs one says so as the tool's error.
mkdir empty && cd empty
printf '%s\n' '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"sh","version":"1"}}}' \
  '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"status","arguments":{}}}' \
  '{"jsonrpc":"2.0","id":3,"method":"no/such"}' 'garbage' | "$HONE" mcp > out.txt 2> err.txt
[[ $(wc -l < out.txt) -eq 4 ]] || { cat out.txt; fail "four replies expected"; }
sed -n 1p out.txt > r1.json; sed -n 2p out.txt > r2.json; sed -n 3p out.txt > r3.json; sed -n 4p out.txt > r4.json
json_check r1.json 'j["result"]["protocolVersion"] == "2024-11-05"'
json_check r2.json 'j["result"]["isError"] and "no hone.toml in" in j["result"]["content"][0]["text"] and "structuredContent" not in j["result"]'
json_check r3.json 'j["error"]["code"] == -32601'
json_check r4.json 'j["error"]["code"] == -32700 and j["id"] is None'
expect_contains err.txt "hone: error: no hone.toml in"
echo "PASS"
