// Runs scenarios of the MCP conformance suite (@modelcontextprotocol/conformance, server mode)
// against `hone mcp`. The suite tests servers over Streamable HTTP only, so this script puts the
// SDK's own HTTP server transport in front of hone: each HTTP session is one `hone mcp` process,
// and every message is relayed as is, both ways. Everything runs on 127.0.0.1, offline.
// Usage: node conformance.mjs HONE PROJECT_DIR SCENARIO...   (exit 0 when every scenario passes)
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";

const [hone, project, ...scenarios] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const sessions = new Map(); // session id -> the HTTP transport of that session
const children = [];

async function newSession() {
  const stdio = new StdioClientTransport({ command: hone, args: ["mcp"], cwd: project, stderr: "ignore" });
  const progressOf = new Map(); // progress token -> the request it belongs to
  const http = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    onsessioninitialized: (id) => sessions.set(id, http),
  });
  http.onmessage = (msg) => {
    const token = msg.params?._meta?.progressToken;
    if (token !== undefined) progressOf.set(token, msg.id);
    stdio.send(msg).catch((e) => console.error(`relay to hone: ${e}`));
  };
  stdio.onmessage = (msg) => {
    const related = msg.method === "notifications/progress" ? progressOf.get(msg.params.progressToken) : undefined;
    http.send(msg, related === undefined ? undefined : { relatedRequestId: related })
      .catch((e) => console.error(`relay to client: ${e}`));
  };
  http.onclose = () => stdio.close();
  await stdio.start();
  children.push(stdio);
  return http;
}

const server = createServer(async (req, res) => {
  try {
    let body;
    if (req.method === "POST") {
      let text = "";
      for await (const chunk of req) text += chunk;
      body = JSON.parse(text);
    }
    const id = req.headers["mcp-session-id"];
    let transport = id ? sessions.get(id) : undefined;
    if (!transport && !id && body?.method === "initialize") transport = await newSession();
    if (!transport) {
      res.writeHead(id ? 404 : 400, { "content-type": "application/json" });
      res.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32000, message: "no such session" } }));
      return;
    }
    await transport.handleRequest(req, res, body);
  } catch (e) {
    if (!res.headersSent) res.writeHead(500);
    res.end(String(e));
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${server.address().port}/mcp`;

const cli = join(here, "node_modules", "@modelcontextprotocol", "conformance", "dist", "index.js");
let failed = 0;
for (const scenario of scenarios) {
  const out = mkdtempSync(join(tmpdir(), "hone-conformance-"));
  const { code, stdout, stderr } = await new Promise((resolve) =>
    execFile(process.execPath, [cli, "server", "--url", url, "--scenario", scenario, "-o", out],
             { timeout: 120_000 }, (err, stdout, stderr) => resolve({ code: err ? err.code ?? 1 : 0, stdout, stderr })));
  // The suite's own verdict per check, from the results it saved.
  const checks = [];
  for (const dir of readdirSync(out, { recursive: true }))
    if (dir.endsWith("checks.json")) checks.push(...JSON.parse(readFileSync(join(out, dir), "utf8")));
  const bad = checks.filter((c) => c.status === "FAILURE");
  const passed = checks.filter((c) => c.status === "SUCCESS").length;
  console.log(`conformance ${scenario}: exit ${code}, ${passed} checks passed, ${bad.length} failed`);
  if (code !== 0 || bad.length > 0 || passed === 0) {
    failed++;
    for (const c of bad) console.log(`  FAILURE ${c.id}: ${c.errorMessage ?? c.description}`);
    console.log(stdout + stderr);
  }
}
for (const c of children) await c.close().catch(() => {});
server.close();
process.exit(failed === 0 ? 0 : 1);
