// The check that keeps xrgate's own code off the page's built-ins (scripts/lint-primordials.mjs)
// must itself fail on what it exists to catch: each sample is compiled with the project's program
// and must be reported, and its primordial rewrite must not be.

import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { lint, PENDING, projectProgram } from '../../scripts/lint-primordials.mjs';

function problemsOf(source: string, file = 'src/policy/lint-sample.ts'): string[] {
  const all: string[] = lint(projectProgram({ [file]: source }), PENDING);
  return all.filter((p) => p.startsWith(file));
}

describe('lint-primordials', { timeout: 60_000 }, () => {
  it('the project as it stands is clean', () => {
    expect(lint()).toEqual([]);
  });

  it('fails on [].includes(x) in src/policy, and names the primordial to use', () => {
    const p = problemsOf('export const granted = (x: string) => ["local"].includes(x);\n');
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/lint-sample\.ts:1: Array\.prototype\.includes/);
    expect(p[0]).toMatch(/ArrayPrototypeIncludes\(self/);
  });

  it('the primordial form of the same code passes', () => {
    const p = problemsOf(
      "import { ArrayPrototypeIncludes } from '../primordials.js';\n" +
        'export const granted = (x: string) => ArrayPrototypeIncludes(["local"], x);\n',
    );
    expect(p).toEqual([]);
  });

  it('fails on Math.round, Map#get and Set#has whatever the variables are called', () => {
    const p = problemsOf(
      [
        'export function f(a: Map<string, number>, b: ReadonlySet<string>, y: number) {',
        '  const r = Math.round(y);',
        '  return (a.get("k") ?? r) + (b.has("x") ? 1 : 0);',
        '}',
      ].join('\n'),
    );
    expect(p.map((x) => x.split(': ')[1])).toEqual([
      'Math.round(…)',
      'Map.prototype.get(…)',
      'Set.prototype.has(…)',
    ]);
  });

  it('fails on for…of, spread, array destructuring and the in operator; accepts SafeMap', () => {
    const p = problemsOf(
      [
        "import { SafeMap } from '../primordials.js';",
        'const safe = new SafeMap<string, number>();',
        'export function g(list: readonly string[], d: object) {',
        '  for (const x of list) safe.set(x, 1);',
        '  const copy = [...list];',
        '  const [first] = list;',
        "  return 'value' in d ? copy : first;",
        '}',
      ].join('\n'),
    );
    expect(p.map((x) => x.split(': ')[1])).toEqual([
      'for…of',
      'spread (...)',
      'array destructuring',
      "the 'in' operator",
    ]);
  });

  it('reports a DOM accessor read (event.isTrusted) and a DOM method call', () => {
    const p = problemsOf(
      'export const ok = (e: Event, el: Element) => { el.append("x"); return e.isTrusted; };\n',
      'src/browser/lint-sample.ts',
    );
    expect(p.map((x) => x.split(': ')[1])).toEqual([
      'ParentNode.prototype.append(…)',
      'read of Event.isTrusted',
    ]);
  });

  it('the CLI and the Test API are not checked', () => {
    expect(problemsOf('export const x = [1].includes(1);\n', 'src/cli/lint-sample.ts')).toEqual([]);
  });

  it('a pending file that has become clean must leave the list', () => {
    const pending = new Set(['src/policy/lint-sample.ts']);
    const all: string[] = lint(
      projectProgram({ 'src/policy/lint-sample.ts': 'export const x = 1;\n' }),
      pending,
    );
    expect(all).toContain(
      'src/policy/lint-sample.ts: no findings any more: remove it from PENDING in scripts/lint-primordials.mjs',
    );
  });
});
