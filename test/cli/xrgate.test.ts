// The xrgate command, spawned as a user runs it (node --import tsx src/cli/xrgate.ts): help and
// version on stdout with exit 0; a bad --port, an unknown command or option: a message naming it
// and what is allowed, and the usage, on stderr with exit 2; a port in use: one line, exit 1;
// `serve --port 0` serves until it is stopped.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const children: ChildProcess[] = [];
afterEach(() => {
  // A server a failed test left running is stopped (by its own pid).
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGTERM');
});

function start(args: readonly string[], env: Record<string, string> = {}): ChildProcess {
  const { PORT: _port, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/xrgate.ts', ...args], {
    cwd: ROOT,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

/** Runs the command to its end. */
function xrgate(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const child = start(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c) => {
    stdout += c;
  });
  child.stderr?.on('data', (c) => {
    stderr += c;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('xrgate --help and --version', () => {
  it.each([[['--help']], [['-h']], [['help']], [['serve', '--help']], [['--port', 'abc', '-h']]])(
    'xrgate %j prints the usage on stdout and exits 0',
    async (args) => {
      const r = await xrgate(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^usage: xrgate /);
      expect(r.stdout).toContain('--port N');
      expect(r.stdout).toContain('--version');
      expect(r.stderr).toBe('');
    },
    30_000,
  );

  it.each([['--version'], ['-v']])(
    'xrgate %s prints the package version and exits 0',
    async (flag) => {
      const r = await xrgate([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
      expect(r.stderr).toBe('');
    },
    30_000,
  );
});

describe('xrgate usage errors (exit 2, on stderr)', () => {
  it.each([
    [['--port', 'abc'], '--port abc is not a port'],
    [['serve', '--port'], '--port needs a value'],
    [['serve', '--port', '70000'], '--port 70000 is not a port'],
    [['serve', '--port', '-1'], '--port -1 is not a port'],
    [['serve', '--port=8080.5'], '--port 8080.5 is not a port'],
  ])(
    'xrgate %j names --port and the allowed values',
    async (args, what) => {
      const r = await xrgate(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(what);
      expect(r.stderr).toContain('an integer from 0 to 65535');
      expect(r.stderr).toContain('usage: xrgate ');
    },
    30_000,
  );

  it('a bad PORT environment variable is named as such', async () => {
    const r = await xrgate(['serve'], { PORT: 'eighty' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the PORT environment variable (eighty) is not a port');
  }, 30_000);

  it.each([
    [['bogus'], "unknown command 'bogus'"],
    [['serve', '--bogus'], "unknown option '--bogus' for serve"],
    [['serve', 'extra'], "unexpected argument 'extra'"],
    [['demo', '--port', '1'], 'demo takes no arguments'],
  ])(
    'xrgate %j is refused with the usage',
    async (args, what) => {
      const r = await xrgate(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(what);
      expect(r.stderr).toContain('usage: xrgate ');
    },
    30_000,
  );
});

describe('xrgate serve', () => {
  let blocker: Server | null = null;
  afterEach(async () => {
    await new Promise<void>((r) => (blocker ? blocker.close(() => r()) : r()));
    blocker = null;
  });

  it('a port already in use: one line that says so and how to choose another, exit 1', async () => {
    const server = createServer();
    blocker = server;
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
    );
    const r = await xrgate(['serve', '--port', String(port)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      `xrgate serve: port ${port} on 127.0.0.1 is already in use: stop the program using it, or choose another port with --port N (--port 0 picks a free one)`,
    );
  }, 30_000);

  it.skipIf(process.getuid?.() === 0)(
    'a port not permitted (1, unprivileged): one line, exit 1',
    async () => {
      const r = await xrgate(['serve', '--port', '1']);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('is not permitted for this user');
    },
    30_000,
  );

  it('--port 0 serves the playground on a free port until it is stopped', async () => {
    const child = start(['serve', '--port', '0']);
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (c) => {
        stdout += c;
        const m = /xrgate playground: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
        if (m && stdout.includes('Press Ctrl+C to stop.')) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`xrgate serve exited (${code}): ${stdout}`)));
    });
    const page = await fetch(`${url}three.html`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('three.js app');
    expect((await fetch(`${url}favicon.ico`)).status).toBe(204);
    // What the playground lacks here is said at startup, with the fix.
    expect(stdout.includes('npm run build')).toBe(!existsSync(join(ROOT, 'dist', 'xrgate.js')));
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGTERM');
    await exited;
  }, 30_000);
});
