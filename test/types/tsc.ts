// Runs the TypeScript compiler on a project of test/types (a compile test: the fixtures are
// type-checked, never run) and reads its diagnostics.

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

export interface Diagnostic {
  /** The file as tsc prints it (relative to the working directory). */
  readonly file: string;
  readonly line: number;
  /** The message with its continuation lines. */
  readonly text: string;
}

export interface TscResult {
  readonly status: number | null;
  readonly output: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** `tsc --noEmit -p project`, from `cwd`. */
export function tsc(project: string, cwd: string): TscResult {
  const run = spawnSync(process.execPath, [TSC, '--noEmit', '--pretty', 'false', '-p', project], {
    cwd,
    encoding: 'utf8',
    timeout: 240_000,
  });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  const diagnostics: Diagnostic[] = [];
  for (const line of output.split('\n')) {
    const m = /^(.+?)\((\d+),\d+\): error (.*)$/.exec(line);
    if (m) diagnostics.push({ file: m[1] as string, line: Number(m[2]), text: m[3] as string });
    else if (line.startsWith(' ') && diagnostics.length > 0) {
      const last = diagnostics.pop() as Diagnostic;
      diagnostics.push({ ...last, text: `${last.text}\n${line}` });
    }
  }
  return { status: run.status, output, diagnostics };
}
