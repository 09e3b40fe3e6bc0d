// Offline validation of Kubernetes objects against the API's schemas, from
// the npm package kubernetes-models (JSON-schema validators generated from the
// Kubernetes OpenAPI spec), plus a strict unknown-field check: the generated
// validators accept fields they do not know, while `kubectl apply` (strict
// field validation, Kubernetes 1.25+) rejects them. The known fields of each
// type are read from the package's TypeScript declarations, which list them
// exactly.
//
// Works on Node.js 18 (Debian 12) and 20.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const require = createRequire(import.meta.url);
const modelsRoot = path.dirname(require.resolve("kubernetes-models/package.json"));
const nodeModules = path.dirname(modelsRoot);

// "apps/v1" -> "apps/v1"; "v1" -> "v1" (the core group's directory).
function modelFile(apiVersion, kind) {
  return path.join(modelsRoot, ...apiVersion.split("/"), `${kind}.d.ts`);
}

const parsedFiles = new Map();

// Parses one declaration file: its imports, the aliases it exports under, and
// for each interface the fields with the declared type of each (an interface
// reference {file, name} or null for scalars, maps and enums).
function parseDeclarations(file) {
  if (parsedFiles.has(file)) return parsedFiles.get(file);
  const text = fs.readFileSync(file, "utf8");
  const imports = new Map();
  for (const m of text.matchAll(/^import \{ ([^}]+) \} from "([^"]+)";$/gm)) {
    const spec = m[2];
    if (spec === "@kubernetes-models/base") continue;
    const target = spec.startsWith(".")
      ? path.resolve(path.dirname(file), `${spec}.d.ts`)
      : path.join(nodeModules, `${spec}.d.ts`);
    for (const name of m[1].split(",").map((s) => s.trim())) imports.set(name, target);
  }
  const aliases = new Map();
  for (const m of text.matchAll(/^export \{ (.+) \};$/gm)) {
    for (const part of m[1].split(",")) {
      const [local, exported] = part.trim().split(/\s+as\s+/);
      if (exported) aliases.set(exported, local);
    }
  }
  const interfaces = new Map();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const head = lines[i].match(/^export interface (\w+)(?: extends ([\w, ]+))? \{$/);
    if (!head) continue;
    const fields = new Map();
    if (head[2] && head[2].includes("TypeMeta")) {
      fields.set("apiVersion", null);
      fields.set("kind", null);
    }
    for (i++; i < lines.length && lines[i] !== "}"; i++) {
      const field = lines[i].match(/^ {4}"([^"]+)"\??: (.*)$/);
      if (!field) continue;
      const type = field[2].replace(/;$/, "");
      const ref = type.match(/^(?:Array<)?(I\w+)>?$/);
      if (ref && imports.has(ref[1])) {
        fields.set(field[1], { file: imports.get(ref[1]), name: ref[1] });
      } else if (ref && !type.includes('"')) {
        fields.set(field[1], { file, name: ref[1] });
      } else {
        fields.set(field[1], null);  // scalar, enum, map or free-form
      }
      if (type === "{") {  // skip a multi-line map type
        while (i + 1 < lines.length && !/^ {4}\};?$/.test(lines[i + 1])) i++;
        i++;
      }
    }
    interfaces.set(head[1], fields);
  }
  const parsed = { aliases, interfaces };
  parsedFiles.set(file, parsed);
  return parsed;
}

// The fields of interface `name` declared in `file`, or null when the name is
// a type alias (IntOrString, Quantity, ...) whose values are not objects.
function interfaceFields(file, name) {
  if (!fs.existsSync(file)) return null;
  const { aliases, interfaces } = parseDeclarations(file);
  return interfaces.get(aliases.get(name) ?? name) ?? null;
}

function unknownFields(value, file, name, where, problems) {
  if (value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => unknownFields(item, file, name, `${where}[${index}]`, problems));
    return;
  }
  const fields = interfaceFields(file, name);
  if (!fields) return;
  for (const [key, child] of Object.entries(value)) {
    if (!fields.has(key)) {
      problems.push(`${where ? `${where}.` : ""}${key}: unknown field`);
      continue;
    }
    const ref = fields.get(key);
    if (ref) unknownFields(child, ref.file, ref.name, where ? `${where}.${key}` : key, problems);
  }
}

const modelClasses = new Map();

// Problems with one object against its schema: [] when it is valid. Kinds
// outside the core API (no model) are a problem too: nothing here uses any.
export async function schemaProblems(object) {
  const { apiVersion, kind } = object ?? {};
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    return ["apiVersion and kind are required"];
  }
  const file = modelFile(apiVersion, kind);
  if (!fs.existsSync(file)) return [`no schema for ${apiVersion} ${kind}`];
  const key = `${apiVersion}/${kind}`;
  if (!modelClasses.has(key)) {
    const module = await import(`kubernetes-models/${apiVersion}/${kind}`);
    modelClasses.set(key, module[kind] ?? module.default?.[kind]);
  }
  const problems = [];
  try {
    new (modelClasses.get(key))(structuredClone(object)).validate();
  } catch (error) {
    for (const part of String(error.message).split(/, (?=data)/)) {
      // "data/spec/ports/0/port must be integer" -> "spec.ports[0].port must be integer"
      problems.push(part.replace(/^data\/?/, "").replace(/\/(\d+)(?=\/| )/g, "[$1]").replace(/\//g, "."));
    }
  }
  unknownFields(object, file, `I${kind}`, "", problems);
  return problems;
}
