// Builds the script-tag bundles (IIFE, minified, each with its source map beside it, sources
// embedded): dist/xrgate.js and dist/xrgate-test.js; and the Chromium extension (Manifest V3) into
// dist/extension/: its scripts bundled from src/extension, its pages and manifest copied from
// extension/ (the manifest's version is the package's).
// esbuild's metafiles go to dist/meta/ (not shipped): `node scripts/bundle-report.mjs` lists the
// modules of each bundle by size.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const common = {
  bundle: true,
  format: 'iife',
  target: 'es2022',
  platform: 'browser',
  sourcemap: true,
  sourcesContent: true,
  metafile: true,
  logLevel: 'warning',
};
const meta = 'dist/meta';
mkdirSync(meta, { recursive: true });
const writeMeta = (name) => (result) =>
  writeFileSync(`${meta}/${name}.json`, `${JSON.stringify(result.metafile)}\n`);

// The page bundles are minified: dist/xrgate.js is what a page loads before its own scripts.
const page = { ...common, minify: true };
await build({ ...page, entryPoints: ['src/browser/entry.ts'], outfile: 'dist/xrgate.js' }).then(
  writeMeta('xrgate'),
);
await build({ ...page, entryPoints: ['src/browser/entry-test.ts'], outfile: 'dist/xrgate-test.js' }).then(
  writeMeta('xrgate-test'),
);

const ext = 'dist/extension';
rmSync(ext, { recursive: true, force: true });
mkdirSync(ext, { recursive: true });
const scripts = {
  'main-world': 'src/extension/main-world.ts',
  isolated: 'src/extension/ua/isolated.ts',
  'service-worker': 'src/extension/ua/service-worker.ts',
  prompt: 'src/extension/ua/prompt-frame.ts',
  panel: 'src/extension/ua/panel.ts',
  devtools: 'src/extension/ua/devtools.ts',
};
await Promise.all(
  Object.entries(scripts).map(([name, entry]) =>
    build({ ...common, target: 'chrome116', entryPoints: [entry], outfile: `${ext}/${name}.js` }).then(
      writeMeta(`extension-${name}`),
    ),
  ),
);
for (const f of readdirSync('extension')) {
  if (f === 'manifest.json') continue;
  cpSync(`extension/${f}`, `${ext}/${f}`, { recursive: true });
}
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const manifest = JSON.parse(readFileSync('extension/manifest.json', 'utf8'));
manifest.version = pkg.version;
writeFileSync(`${ext}/manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
console.log('built dist/xrgate.js, dist/xrgate-test.js and dist/extension/ (metafiles in dist/meta/)');
