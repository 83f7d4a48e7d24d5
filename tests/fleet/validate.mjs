// Validates a job file hone wrote against the published schema of its engine, with parsers and
// schemas no one here wrote:
//   node validate.mjs k8s FILE      every document a batch/v1 Job, checked by kubernetes-models
//                                   (the Kubernetes OpenAPI schema, through @kubernetes-models/validate)
//   node validate.mjs github FILE   GitHub's own workflow parser and schema (@actions/workflow-parser)
//   node validate.mjs github-job FILE JOB SHARD RUN_ID   prints job JOB's env and run steps as JSON,
//                                   with ${{ matrix.shard }}, ${{ github.run_id }} and
//                                   ${{ secrets.NAME }} (from $SECRET_NAME) substituted, as the
//                                   runner would see them, so a test can run what the job would run
//   node validate.mjs k8s-env FILE INDEX   prints the container's command and env of the Indexed Job's
//                                   pod INDEX (0-based) as JSON, secrets and fields left as references,
//                                   so a test can run what the pod would run
// Exit 0 when valid (prints "valid: ..."), 1 with the validator's errors when not.
import { readFileSync } from "node:fs";
import { register } from "node:module";
import { parseAllDocuments } from "yaml";
import { Job } from "kubernetes-models/batch/v1/Job";

register("./json-hooks.mjs", import.meta.url);
const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import("@actions/workflow-parser");

const [mode, file, index, ...more] = process.argv.slice(2);
const text = readFileSync(file, "utf8");

function yamlDocuments() {
  const docs = parseAllDocuments(text);
  const errors = docs.flatMap((d) => d.errors.map((e) => e.message));
  if (errors.length) {
    console.error(`${file}: not YAML:\n${errors.join("\n")}`);
    process.exit(1);
  }
  return docs.map((d) => d.toJS());
}

if (mode === "k8s") {
  const docs = yamlDocuments();
  let bad = 0;
  docs.forEach((obj, i) => {
    try {
      if (obj?.apiVersion !== "batch/v1" || obj?.kind !== "Job")
        throw new Error(`apiVersion/kind is ${obj?.apiVersion}/${obj?.kind}, not batch/v1/Job`);
      new Job(obj).validate();
      console.log(`valid: document ${i + 1}: Job ${obj.metadata.name}`);
    } catch (e) {
      bad++;
      console.error(`${file}: document ${i + 1}: ${e.message}`);
    }
  });
  process.exit(bad || docs.length === 0 ? 1 : 0);
} else if (mode === "github") {
  // The schema (parseWorkflow), then the model (convertWorkflowTemplate: jobs' needs, matrices...).
  const result = parseWorkflow({ name: file, content: text }, new NoOperationTraceWriter());
  let errors = result.context.errors.getErrors();
  let template;
  if (!errors.length && result.value) {
    template = await convertWorkflowTemplate(result.context, result.value);
    errors = [...new Set([...(template.errors ?? []), ...result.context.errors.getErrors()])];
  }
  if (errors.length || !result.value) {
    console.error(`${file}: ${errors.map((e) => e.Message ?? e.message).join("\n")}`);
    process.exit(1);
  }
  console.log(`valid: workflow ${file}: jobs ${template.jobs.map((j) => j.id.value ?? j.id).join(", ")}`);
} else if (mode === "github-job") {
  const [workflow] = yamlDocuments();
  const [shard, runId] = more;
  const expand = (v) =>
    String(v).replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (all, expr) => {
      if (expr === "matrix.shard") return shard;
      if (expr === "github.run_id") return runId;
      const secret = expr.match(/^secrets\.(\w+)$/);
      if (secret) return process.env[`SECRET_${secret[1]}`] ?? "";
      return all;
    });
  const job = workflow.jobs[index];
  const env = Object.fromEntries(Object.entries(job.env ?? {}).map(([k, v]) => [k, expand(v)]));
  const runs = job.steps.filter((st) => st.run).map((st) => expand(st.run));
  console.log(JSON.stringify({ env, runs, needs: job.needs ?? null, if: job.if ?? null }));
} else if (mode === "k8s-env") {
  const [job] = yamlDocuments();
  const c = job.spec.template.spec.containers[0];
  const env = {};
  for (const e of c.env) env[e.name] = e.value ?? e.valueFrom;
  if (job.spec.completionMode === "Indexed") env.JOB_COMPLETION_INDEX = String(index);
  console.log(JSON.stringify({ command: c.command, workingDir: c.workingDir ?? null, env }));
} else {
  console.error("usage: node validate.mjs k8s|github|k8s-env FILE [INDEX]");
  process.exit(2);
}
