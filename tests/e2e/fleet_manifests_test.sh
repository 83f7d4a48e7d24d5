#!/usr/bin/env bash
# hone fleet k8s / github: the Kubernetes Indexed Job and the GitHub Actions workflow are checked
# against their engines' published schemas by parsers no one here wrote (tests/fleet/validate.mjs:
# kubernetes-models, @actions/workflow-parser, yaml; installed by scripts/setup.sh), a broken copy
# of each must be rejected (so the check is real), and what the pods and jobs would run is run
# here, as the engine would set it up, into a real PostgreSQL store, then judged by collect. A
# shard that dies is named and re-run alone. Reported times: parallel.
source "$(dirname "$0")/common.sh"
source "$SOURCE_DIR/tests/tools/postgres.sh"
trap 'pg_stop; rm -rf "$WORK"' EXIT
FLEET_DIR="$SOURCE_DIR/tests/fleet"
[[ -d "$FLEET_DIR/node_modules/@actions/workflow-parser" && -d "$FLEET_DIR/node_modules/kubernetes-models" ]] \
  || fail "the schema validators are not installed: run scripts/setup.sh (npm ci in tests/fleet)"
validate() { node "$FLEET_DIR/validate.mjs" "$@"; }
unset HONE_MACHINE HONE_STORE HONE_FLEET HONE_SHARD_COUNT JOB_COMPLETION_INDEX
pg_start
psql -q "$PG_URL" -c 'CREATE DATABASE perf' >/dev/null
STORE="postgresql://hone@/perf?host=$PG_DIR"

# The project: the fleet fixture, whose `ours` breaks (prints nothing) where BREAK is set, as on a
# broken machine.
mkdir app && cd app
sed 's|^command = "echo .took {args}.1 ms. .took {args}.3 ms. .took {args}.2 ms."|command = "sh -c \x27test -z \\"$BREAK\\" \&\& echo took {args}.1 ms took {args}.3 ms took {args}.2 ms\x27"|' \
  "$E2E_DIR/projects/fleet/hone.toml" > hone.toml
grep -q 'BREAK' hone.toml || fail "fixture: ours' command not rewritten"
sed -i 's/^done = .*/done = ["faster than theirs on 5\/5 benchmarks"]/' hone.toml

# ---- Kubernetes ----
# docs/commands.md's example, as written there.
expect_status 0 "$HONE" fleet k8s --shards 3 --image registry.example/app:1.2 --fleet e2e-k8s --namespace perf -o doc.yaml
expect_contains err.txt 'hone: wrote doc.yaml (3 shards, fleet e2e-k8s); submit it with `kubectl apply -f doc.yaml`, then `hone fleet collect --fleet e2e-k8s`'
validate k8s doc.yaml > v.txt || { cat v.txt; fail "the documented Job is not valid"; }
# This one runs the hone under test in this folder, as an image holding both would.
expect_status 0 "$HONE" fleet k8s --shards 3 --image registry.example/app:1.2 --fleet e2e-k8s --namespace perf \
  --workdir "$WORK/app" --hone "$HONE" -o job.yaml
expect_contains err.txt "hone: wrote job.yaml (3 shards, fleet e2e-k8s); submit it with \`kubectl apply -f job.yaml\`"
validate k8s job.yaml > v.txt || { cat v.txt; fail "the Job is not valid"; }
expect_contains v.txt "valid: document 1: Job hone-e2e-k8s"
expect_not_contains job.yaml "$PG_DIR"   # the store's URL comes from the Secret, never in clear
# The manifest's promises, read back by the YAML parser.
node -e '
  const { parse } = require(process.argv[1] + "/node_modules/yaml");
  const j = parse(require("fs").readFileSync("job.yaml", "utf8"));
  const s = j.spec, pod = s.template.spec, term = pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0];
  const ok = s.completionMode === "Indexed" && s.completions === 3 && s.parallelism === 3 && j.metadata.namespace === "perf" &&
    term.topologyKey === "kubernetes.io/hostname" &&
    Object.entries(term.labelSelector.matchLabels).every(([k, v]) => s.template.metadata.labels[k] === v) &&
    pod.containers[0].env.find((e) => e.name === "HONE_STORE").valueFrom.secretKeyRef.name === "hone-store";
  if (!ok) { console.error(JSON.stringify(j, null, 1)); process.exit(1); }' "$FLEET_DIR" || fail "job.yaml: not one pod per node"
# A broken copy is rejected by the schema: the check is real.
sed 's/completions: 3/completions: "three"/' job.yaml > broken.yaml
if validate k8s broken.yaml > v.txt 2>&1; then cat v.txt; fail "a Job with completions: \"three\" passed"; fi
expect_contains v.txt "spec/completions must be integer"
sed 's/restartPolicy: Never/restartPolicy: Sometimes/' job.yaml > broken.yaml
if validate k8s broken.yaml > v.txt 2>&1; then cat v.txt; fail "restartPolicy: Sometimes passed"; fi
expect_contains v.txt "restartPolicy must be equal to one of the allowed values"

# Each pod, as the Indexed Job starts it: JOB_COMPLETION_INDEX, the env of the manifest, the
# Secret's URL and the node's name. The pod of index 1 lands on a broken node.
pod() {  # pod INDEX [VAR=VALUE...]: runs what the pod INDEX of job.yaml would run
  local idx=$1 spec; shift
  spec="$(validate k8s-env "${POD_FILE:-job.yaml}" "$idx")"
  (cd "$(json /dev/stdin 'j["workingDir"]' <<< "$spec")" &&
   env $(json /dev/stdin '" ".join(f"{k}={v}" for k, v in j["env"].items() if isinstance(v, str))' <<< "$spec") \
     HONE_STORE="$STORE" HONE_MACHINE="node-$idx" "$@" \
     $(json /dev/stdin '" ".join(j["command"])' <<< "$spec"))
}
pod 0 > pod0.txt 2>&1 || { cat pod0.txt; fail "pod 0"; }
expect_contains pod0.txt "shard 1/3 (JOB_COMPLETION_INDEX=0, HONE_SHARD_COUNT=3): a, d"
if pod 1 BREAK=1 > pod1.txt 2>&1; then cat pod1.txt; fail "pod 1 on the broken node succeeded"; fi
pod 2 > pod2.txt 2>&1 || { cat pod2.txt; fail "pod 2"; }
export HONE_STORE="$STORE"
expect_status 2 "$HONE" fleet collect --fleet e2e-k8s --timeout 30s --poll 0.2s
expect_contains err.txt "fleet e2e-k8s: 1 shard died:"
expect_contains err.txt "shard 2/3: failed (run 2 on node-1): benchmark 'b', target 'ours'"
expect_contains err.txt "re-run it alone (Kubernetes: hone fleet k8s ... --fleet e2e-k8s --rerun 2, kubectl apply), then collect again"
# Shard 2 alone, a Job of its own in the same fleet, on a sound node.
expect_status 0 "$HONE" fleet k8s --shards 3 --image registry.example/app:1.2 --fleet e2e-k8s --namespace perf \
  --workdir "$WORK/app" --hone "$HONE" --rerun 2 -o rerun.yaml
validate k8s rerun.yaml > v.txt || { cat v.txt; fail "the re-run Job is not valid"; }
expect_contains v.txt "valid: document 1: Job hone-e2e-k8s-shard-2"
POD_FILE=rerun.yaml pod 0 > rerun.txt 2>&1 || { cat rerun.txt; fail "re-run of shard 2"; }
expect_contains rerun.txt "shard 2/3 (--shard 2/3): b, e"
expect_status 0 "$HONE" fleet collect --fleet e2e-k8s --timeout 30s --poll 0.2s
expect_contains out.txt "fleet e2e-k8s: 3 shards complete"
expect_contains out.txt "shard 2/3: run 4 on node-0"
expect_contains out.txt "all criteria met"
unset HONE_STORE

# A node that cannot reach the store: its pod fails (so the Job marks it), saying where the run is
# kept; pushed from there when the store is back, the fleet is whole.
expect_status 0 "$HONE" fleet k8s --shards 3 --image registry.example/app:1.2 --fleet e2e-down --workdir "$WORK/app" \
  --hone "$HONE" -o down.yaml
POD_FILE=down.yaml pod 0 > /dev/null 2>&1 || fail "pod 0 of e2e-down"
POD_FILE=down.yaml pod 1 > /dev/null 2>&1 || fail "pod 1 of e2e-down"
mkdir -p "$WORK/nowhere"
if POD_FILE=down.yaml pod 2 HONE_STORE="postgresql://hone@/perf?host=$WORK/nowhere" > pod2.txt 2>&1; then
  cat pod2.txt; fail "a pod that could not reach the store succeeded"
fi
expect_contains pod2.txt "the store is down or unreachable"
expect_contains pod2.txt "hone: error: the shared store is down: this shard's run 1 is kept in $WORK/app/.hone/hone.db"
export HONE_STORE="$STORE"
expect_status 2 "$HONE" fleet collect --fleet e2e-down --timeout 0s
expect_contains err.txt "fleet e2e-down: after 0s, shard 3 of 3 never recorded a run"
expect_status 0 "$HONE" store push
expect_contains out.txt "pushed 1 run from $WORK/app/.hone/hone.db"
expect_status 0 "$HONE" fleet collect --fleet e2e-down --timeout 10s --poll 0.2s
expect_contains out.txt "fleet e2e-down: 3 shards complete"
unset HONE_STORE

# Bad values are named.
expect_status 2 "$HONE" fleet k8s --shards 3 --image 'my image'
expect_contains err.txt "--image 'my image': expected an image reference"
expect_status 2 "$HONE" fleet k8s --shards 3 --image app --namespace Perf_Team
expect_contains err.txt "--namespace 'Perf_Team': a namespace is at most 63 lowercase letters"
expect_status 2 "$HONE" fleet k8s --shards 3 --image app --store-secret HONE_STORE
expect_contains err.txt "--store-secret 'HONE_STORE': a Secret's name is lowercase letters"
expect_status 2 "$HONE" fleet k8s --shards 3 --image app --fleet f --rerun 4
expect_contains err.txt "--rerun 4: a shard number from 1 to 3 (--shards)"
expect_status 2 "$HONE" fleet k8s --shards 3 --image app --rerun 2,3
expect_contains err.txt "--rerun 2,3: give the fleet of the shards to re-run (--fleet NAME, as \`hone fleet collect\` named it)"
expect_status 2 "$HONE" fleet k8s --shards 6 --image app
expect_contains err.txt "--shards 6: $WORK/app/hone.toml has 5 benchmarks, so at most 5 shards have work"

# ---- GitHub Actions ----
expect_status 2 "$HONE" fleet github --shards 3
expect_contains err.txt "$WORK/app/hone.toml is not in a git repository"
git init -q "$WORK"   # the project lives in app/ of the repository
mkdir -p .github/workflows
expect_status 0 "$HONE" fleet github --shards 3 --runs-on self-hosted --runs-on perf -o .github/workflows/hone-suite.yml
expect_contains err.txt "hone: wrote .github/workflows/hone-suite.yml (3 shards on runners [self-hosted, perf]); commit it under .github/workflows/ and start it from the Actions tab"
mv .github/workflows/hone-suite.yml .
validate github hone-suite.yml > v.txt || { cat v.txt; fail "the workflow is not valid"; }
expect_contains v.txt "valid: workflow hone-suite.yml: jobs shard, collect"
expect_contains hone-suite.yml 'HONE_STORE: ${{ secrets.HONE_STORE }}'
sed 's/    needs: shard/    needs: shards/' hone-suite.yml > broken.yml
if validate github broken.yml > v.txt 2>&1; then cat v.txt; fail "a workflow needing an unknown job passed"; fi
expect_contains v.txt "Job 'collect' depends on unknown job 'shards'"
sed 's/fail-fast: false/fail-fast: sometimes/' hone-suite.yml > broken.yml
if validate github broken.yml > v.txt 2>&1; then cat v.txt; fail "fail-fast: sometimes passed"; fi
expect_contains v.txt "Unexpected value 'sometimes'"

# Each matrix job as a runner would run it: from the repository's root, secrets and matrix set.
# Shard 3 dies on its runner; collect (which runs even then) names it; it is re-run alone.
gh_job() {  # gh_job JOB SHARD [VAR=VALUE...]
  local name=$1 shard=$2 spec; shift 2
  spec="$(SECRET_HONE_STORE="$STORE" validate github-job app/hone-suite.yml "$name" "$shard" 4242)"
  json /dev/stdin 'j["runs"][0]' <<< "$spec" > "run-$name.sh"
  env $(json /dev/stdin '" ".join(f"{k}={v}" for k, v in j["env"].items())' <<< "$spec") PATH="$(dirname "$HONE"):$PATH" \
    "$@" bash -e "run-$name.sh"
}
cd "$WORK"
for k in 1 2; do gh_job shard $k > "gh$k.txt" 2>&1 || { cat "gh$k.txt"; fail "github shard $k"; }; done
expect_contains gh1.txt "shard 1/3 (--shard 1/3): a, d"
if gh_job shard 3 BREAK=1 > gh3.txt 2>&1; then cat gh3.txt; fail "the broken shard 3 succeeded"; fi
if gh_job collect "" > collect.txt 2>&1; then cat collect.txt; fail "collect with a dead shard succeeded"; fi
expect_contains collect.txt "fleet fleet-fixture-4242: 1 shard died:"
expect_contains collect.txt "shard 3/3: failed"
expect_contains collect.txt "re-run it alone (hone bench --shard 3/3 with HONE_FLEET=fleet-fixture-4242; in a CI matrix: re-run the failed job), then collect again"
gh_job shard 3 > gh3.txt 2>&1 || { cat gh3.txt; fail "github shard 3, re-run"; }
gh_job collect "" > collect.txt 2>&1 || { cat collect.txt; fail "collect"; }
expect_contains collect.txt "fleet fleet-fixture-4242: 3 shards complete"
expect_contains collect.txt "all criteria met"

cd app
expect_status 2 "$HONE" fleet github --shards 3 --store-secret hone-store
expect_contains err.txt "--store-secret 'hone-store': a GitHub secret's name is letters, digits and '_'"
expect_status 2 "$HONE" fleet github --shards 3 --runs-on 'a,b'
expect_contains err.txt "--runs-on 'a,b': expected one runner label"
expect_status 2 "$HONE" fleet github --shards 3 --collect-timeout soon
expect_contains err.txt "--collect-timeout 'soon': expected a duration such as 1m"
echo "PASS"
