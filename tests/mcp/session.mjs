// A real MCP client (the official TypeScript SDK, which no one here wrote) drives `hone mcp` on a
// fixture project: initialize, list the tools, read the status, add and approve a candidate, write
// a worklog note, measure, judge the criteria, and get errors back where they belong.
// Usage: node session.mjs HONE PROJECT_DIR   (exit 0 when every check holds)
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { McpError, ErrorCode } from "@modelcontextprotocol/sdk/types.js";

const [hone, project] = process.argv.slice(2);
const transport = new StdioClientTransport({ command: hone, args: ["mcp"], cwd: project, stderr: "pipe" });
let serverLog = "";
transport.stderr.on("data", (d) => (serverLog += d));
const client = new Client({ name: "hone-e2e", version: "1.0.0" });
// Measuring takes a while under callgrind: allow minutes, and progress resets the clock.
const long = { timeout: 280_000, resetTimeoutOnProgress: true, onprogress: () => {} };

async function call(name, args = {}) {
  const r = await client.callTool({ name, arguments: args }, undefined, long);
  assert.ok(Array.isArray(r.content) && r.content.length > 0, `${name}: no content`);
  for (const c of r.content) assert.equal(c.type, "text", `${name}: content of type ${c.type}`);
  return r;
}
// A successful call: its first text is what `hone --format json` printed; the object also comes
// as structuredContent.
async function ok(name, args = {}) {
  const r = await call(name, args);
  assert.equal(r.isError, false, `${name} failed: ${r.content.map((c) => c.text).join("\n")}`);
  const printed = JSON.parse(r.content[0].text);
  if (printed !== null && typeof printed === "object" && !Array.isArray(printed))
    assert.deepEqual(r.structuredContent, printed, `${name}: structuredContent differs from the text`);
  else assert.equal(r.structuredContent, undefined, `${name}: structuredContent for a non-object`);
  return printed;
}

try {
  await client.connect(transport);
  assert.equal(client.getServerVersion().name, "hone");
  assert.ok(client.getServerCapabilities().tools, "the server declares tools");
  assert.match(client.getInstructions(), /status/);

  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name);
  for (const want of ["status", "candidate_list", "candidate_show", "prompt", "runs", "show", "research_list",
                      "criteria", "bench", "compare", "baseline", "check", "profile", "research_new", "log",
                      "candidate_add", "candidate_edit", "candidate_approve", "candidate_drop",
                      "candidate_reorder", "try", "finish", "run", "report", "import", "init"])
    assert.ok(names.includes(want), `tool ${want} is listed`);
  assert.equal(new Set(names).size, names.length, "tool names are unique");
  for (const t of tools) {
    assert.equal(t.inputSchema.type, "object", `${t.name}: inputSchema is an object schema`);
    assert.ok(t.description.length > 20, `${t.name}: described`);
  }
  assert.equal(tools.find((t) => t.name === "status").annotations.readOnlyHint, true);
  assert.equal(tools.find((t) => t.name === "bench").annotations.readOnlyHint, false);

  let status = await ok("status");
  assert.equal(status.next_command, "hone baseline");
  assert.equal(status.last_attempt, null);

  const cand = await ok("candidate_add", { name: "Fewer rounds", proposed: "1 round", gain: "3x",
                                          complexity: "low", plan: ["count", "cut"] });
  assert.equal(cand.id, 1);
  assert.equal(cand.status, "proposed");
  assert.deepEqual(cand.plan, ["count", "cut"]);
  const approved = await ok("candidate_approve", { ids: [1] });
  assert.equal(approved[0].status, "approved");
  const shown = await ok("candidate_show", { id: 1 });
  assert.equal(shown.name, "Fewer rounds");
  assert.deepEqual(shown.attempts, []);

  // Text that looks like a flag is the note's text, never an option.
  const log = await ok("log", { text: ["--format", "csv is text here"] });
  assert.match(readFileSync(log.worklog, "utf8"), /--format csv is text here/);

  // Measured by callgrind: exact counts, so `slow` (three times the work) is slower on any machine.
  const bench = await ok("bench", { benchmarks: ["small", "large"], no_build: true });
  assert.equal(bench.metric, "instructions");
  assert.deepEqual(bench.results.map((r) => [r.benchmark, r.target]),
                   [["small", "ours"], ["small", "slow"], ["large", "ours"], ["large", "slow"]]);
  for (const c of bench.comparisons) {
    assert.equal(c.verdict, "slower");
    assert.ok(c.ratio > 2.5 && c.ratio < 3.5, `ratio ${c.ratio}`);
  }

  // A criterion is a verdict: met or not, it is a result.
  const crit = await call("criteria");
  assert.equal(crit.isError, false, crit.content.map((c) => c.text).join("\n"));
  assert.equal(crit.structuredContent.met, true);

  const runs = await ok("runs", { limit: 5 });
  assert.equal(runs.length, 1);
  assert.equal(runs[0].id, bench.run_id);
  const run = await ok("show", { run: bench.run_id });
  assert.equal(run.run.id, bench.run_id);

  status = await ok("status");
  assert.equal(status.candidates.approved, 1);

  // Errors: a bad argument and a failing command are the tool's errors, which the model reads...
  let r = await call("bench", { runs: "five" });
  assert.equal(r.isError, true);
  assert.equal(r.content[0].text, "argument 'runs': expected a positive integer, got a string (\"five\")");
  r = await call("show", { run: 999 });
  assert.equal(r.isError, true);
  assert.match(r.content[0].text, /^hone: error: no run 999 in /);
  // ... an unknown tool is the protocol's.
  await assert.rejects(client.callTool({ name: "rm_rf", arguments: {} }),
                       (e) => e instanceof McpError && e.code === ErrorCode.InvalidParams && /Unknown tool: rm_rf/.test(e.message));
  await client.ping();

  // The session changed the project as the command line would have.
  const db = join(project, ".hone", "hone.db");
  assert.ok(readFileSync(db).length > 0, "the store is beside hone.toml");
  await client.close();
  assert.match(serverLog, /hone: MCP server on stdio/);
  console.log(`session: ${tools.length} tools listed, every check held`);
} catch (e) {
  console.error(e);
  console.error("--- hone mcp stderr:\n" + serverLog);
  await client.close().catch(() => {});
  process.exit(1);
}
