#!/usr/bin/env node
// Offline validation of Kubernetes manifests with the kubernetes-models schemas (types, enums, required
// fields), without a cluster. Used by .ci/run on deploy/ and on `helm template` output.
//
//   node validate.mjs [--allow-unknown] [FILE|DIR|-]...
//
// FILE: a YAML (or JSON) file with one or more documents; DIR: its *.yaml, *.yml and *.json files, sorted,
// not recursive (like `kubectl apply -f DIR`); "-" or no argument: standard input.
// Each object is checked with the class of its apiVersion/kind: kubernetes-models for the Kubernetes API
// (CustomResourceDefinition included), @kubernetes-models/prometheus-operator for ServiceMonitor.
// An object of a kind without a model fails, unless --allow-unknown (then it is reported and skipped).
// Also fails on: YAML syntax errors, a document that is not an object, a missing apiVersion/kind/metadata.name,
// the same object (apiVersion, kind, namespace, name) twice.
// Exit status: 0 all valid, 1 an invalid object (the first one is reported), 2 bad usage or unreadable input.
// Limitation: the kubernetes-models schemas allow unknown fields, so a misspelled optional field is not caught.

import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** apiVersion prefix -> module whose version index exports one class per kind. */
function modelModule(apiVersion) {
  const slash = apiVersion.indexOf("/");
  if (slash < 0) {
    return `kubernetes-models/${apiVersion}`; // the core group: v1
  }
  const group = apiVersion.slice(0, slash);
  if (group === "monitoring.coreos.com") {
    return `@kubernetes-models/prometheus-operator/${apiVersion}`;
  }
  return `kubernetes-models/${apiVersion}`;
}

const modules = new Map();

async function modelClass(apiVersion, kind) {
  const name = modelModule(apiVersion);
  if (!modules.has(name)) {
    modules.set(name, await import(name).catch(() => null));
  }
  const module = modules.get(name);
  const cls = module ? module[kind] : undefined;
  // the index modules also export nested types (e.g. DeploymentSpec): only top-level kinds declare apiVersion
  return typeof cls === "function" && cls.apiVersion === apiVersion && cls.kind === kind ? cls : null;
}

class Invalid extends Error {}

function fail(where, message) {
  throw new Invalid(`INVALID ${where}: ${message}`);
}

function readSources(args) {
  const sources = [];
  for (const arg of args.length ? args : ["-"]) {
    if (arg === "-") {
      sources.push({ name: "<stdin>", text: readFileSync(0, "utf8") });
      continue;
    }
    let stat;
    try {
      stat = statSync(arg);
    } catch (e) {
      throw new Error(`cannot read ${arg}: ${e.message}`);
    }
    if (stat.isDirectory()) {
      const files = readdirSync(arg).filter((f) => MANIFEST_FILE.test(f)).sort();
      if (files.length === 0) {
        throw new Error(`${arg}: no *.yaml, *.yml or *.json file`);
      }
      for (const f of files) {
        sources.push({ name: join(arg, f), text: readFileSync(join(arg, f), "utf8") });
      }
    } else {
      sources.push({ name: arg, text: readFileSync(arg, "utf8") });
    }
  }
  return sources;
}

async function validateObject(obj, where, seen, options, counts) {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
    fail(where, "a document must be a Kubernetes object (a YAML mapping)");
  }
  const { apiVersion, kind } = obj;
  if (typeof apiVersion !== "string" || apiVersion === "" || typeof kind !== "string" || kind === "") {
    fail(where, "apiVersion and kind must be non-empty strings");
  }
  if (kind === "List" && apiVersion === "v1") {
    if (!Array.isArray(obj.items)) {
      fail(where, "a v1 List needs an items array");
    }
    for (const [i, item] of obj.items.entries()) {
      await validateObject(item, `${where} items[${i}]`, seen, options, counts);
    }
    return;
  }
  const name = obj.metadata?.name;
  if (typeof name !== "string" || name === "") {
    fail(where, `${apiVersion} ${kind} has no metadata.name`);
  }
  const id = `${apiVersion} ${kind} ${obj.metadata.namespace ?? ""}/${name}`;
  if (seen.has(id)) {
    fail(where, `${kind} ${name} is also defined in ${seen.get(id)}`);
  }
  seen.set(id, where);
  const Model = await modelClass(apiVersion, kind);
  if (!Model) {
    if (options.allowUnknown) {
      console.log(`skip    ${where}: ${kind} ${name} (no model for ${apiVersion} ${kind})`);
      counts.skipped++;
      return;
    }
    fail(where, `no model for apiVersion ${apiVersion}, kind ${kind} (${kind} ${name}); `
      + "a misspelled apiVersion or kind? (--allow-unknown skips such objects)");
  }
  try {
    new Model(obj).validate();
  } catch (e) {
    const details = Array.isArray(e.errors) && e.errors.length
      ? e.errors.map((err) => `${err.instancePath || "/"} ${err.message}`
        + (err.params?.allowedValues ? ` (${err.params.allowedValues.join(", ")})` : "")).join("; ")
      : e.message;
    fail(where, `${kind} ${name}: ${details}`);
  }
  console.log(`valid   ${where}: ${kind} ${name}`);
  counts.valid++;
}

async function main(argv) {
  const options = { allowUnknown: false };
  const args = [];
  for (const arg of argv) {
    if (arg === "--allow-unknown") {
      options.allowUnknown = true;
    } else if (arg === "-h" || arg === "--help") {
      console.log("usage: validate.mjs [--allow-unknown] [FILE|DIR|-]...");
      return 0;
    } else if (arg.startsWith("--")) {
      console.error(`unknown option ${arg}`);
      return 2;
    } else {
      args.push(arg);
    }
  }
  let sources;
  try {
    sources = readSources(args);
  } catch (e) {
    console.error(e.message);
    return 2;
  }
  const seen = new Map();
  const counts = { valid: 0, skipped: 0 };
  try {
    for (const source of sources) {
      const docs = parseAllDocuments(source.text, { prettyErrors: true, uniqueKeys: true });
      if (!Array.isArray(docs)) {
        fail(source.name, "not a YAML stream");
      }
      for (const [i, doc] of docs.entries()) {
        const where = `${source.name} document ${i + 1}`;
        if (doc.errors.length) {
          fail(where, `YAML error: ${doc.errors[0].message}`);
        }
        const obj = doc.toJS({ maxAliasCount: 100 });
        if (obj === null || obj === undefined) {
          continue; // an empty document, e.g. a template that rendered nothing
        }
        await validateObject(obj, where, seen, options, counts);
      }
    }
  } catch (e) {
    if (e instanceof Invalid) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
  if (counts.valid + counts.skipped === 0) {
    console.error(`INVALID ${sources.map((s) => s.name).join(", ")}: no Kubernetes object found`);
    return 1;
  }
  console.log(`${counts.valid} valid, ${counts.skipped} skipped (${sources.length} source${sources.length === 1 ? "" : "s"})`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
