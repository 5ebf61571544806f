// Checks rendered Kubernetes manifests (stdin: a multi-document YAML stream, as `helm template` prints it)
// against the Kubernetes OpenAPI schemas bundled in the kubernetes-models package — offline, no cluster.
//   node docker/k8s-validate.mjs <node_modules dir holding kubernetes-models and yaml> < rendered.yaml
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const modules = process.argv[2];
if (!modules) throw new Error('usage: k8s-validate.mjs <node_modules dir> < manifests.yaml');
const load = (path) => import(pathToFileURL(join(modules, path)).href);
const { parseAllDocuments } = await load('yaml/dist/index.js');

const docs = parseAllDocuments(readFileSync(0, 'utf8'));
let failures = 0;
let checked = 0;
for (const doc of docs) {
  if (doc.errors.length) {
    console.error(`YAML error: ${doc.errors.map((e) => e.message).join('; ')}`);
    failures++;
    continue;
  }
  const obj = doc.toJS();
  if (!obj) continue;
  const { apiVersion, kind } = obj;
  const label = `${kind} ${obj.metadata?.name} (${apiVersion})`;
  const group = apiVersion.includes('/') ? apiVersion : `v1`;
  let Model;
  try {
    Model = (await load(`kubernetes-models/${group}/index.js`))[kind];
  } catch {
    Model = undefined;
  }
  if (!Model) {
    console.error(`  ? ${label}: no schema for this kind`);
    failures++;
    continue;
  }
  try {
    new Model(obj).validate();
    checked++;
    console.log(`  ok ${label}`);
  } catch (error) {
    failures++;
    console.error(`  FAIL ${label}: ${error.message}`);
  }
}
console.log(`${checked} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
