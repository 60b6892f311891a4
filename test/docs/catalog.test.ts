// docs/requirements.md, the requirements catalog users read when an error message cites an id such
// as [R-INTENT-05] or AMB-11: every id the source cites has a row, no id has two rows, and every
// file the "enforced in" and "shown by" columns name exists.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const ID = /\b(R-[A-Z]+-[0-9]+|AMB-[0-9]+)\b/g;
const PATH = /`((?:src|test)\/[^`\s]+)`/g;

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

interface Row {
  readonly id: string;
  readonly line: number;
  readonly enforcedIn: string;
  readonly shownBy: string;
}

/** The table rows of the catalog: `| id | rule | spec | enforced in | shown by |`. */
function catalogRows(): Row[] {
  const rows: Row[] = [];
  read('docs/requirements.md')
    .split('\n')
    .forEach((text, i) => {
      const m = /^\| ((?:R-[A-Z]+|AMB)-[0-9]+) \|/.exec(text);
      if (!m) return;
      // Split on the table's pipes, not on escaped ones (\|) inside a cell.
      const cells = text
        .slice(1, text.trimEnd().endsWith('|') ? text.trimEnd().length - 1 : undefined)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim());
      rows.push({
        id: m[1] as string,
        line: i + 1,
        enforcedIn: cells[3] ?? '',
        shownBy: cells[4] ?? '',
      });
    });
  return rows;
}

describe('docs/requirements.md', () => {
  const rows = catalogRows();

  it('has a table row for the requirement catalog', () => {
    expect(rows.length, 'docs/requirements.md has no `| <id> | … |` rows').toBeGreaterThan(0);
  });

  it('has a row for every requirement id cited in src/**/*.ts', () => {
    const documented = new Set(rows.map((r) => r.id));
    const missing = new Map<string, Set<string>>();
    for (const file of tsFiles('src')) {
      for (const m of read(file).matchAll(ID)) {
        const id = m[1] as string;
        if (documented.has(id)) continue;
        const where = missing.get(id) ?? new Set<string>();
        where.add(file);
        missing.set(id, where);
      }
    }
    const offenders = [...missing.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, files]) => `${id} (cited in ${[...files].sort().join(', ')})`);
    expect(
      offenders,
      `ids cited in src/ without a row "| <id> |" in docs/requirements.md:\n  ${offenders.join('\n  ')}`,
    ).toEqual([]);
  });

  it('names only files that exist in the "enforced in" and "shown by" columns', () => {
    const offenders: string[] = [];
    for (const row of rows) {
      for (const [column, cell] of [
        ['enforced in', row.enforcedIn],
        ['shown by', row.shownBy],
      ] as const) {
        for (const m of cell.matchAll(PATH)) {
          const path = m[1] as string;
          if (!existsSync(new URL(path, root))) {
            offenders.push(`${row.id} (line ${row.line}, ${column}): ${path}`);
          }
        }
      }
    }
    expect(
      offenders,
      `docs/requirements.md names files that do not exist (moved or renamed? update the row):\n  ${offenders.join('\n  ')}`,
    ).toEqual([]);
  });

  it('lists every id once', () => {
    const lines = new Map<string, number[]>();
    for (const row of rows) lines.set(row.id, [...(lines.get(row.id) ?? []), row.line]);
    const offenders = [...lines.entries()]
      .filter(([, at]) => at.length > 1)
      .map(([id, at]) => `${id} (lines ${at.join(', ')})`);
    expect(
      offenders,
      `ids with more than one row in docs/requirements.md:\n  ${offenders.join('\n  ')}`,
    ).toEqual([]);
  });
});
