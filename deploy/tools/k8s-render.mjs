// Renders a kustomization under deploy/k8s with `kubectl kustomize` into
// plain objects.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

export const k8sDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../k8s");

// `dir` is relative to deploy/k8s ("overlays/ci"). Throws with kubectl's
// message when the kustomization does not build.
export function renderYaml(dir) {
  return execFileSync("kubectl", ["kustomize", path.resolve(k8sDir, dir)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 << 20,
  });
}

export function render(dir) {
  return YAML.parseAllDocuments(renderYaml(dir)).map((doc) => {
    if (doc.errors.length) throw new Error(`${dir}: ${doc.errors[0].message}`);
    return doc.toJS();
  }).filter((o) => o !== null);
}
