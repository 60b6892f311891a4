// Fails when the TypeScript modules under a folder import each other in a cycle. Type-only
// imports count as edges too: a cycle of types couples files as tightly as a cycle of values.
// Usage: node scripts/cycles.mjs [folder=src]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const folder = resolve(process.argv[2] ?? 'src');

/** Every .ts file below `dir` (declaration files left out). */
function sources(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sources(full));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** The relative specifiers a module imports or re-exports from (statements may span lines). */
function specifiers(text) {
  const found = [];
  const pattern = /\b(?:import|export)\b[^;'"]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/gs;
  for (const match of text.matchAll(pattern)) found.push(match[1]);
  for (const match of text.matchAll(/\bimport\s*['"](\.{1,2}\/[^'"]+)['"]/g)) found.push(match[1]);
  return found;
}

function target(from, spec) {
  const base = resolve(dirname(from), spec).replace(/\.js$/, '');
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  return null;
}

const files = sources(folder);
const graph = new Map(files.map((f) => [f, new Set()]));
for (const f of files) {
  for (const spec of specifiers(readFileSync(f, 'utf8'))) {
    const t = target(f, spec);
    if (t && graph.has(t)) graph.get(f).add(t);
  }
}

// Depth-first search with colours; each back edge closes one cycle, reported once by its members.
const state = new Map();
const path = [];
const cycles = new Map();
function visit(node) {
  state.set(node, 'open');
  path.push(node);
  for (const next of graph.get(node)) {
    if (state.get(next) === 'open') {
      const members = path.slice(path.indexOf(next));
      const key = [...members].sort().join('|');
      if (!cycles.has(key)) cycles.set(key, [...members, next]);
    } else if (!state.has(next)) visit(next);
  }
  path.pop();
  state.set(node, 'done');
}
for (const f of files) if (!state.has(f)) visit(f);

for (const cycle of cycles.values()) {
  console.log(`import cycle: ${cycle.map((f) => relative(process.cwd(), f)).join(' → ')}`);
}
console.log(
  `${cycles.size} import cycle(s) among ${files.length} modules under ${relative(process.cwd(), folder) || '.'}`,
);
process.exit(cycles.size > 0 ? 1 : 0);
