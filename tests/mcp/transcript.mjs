// Replays the transcript of docs/agents.md against `hone mcp` on the wire and checks that every
// reply has the shape the transcript shows, so the documentation cannot drift from the server.
// Usage: node transcript.mjs DOC.md HONE PROJECT_DIR
//
// The transcript is the ```jsonl block after the line `<!-- mcp-transcript -->`. A message starts
// at a line beginning with "> " (client to hone) or "< " (hone to client) and may go on over the
// following lines. Matching a reply: "…" matches any value; an object has exactly the keys shown
// unless it has a "…" key (then at least those); an array has exactly the elements shown unless
// its last element is "…" (then at least the ones before it); anything else is equal.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";

const [docPath, hone, project] = process.argv.slice(2);
const doc = readFileSync(docPath, "utf8");
const at = doc.indexOf("<!-- mcp-transcript -->");
assert.ok(at >= 0, `${docPath}: no <!-- mcp-transcript --> marker`);
const open = doc.indexOf("```jsonl\n", at);
const close = doc.indexOf("\n```", open + 9);
assert.ok(open >= 0 && close > open, `${docPath}: no \`\`\`jsonl block after the marker`);

const messages = [];
for (const line of doc.slice(open + 9, close).split("\n")) {
  if (line.startsWith("> ") || line.startsWith("< ")) messages.push({ dir: line[0], text: line.slice(2) });
  else if (messages.length > 0) messages[messages.length - 1].text += "\n" + line;
  else if (line.trim() !== "") throw new Error(`${docPath}: transcript line outside a message: ${line}`);
}
for (const m of messages) m.json = JSON.parse(m.text);
assert.ok(messages.length >= 4, "the transcript has messages");

const ANY = "…";
function match(want, got, path) {
  if (want === ANY) return;
  if (Array.isArray(want)) {
    assert.ok(Array.isArray(got), `${path}: expected an array, got ${JSON.stringify(got)}`);
    const open = want.length > 0 && want[want.length - 1] === ANY;
    const shown = open ? want.slice(0, -1) : want;
    if (open) assert.ok(got.length >= shown.length, `${path}: expected at least ${shown.length} elements, got ${got.length}`);
    else assert.equal(got.length, shown.length, `${path}: expected ${shown.length} elements, got ${got.length}`);
    shown.forEach((w, i) => match(w, got[i], `${path}[${i}]`));
    return;
  }
  if (want !== null && typeof want === "object") {
    assert.ok(got !== null && typeof got === "object" && !Array.isArray(got), `${path}: expected an object, got ${JSON.stringify(got)}`);
    const keys = Object.keys(want).filter((k) => k !== ANY);
    if (!(ANY in want)) assert.deepEqual(Object.keys(got).sort(), [...keys].sort(), `${path}: keys differ`);
    for (const k of keys) {
      assert.ok(k in got, `${path}.${k}: missing`);
      match(want[k], got[k], `${path}.${k}`);
    }
    return;
  }
  assert.deepEqual(got, want, `${path}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
}

const child = spawn(hone, ["mcp"], { cwd: project, stdio: ["pipe", "pipe", "inherit"] });
const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
async function next() {
  for (;;) {
    const { value, done } = await lines.next();
    assert.ok(!done, "hone mcp closed stdout before the transcript's next reply");
    const msg = JSON.parse(value);
    if (msg.method !== "notifications/progress") return msg;
  }
}

let checked = 0;
for (const m of messages) {
  if (m.dir === ">") child.stdin.write(JSON.stringify(m.json) + "\n");
  else {
    const got = await next();
    match(m.json, got, `reply ${++checked}`);
  }
}
child.stdin.end();
const code = await new Promise((resolve) => child.on("exit", resolve));
assert.equal(code, 0, "hone mcp exits 0 when stdin ends");
console.log(`transcript: ${messages.length} messages, ${checked} replies match ${docPath}`);
