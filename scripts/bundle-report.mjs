// What a built bundle is made of, module by module (after `npm run build`):
//   node scripts/bundle-report.mjs [bundle=xrgate] [rows=all]
// bundle: xrgate, xrgate-test or extension-<name> (the metafiles in dist/meta/).
// For each module: its bytes in the minified output (esbuild's metafile), and its gzip cost: how
// much smaller the gzipped bundle gets when the module's output bytes are left out (found through
// the bundle's source map). The costs do not add up to the total exactly (gzip shares context
// between modules), but they rank the modules by what they weigh in the shipped file.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const name = process.argv[2] ?? 'xrgate';
const rows = Number(process.argv[3] ?? Number.POSITIVE_INFINITY);
const meta = JSON.parse(readFileSync(`dist/meta/${name}.json`, 'utf8'));
const [outPath, output] = Object.entries(meta.outputs).find(([p]) => p.endsWith('.js'));
const code = readFileSync(outPath, 'utf8');
const map = JSON.parse(readFileSync(`${outPath}.map`, 'utf8'));

// The owner (source index) of every character of the output, from the map's mappings (VLQ).
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const owner = new Int32Array(code.length).fill(-1);
const lineStarts = [0];
for (let i = 0; i < code.length; i++) if (code[i] === '\n') lineStarts.push(i + 1);
let source = 0;
const lines = map.mappings.split(';');
for (let line = 0; line < lines.length && line < lineStarts.length; line++) {
  const start = lineStarts[line];
  const end = line + 1 < lineStarts.length ? lineStarts[line + 1] : code.length;
  let column = 0;
  const points = [];
  for (const segment of lines[line].split(',')) {
    if (!segment) continue;
    const fields = [];
    let value = 0;
    let shift = 0;
    for (const ch of segment) {
      const digit = B64.indexOf(ch);
      value += (digit & 31) << shift;
      if (digit & 32) shift += 5;
      else {
        fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
        value = 0;
        shift = 0;
      }
    }
    column += fields[0];
    if (fields.length > 1) source += fields[1];
    points.push([column, fields.length > 1 ? source : -1]);
  }
  for (let p = 0; p < points.length; p++) {
    const from = start + points[p][0];
    const to = p + 1 < points.length ? start + points[p + 1][0] : end;
    owner.fill(points[p][1], from, Math.min(to, end));
  }
}

const gzip = (text) => gzipSync(text).length;
const total = gzip(code);
const sources = map.sources.map((s) => s.replace(/^(\.\.\/)+/, ''));
const byModule = Object.entries(output.inputs).map(([path, v]) => {
  const index = sources.findIndex((s) => path.endsWith(s));
  let kept = '';
  if (index >= 0) {
    const parts = [];
    let from = 0;
    for (let i = 0; i <= code.length; i++) {
      const mine = i < code.length && owner[i] === index;
      if (mine && from < 0) continue;
      if (mine) {
        parts.push(code.slice(from, i));
        from = -1;
      } else if (from < 0) from = i;
    }
    if (from >= 0) parts.push(code.slice(from));
    kept = parts.join('');
  }
  return { path, bytes: v.bytesInOutput, gzipCost: index >= 0 ? total - gzip(kept) : 0 };
});
byModule.sort((a, b) => b.gzipCost - a.gzipCost || b.bytes - a.bytes);

const byFolder = new Map();
for (const m of byModule) {
  const folder = m.path.split('/').slice(0, -1).join('/');
  const f = byFolder.get(folder) ?? { bytes: 0, gzipCost: 0 };
  f.bytes += m.bytes;
  f.gzipCost += m.gzipCost;
  byFolder.set(folder, f);
}

const pad = (v, n) => String(v).padStart(n);
console.log(`${outPath}: ${code.length} bytes minified, ${total} bytes gzip, ${byModule.length} modules`);
console.log('\n    bytes  gzip cost  folder');
for (const [folder, f] of [...byFolder].sort((a, b) => b[1].gzipCost - a[1].gzipCost)) {
  console.log(`${pad(f.bytes, 9)}  ${pad(f.gzipCost, 9)}  ${folder}`);
}
console.log('\n    bytes  gzip cost  module');
for (const m of byModule.slice(0, rows)) console.log(`${pad(m.bytes, 9)}  ${pad(m.gzipCost, 9)}  ${m.path}`);
