// Requirement ids as the policy writes them: every id string literal in src/policy (and in
// src/agent, which records decisions too) has a row in docs/requirements.md, whose rows start with
// `| <id> |`; the RequirementId type's areas are the catalog's areas. The type (see
// test/policy/types.test.ts) catches a misspelt area at compile time; this test catches an id
// that has the right shape but no row (e.g. 'R-SESSION-99').

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isRequirementId, requirementAreas } from '../../src/policy/decision.js';

const root = new URL('../../', import.meta.url);

function read(path: string): string {
  return readFileSync(new URL(path, root), 'utf8');
}

/** Every .ts file under a directory of the repository, as repository-relative paths. */
function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(new URL(`${dir}/`, root), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...tsFiles(path));
    else if (entry.isFile() && entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

const catalog = read('docs/requirements.md');

/** The ids of the catalog's table rows (`| <id> | rule | spec | enforced in | shown by |`). */
const catalogIds: ReadonlySet<string> = new Set(
  catalog
    .split('\n')
    .map((line) => /^\| ((?:R-[A-Z]+|AMB)-[0-9]+) \|/.exec(line)?.[1])
    .filter((id): id is string => id !== undefined),
);

/** A quoted string that is exactly an id-shaped value: '…', "…" or `…`. */
const LITERAL = /(['"`])((?:R-[A-Za-z]+|AMB)-?[0-9A-Za-z]*)\1/g;
/** Anything a typo of an id may look like, to catch near misses too ('R-SESION-01', 'AMB11'). */
const ID_LIKE = /^(?:R-[A-Z]+-[0-9]+|AMB-?[0-9]+)$/;

interface Literal {
  readonly id: string;
  readonly file: string;
}

function idLiterals(dirs: readonly string[]): Literal[] {
  const out: Literal[] = [];
  for (const dir of dirs) {
    for (const file of tsFiles(dir)) {
      for (const m of read(file).matchAll(LITERAL)) {
        const id = m[2] as string;
        if (ID_LIKE.test(id)) out.push({ id, file });
      }
    }
  }
  return out;
}

describe('requirement ids in the policy are catalog ids (AMB-30: every decision cites one)', () => {
  const literals = idLiterals(['src/policy', 'src/agent']);

  it('the catalog has rows, and the sources cite ids as string literals', () => {
    expect(catalogIds.size).toBeGreaterThan(300);
    expect(literals.length).toBeGreaterThan(100);
  });

  it('every id string literal in src/policy and src/agent has a row in docs/requirements.md', () => {
    const missing = literals
      .filter((l) => !catalogIds.has(l.id))
      .map((l) => `${l.id} (${l.file})`)
      .sort();
    expect(missing, 'ids cited in code with no `| <id> |` row in docs/requirements.md').toEqual([]);
  });

  it('every such literal is a RequirementId at run time too', () => {
    expect(literals.filter((l) => !isRequirementId(l.id))).toEqual([]);
  });

  it('every catalog id is a RequirementId (the type can name every row)', () => {
    expect([...catalogIds].filter((id) => !isRequirementId(id))).toEqual([]);
  });

  it("RequirementId's areas are exactly the catalog's areas", () => {
    const sectionAreas = [...catalog.matchAll(/^## .*\(R-([A-Z]+)\)\s*$/gm)].map((m) => m[1]);
    const rowAreas = new Set([...catalogIds].flatMap((id) => /^R-([A-Z]+)-/.exec(id)?.[1] ?? []));
    expect(sectionAreas).toEqual([...requirementAreas]);
    expect([...rowAreas].sort()).toEqual([...requirementAreas].sort());
  });

  it('isRequirementId refuses near misses and non-strings', () => {
    for (const v of ['R-SESION-01', 'AMB11', 'R-SESSION-', 'r-session-01', 'R-FOO-01', '', ' AMB-01']) {
      expect(isRequirementId(v), v).toBe(false);
    }
    for (const v of [undefined, null, 11, {}, ['AMB-11']]) expect(isRequirementId(v)).toBe(false);
    expect(isRequirementId('AMB-11')).toBe(true);
    expect(isRequirementId('R-SESSION-01')).toBe(true);
  });
});
