// Renders every kustomization under deploy/k8s with `kubectl kustomize`,
// validates every object against the Kubernetes schemas offline (plus unknown
// fields) and runs the policy checks of k8s-policy.mjs. The broken fixture
// must be rejected by every check its expected-violations.txt lists.
//
//   node deploy/tools/validate-manifests.mjs           # all targets
//   node deploy/tools/validate-manifests.mjs --print overlays/ci   # rendered YAML
//
// Exit status: 0 when every target passes, 1 otherwise.
import fs from "node:fs";
import path from "node:path";
import { schemaProblems } from "./k8s-schema.mjs";
import { policyViolations } from "./k8s-policy.mjs";
import { k8sDir, render, renderYaml } from "./k8s-render.mjs";

// What each kustomization must satisfy beyond the common policy.
const TARGETS = [
  { dir: "base", options: {} },
  { dir: "overlays/local", options: {} },
  { dir: "overlays/production", options: { requireAutoscaler: true, externalSecrets: ["claimtrace-database"] } },
  { dir: "overlays/ci", options: { allowHostNetwork: true } },
  { dir: "jobs/ingest", options: {} },
];
const FIXTURES = [{ dir: "fixtures/broken", options: { requireAutoscaler: true } }];

async function check(dir, options) {
  const problems = [];
  let objects;
  try {
    objects = render(dir);
  } catch (error) {
    return { objects: [], problems: [{ check: "render", object: dir, message: String(error.stderr || error.message).trim() }] };
  }
  for (const object of objects) {
    for (const message of await schemaProblems(object)) {
      problems.push({
        check: message.endsWith("unknown field") ? "unknown-field" : "schema",
        object: `${object.kind}/${object.metadata?.name}`,
        message,
      });
    }
  }
  problems.push(...policyViolations(objects, options));
  return { objects, problems };
}

async function main(argv) {
  if (argv[0] === "--print") {
    process.stdout.write(renderYaml(argv[1]));
    return 0;
  }
  let passed = 0;
  let failed = 0;
  for (const { dir, options } of TARGETS) {
    const { objects, problems } = await check(dir, options);
    if (problems.length === 0) {
      passed++;
      const kinds = [...new Set(objects.map((o) => o.kind))].join(", ");
      console.log(`ok   ${dir}: ${objects.length} objects valid (${kinds})`);
    } else {
      failed++;
      console.log(`FAIL ${dir}:`);
      for (const p of problems) console.log(`       [${p.check}] ${p.object}: ${p.message}`);
    }
  }
  for (const { dir, options } of FIXTURES) {
    const expected = fs.readFileSync(path.join(k8sDir, dir, "expected-violations.txt"), "utf8")
      .split("\n").map((l) => l.replace(/#.*/, "").trim()).filter(Boolean);
    const { problems } = await check(dir, options);
    const fired = new Set(problems.map((p) => p.check));
    const silent = expected.filter((c) => !fired.has(c));
    const unexpected = [...fired].filter((c) => !expected.includes(c));
    if (silent.length === 0 && unexpected.length === 0) {
      passed++;
      console.log(`ok   ${dir}: rejected by all ${expected.length} expected checks (${problems.length} violations)`);
    } else {
      failed++;
      console.log(`FAIL ${dir}: the broken fixture was not rejected as expected`);
      if (silent.length) console.log(`       checks that did not fire: ${silent.join(", ")}`);
      if (unexpected.length) console.log(`       checks that fired unexpectedly: ${unexpected.join(", ")}`);
      for (const p of problems) console.log(`       [${p.check}] ${p.object}: ${p.message}`);
    }
  }
  console.log(`validate-manifests: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
