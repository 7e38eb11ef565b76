// Reads the TAP that `node --test --test-reporter=tap <file>` wrote (standard input) and prints
// one line per test: `PASS node.<file>.<test>`, `FAIL node.<file>.<test>: <reason>` or
// `SKIP node.<file>.<test>: <why>`. Used by tools/node_tests.sh; node 18.19+ and 20.
//
//   node tests/node/tap_report.mjs <file base name, e.g. connect> < tap-output

import fs from 'node:fs';
import path from 'node:path';

const base = process.argv[2];
if (!base) {
    console.error('usage: node tap_report.mjs <file base name> < tap');
    process.exit(2);
}

const RESULT = /^( *)(not ok|ok) \d+ - (.*)$/;
const lines = fs.readFileSync(0, 'utf8').split('\n');

/** A YAML scalar of the reporter's diagnostics: 'single', "double", or plain. */
function unquote(v) {
    if (v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1).replace(/''/g, "'");
    if (v.startsWith('"') && v.endsWith('"')) {
        try { return JSON.parse(v); } catch { return v.slice(1, -1); }
    }
    return v;
}

/** The top-level keys of the YAML block starting at lines[i] (`---`); returns [fields, next i]. */
function readYaml(i, indent) {
    const fields = {};
    const keyIndent = indent + 2;
    let key = null;
    for (; i < lines.length; i++) {
        const line = lines[i];
        if (line.trim() === '...' && line.length - line.trimStart().length === keyIndent) return [fields, i + 1];
        const lead = line.length - line.trimStart().length;
        if (lead === keyIndent && /^[\w-]+:/.test(line.trimStart())) {
            const t = line.trimStart();
            const colon = t.indexOf(':');
            key = t.slice(0, colon);
            const v = t.slice(colon + 1).trim();
            fields[key] = /^[|>][-+]?$/.test(v) ? '' : unquote(v);
        } else if (key && lead > keyIndent) {
            fields[key] += (fields[key] ? '\n' : '') + line.trim();
        }
    }
    return [fields, i];
}

/** A test name without the reporter's escapes, and its SKIP / TODO directive if any. */
function splitDirective(text) {
    const m = /^(.*?)(?<!\\) # (SKIP|TODO)\b\s*(.*)$/i.exec(text);
    const unescape = (s) => s.replace(/\\#/g, '#').replace(/\\\\/g, '\\');
    if (!m) return { name: unescape(text), directive: null, why: '' };
    return { name: unescape(m[1]), directive: m[2].toUpperCase(), why: m[3] };
}

// Build the tree: a result line closes a test; the results one level deeper since the last
// result at its own level are its subtests.
const pending = [[]];
for (let i = 0; i < lines.length;) {
    const m = RESULT.exec(lines[i]);
    if (!m) { i++; continue; }
    const depth = Math.floor(m[1].length / 4);
    const { name, directive, why } = splitDirective(m[3]);
    let fields = {};
    i++;
    if (i < lines.length && lines[i].trim() === '---') [fields, i] = readYaml(i + 1, m[1].length);
    while (pending.length <= depth + 1) pending.push([]);
    const node = { name, ok: m[2] === 'ok', directive, why, fields, children: pending[depth + 1] };
    pending[depth + 1] = [];
    pending[depth].push(node);
}

/** One line: the error (lines joined) and where it was raised in a test file. */
function reason(node) {
    const f = node.fields;
    let text = (f.error || f.failureType || 'failed').split('\n').map((s) => s.trim()).filter(Boolean).join(' ');
    if (text.length > 400) text = `${text.slice(0, 400)}...`;
    const where = /([^/]+\.test\.mjs):(\d+)/.exec(f.stack || '') || /([^/]+):(\d+):\d+$/.exec(f.location || '');
    return where ? `${text} [${where[1]}:${where[2]}]` : text;
}

const isFileWrapper = (name) => name.endsWith('.mjs') || name.includes(path.sep);
const out = [];

function walk(node, names, hookError) {
    const own = isFileWrapper(node.name) ? names : [...names, node.name];
    const failedHook = !node.ok && node.fields.failureType === 'hookFailed' ? reason(node) : hookError;
    if (node.children.length === 0) {
        const parts = own[0] === base ? own.slice(1) : own;
        const full = `node.${base}.${parts.join('.') || node.name}`;
        if (node.directive === 'SKIP' || node.directive === 'TODO') {
            out.push({ kind: 'SKIP', line: `SKIP ${full}: ${node.why || node.directive.toLowerCase()}` });
        } else if (node.ok) {
            out.push({ kind: 'PASS', line: `PASS ${full}` });
        } else {
            const cancelled = node.fields.failureType === 'cancelledByParent' && failedHook;
            out.push({ kind: 'FAIL', line: `FAIL ${full}: ${cancelled ? `hook failed: ${failedHook}` : reason(node)}` });
        }
        return node.ok || node.directive ? 0 : 1;
    }
    let failed = 0;
    for (const c of node.children) failed += walk(c, own, failedHook);
    // a suite that failed by itself: an after hook (a server that crashed or exited badly), or
    // its body; a before hook that failed is in each cancelled test's line already
    const allCancelled = node.children.every((c) => c.fields.failureType === 'cancelledByParent');
    if (!node.ok && node.fields.failureType !== 'subtestsFailed'
        && (failed === 0 || (node.fields.failureType === 'hookFailed' && !allCancelled))) {
        const parts = own[0] === base && own.length > 1 ? own.slice(1) : own;
        const what = node.fields.failureType === 'hookFailed' ? 'hook failed: ' : '';
        out.push({ kind: 'FAIL', line: `FAIL node.${base}.${parts.join('.') || '(suite)'}: ${what}${reason(node)}` });
        failed++;
    }
    return failed;
}

for (const root of pending[0]) walk(root, [], null);
for (const { line } of out) console.log(line);
