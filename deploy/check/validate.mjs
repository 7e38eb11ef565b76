// Validates rendered Kubernetes manifests offline against the Kubernetes API schemas
// (kubernetes-models; ServiceMonitor and friends from @kubernetes-models/prometheus-operator).
// Reads multi-document YAML from the files named; prints one line per object and exits 1 when
// any object is invalid or of a kind it does not know.
//
//   node deploy/check/validate.mjs rendered.yaml...
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

async function modelFor(apiVersion, kind) {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    const candidates = group === ""
        ? [`kubernetes-models/${version}`]
        : [`kubernetes-models/${group}/${version}`,
           `@kubernetes-models/prometheus-operator/${group}/${version}`];
    for (const mod of candidates) {
        try {
            const m = await import(mod);
            if (m[kind]) return m[kind];
        } catch (e) {
            if (e.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED" && e.code !== "ERR_MODULE_NOT_FOUND") throw e;
        }
    }
    return null;
}

let bad = 0, good = 0;
for (const file of process.argv.slice(2)) {
    for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
        if (doc.errors.length) { console.log(`FAIL ${file}: YAML: ${doc.errors[0].message}`); bad++; continue; }
        const obj = doc.toJSON();
        if (obj === null) continue;
        const what = `${file}: ${obj.kind}/${obj.metadata?.name}`;
        const Model = await modelFor(obj.apiVersion ?? "", obj.kind ?? "");
        if (!Model) { console.log(`FAIL ${what}: no schema for ${obj.apiVersion} ${obj.kind}`); bad++; continue; }
        try {
            new Model(obj).validate();
            console.log(`ok   ${what}`);
            good++;
        } catch (e) {
            console.log(`FAIL ${what}: ${e.message}`);
            bad++;
        }
    }
}
console.log(`${good} valid, ${bad} invalid`);
process.exit(bad || !good ? 1 : 0);
