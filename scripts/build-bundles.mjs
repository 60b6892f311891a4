// Builds the script-tag bundles (IIFE): dist/xrgate.js and dist/xrgate-test.js.
import { build } from 'esbuild';

const common = {
  bundle: true,
  format: 'iife',
  target: 'es2022',
  platform: 'browser',
  sourcemap: true,
  logLevel: 'warning',
};
await build({ ...common, entryPoints: ['src/browser/entry.ts'], outfile: 'dist/xrgate.js' });
await build({ ...common, entryPoints: ['src/browser/entry-test.ts'], outfile: 'dist/xrgate-test.js' });
console.log('built dist/xrgate.js and dist/xrgate-test.js');
