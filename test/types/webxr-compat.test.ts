// xrgate's objects against @types/webxr's declarations: a compile test. fixtures/webxr-compat.ts
// assigns each of xrgate's WebXR objects to @types/webxr's type (what compat.ts relaxes, and why, is
// listed there) and must compile, with the Test API's type assertions (test-api.test.ts);
// fixtures/webxr-compat.negative.ts, the same comparison of objects missing a member or with a wrong
// one, must fail, each statement with the error its comment names.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsc } from './tsc.js';

const HERE = import.meta.dirname;

describe('types: xrgate and @types/webxr', () => {
  it('xrgate objects are assignable to @types/webxr types, and the Test API types hold (tsc -p test/types/tsconfig.json)', () => {
    const run = tsc('tsconfig.json', HERE);
    expect(run.output).toBe('');
    expect(run.status).toBe(0);
  }, 240_000);

  it('negative control: objects lacking a member, or with a wrong one, do not compile', () => {
    const file = join(HERE, 'fixtures', 'webxr-compat.negative.ts');
    const expected = readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((text, i) => {
        const m = /^\/\/ expect-error: (.+)$/.exec(text);
        // The statement is on the next line (1-based: i + 2).
        return m ? [{ line: i + 2, text: m[1] as string }] : [];
      });
    expect(expected.length).toBeGreaterThanOrEqual(6);

    const run = tsc('tsconfig.negative.json', HERE);
    expect(run.status).not.toBe(0);
    // Every error is in the negative fixture, at a statement that expects one …
    for (const d of run.diagnostics) {
      expect(d.file, d.text).toMatch(/fixtures\/webxr-compat\.negative\.ts$/);
      expect(
        expected.map((e) => e.line),
        d.text,
      ).toContain(d.line);
    }
    // … and every such statement fails, for the reason its comment names.
    for (const e of expected) {
      const at = run.diagnostics.filter((d) => d.line === e.line);
      expect(at.length, `line ${e.line}: ${e.text}`).toBeGreaterThan(0);
      expect(at.map((d) => d.text).join('\n'), `line ${e.line}`).toContain(e.text);
    }
  }, 240_000);
});
