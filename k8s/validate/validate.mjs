// Validates Kubernetes manifests offline against the API types of kubernetes-models (required
// fields, value types, formats; unknown fields are not caught). Reads multi-document YAML from the
// files named on the command line (or stdin) and prints one line per object, then
// "N passed, N failed". Exit code 1 when any object fails or has an unknown apiVersion/kind.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const groups = {
  v1: "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "autoscaling/v2": "kubernetes-models/autoscaling/v2",
  "policy/v1": "kubernetes-models/policy/v1",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
  "rbac.authorization.k8s.io/v1": "kubernetes-models/rbac.authorization.k8s.io/v1",
};

const inputs = process.argv.length > 2 ? process.argv.slice(2) : ["/dev/stdin"];
let passed = 0;
let failed = 0;
for (const input of inputs) {
  for (const doc of parseAllDocuments(readFileSync(input, "utf8"))) {
    if (doc.errors.length > 0) {
      console.log(`FAIL ${input}: YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
      failed++;
      continue;
    }
    const object = doc.toJS();
    if (object == null) continue;
    const name = `${object.apiVersion} ${object.kind} ${object.metadata?.name}`;
    const module = groups[object.apiVersion];
    let model;
    try {
      model = module && (await import(module))[object.kind];
    } catch (e) {
      model = undefined;
    }
    if (!model) {
      console.log(`FAIL ${name}: no model for this apiVersion and kind`);
      failed++;
      continue;
    }
    try {
      new model(object).validate();
      console.log(`ok   ${name}`);
      passed++;
    } catch (e) {
      console.log(`FAIL ${name}: ${e.message}`);
      failed++;
    }
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
