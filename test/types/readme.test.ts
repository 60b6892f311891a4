// The README's TypeScript examples type-check as they are written: every ```ts block (```js and
// ```mjs blocks too, should the README gain some) is written verbatim to a module of its own in a
// temporary directory, with 'xrgate', 'xrgate/test-api' … mapped to src/, and compiled with strict
// settings. Shell and HTML blocks are not code to compile and are left out by their language.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tsc } from './tsc.js';

const ROOT = join(import.meta.dirname, '..', '..');
const COMPILED = new Set(['ts', 'typescript', 'js', 'javascript', 'mjs']);

interface Block {
  readonly lang: string;
  readonly code: string;
  /** The README line of the block's first line of code (1-based). */
  readonly line: number;
}

function readmeBlocks(): Block[] {
  const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n');
  const blocks: Block[] = [];
  let open: { lang: string; line: number; code: string[] } | null = null;
  lines.forEach((text, i) => {
    const fence = /^```(\S*)\s*$/.exec(text);
    if (open === null && fence) open = { lang: fence[1] ?? '', line: i + 2, code: [] };
    else if (open !== null && text.startsWith('```')) {
      blocks.push({ lang: open.lang, code: `${open.code.join('\n')}\n`, line: open.line });
      open = null;
    } else if (open !== null) open.code.push(text);
  });
  return blocks;
}

const dir = mkdtempSync(join(tmpdir(), 'xrgate-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('types: the README examples', () => {
  it('the Node and Test API examples (every ts block) type-check verbatim against src/', () => {
    const blocks = readmeBlocks();
    const compiled = blocks.filter((b) => COMPILED.has(b.lang));
    // The blocks this test is for are there, and compiled (not skipped by their language).
    expect(compiled.some((b) => b.code.includes("from 'xrgate';"))).toBe(true);
    expect(compiled.some((b) => b.code.includes("from 'xrgate/test-api';"))).toBe(true);
    expect(compiled.some((b) => b.code.includes('ua.xr!.test.'))).toBe(true);
    // What is left out: only shell and markup.
    for (const b of blocks)
      if (!COMPILED.has(b.lang)) expect(['sh', 'bash', 'html', 'text']).toContain(b.lang);

    const files = compiled.map((b, i) => {
      const name = `readme-${i}-line-${b.line}.${b.lang === 'ts' || b.lang === 'typescript' ? 'mts' : 'mjs'}`;
      writeFileSync(join(dir, name), b.code);
      return { name, block: b };
    });
    const src = (p: string) => join(ROOT, 'src', p);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          types: ['node'],
          typeRoots: [join(ROOT, 'node_modules', '@types')],
          strict: true,
          allowJs: true,
          checkJs: true,
          skipLibCheck: true,
          noEmit: true,
          // The package's entries (package.json "exports"), from the sources.
          paths: { xrgate: [src('index.ts')], 'xrgate/*': [src('*/index.ts')] },
        },
        files: files.map((f) => f.name),
      }),
    );
    const run = tsc('tsconfig.json', dir);
    // An error, reported at its README line.
    const where = run.diagnostics.map((d) => {
      const f = files.find((x) => d.file.endsWith(x.name));
      return f ? `README.md:${f.block.line + d.line - 1}: ${d.text}` : `${d.file}(${d.line}): ${d.text}`;
    });
    expect(where).toEqual([]);
    expect(run.output).toBe('');
    expect(run.status).toBe(0);
  }, 240_000);
});
