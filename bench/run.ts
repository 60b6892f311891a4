// npm run bench: bundles xrgate (esbuild, IIFE, global `xrgate`), the page and the Node part into
// a temporary directory, runs the Node part (xrgate and the floor baseline), then the Chromium part
// (xrgate, IWER and the floor inside the same XR animation frames), and prints µs per call, heap
// bytes per call and the ratios against the targets, then XR frame pacing, the extension's message
// boundary and startup (evaluating dist/xrgate.js against IWER's build). It is a measurement, not a
// test: it exits 0 once it has printed numbers, whatever they are. See bench/README.md.

import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { formatBoundary, measureBoundary } from './extension.js';
import {
  type HarnessResults,
  median,
  type NodeResults,
  OP_LABELS,
  OPS,
  type Op,
  type PageResults,
  type PhaseConfig,
  quantile,
  RESULT_MARK,
  type Runtime,
} from './harness.js';
import { formatPacing, measurePacing } from './pacing.js';
import { formatStartup, measureStartup } from './startup.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = process.env.BENCH_OUT ?? join(tmpdir(), 'xrgate-bench');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const QUICK = process.env.BENCH_QUICK === '1';

const TARGET_TIME = 1.5;
const TARGET_HEAP = 1.1;

const PAGE_CONFIG: PhaseConfig = QUICK
  ? { warmupFrames: 30, timeFrames: 40, heapFrames: 5, targetSampleUs: 500, heapCalls: 128 }
  : { warmupFrames: 150, timeFrames: 800, heapFrames: 40, targetSampleUs: 300, heapCalls: 256 };
const NODE_CONFIG: PhaseConfig = QUICK
  ? { warmupFrames: 30, timeFrames: 40, heapFrames: 5, targetSampleUs: 500, heapCalls: 128 }
  : { warmupFrames: 150, timeFrames: 800, heapFrames: 40, targetSampleUs: 300, heapCalls: 256 };

// V8: expose gc() and give the young generation 16 MB from the start, so that no scavenge runs
// inside a heap sample (see README).
const V8_FLAGS = ['--expose-gc', '--min-semi-space-size=16'];

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-precise-memory-info',
  `--js-flags=${V8_FLAGS.join(' ')}`,
];

const PAGE_TIMEOUT_MS = 150_000;
const NODE_TIMEOUT_MS = 90_000;

function log(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function bundle(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const common = { bundle: true, logLevel: 'warning', legalComments: 'none' } as const;
  await build({
    ...common,
    entryPoints: [join(ROOT, 'src/index.ts')],
    format: 'iife',
    globalName: 'xrgate',
    platform: 'browser',
    target: 'es2022',
    outfile: join(OUT, 'xrgate.js'),
  });
  await build({
    ...common,
    entryPoints: [join(ROOT, 'bench/browser.ts')],
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    outfile: join(OUT, 'page.js'),
  });
  await build({
    ...common,
    entryPoints: [join(ROOT, 'bench/node.ts')],
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: join(OUT, 'node.mjs'),
  });
  // IWER's own browser build (UMD, global `IWER`), as a page would load it.
  const iwerMain = createRequire(import.meta.url).resolve('iwer');
  copyFileSync(join(dirname(iwerMain), '..', 'build', 'iwer.js'), join(OUT, 'iwer.js'));
}

// --- Node part -------------------------------------------------------------------------------

function runNode(): Promise<NodeResults> {
  return new Promise((resolvePromise, reject) => {
    const child: ChildProcess = spawn(process.execPath, [...V8_FLAGS, join(OUT, 'node.mjs')], {
      env: { ...process.env, BENCH_CONFIG: JSON.stringify(NODE_CONFIG) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the Node part took more than ${NODE_TIMEOUT_MS / 1000} s`));
    }, NODE_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARK));
      if (!line) {
        reject(new Error(`the Node part exited ${code} with no result\n${stderr.trim()}`));
        return;
      }
      resolvePromise(JSON.parse(line.slice(RESULT_MARK.length)) as NodeResults);
    });
  });
}

// --- Chromium part ---------------------------------------------------------------------------

const INDEX_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>xrgate bench</title></head>
<body>
<script src="/xrgate.js"></script>
<script src="/iwer.js"></script>
<script src="/page.js"></script>
</body></html>`;

function serve(): Promise<{ server: Server; url: string }> {
  const files: Record<string, string> = {
    '/xrgate.js': join(OUT, 'xrgate.js'),
    '/iwer.js': join(OUT, 'iwer.js'),
    '/page.js': join(OUT, 'page.js'),
  };
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    const file = files[path];
    if (path !== '/' && !file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': path === '/' ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8',
      'cache-control': 'no-store',
      // Cross-origin isolation: performance.now() then has 5 µs resolution instead of 100 µs.
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    res.end(path === '/' ? INDEX_HTML : readFileSync(file as string));
  });
  return new Promise((resolvePromise) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolvePromise({ server, url: `http://127.0.0.1:${port}/` });
    });
  });
}

async function runChromium(): Promise<{ results: PageResults; version: string }> {
  const { chromium } = await import('playwright-core');
  const { server, url } = await serve();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    // A small window: IWER sizes its WebGL canvas to the window and clears it every frame, work
    // that Chromium's GPU process does on the same two cores while the page measures.
    const page = await browser.newPage({ viewport: { width: 320, height: 200 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the page took more than ${PAGE_TIMEOUT_MS / 1000} s`)),
        PAGE_TIMEOUT_MS,
      );
    });
    try {
      const results = await Promise.race([
        page.evaluate(async (cfg) => {
          const run = (globalThis as { runBench?: (c: PhaseConfig) => Promise<PageResults> }).runBench;
          if (!run) throw new Error('the page script did not load');
          return run(cfg);
        }, PAGE_CONFIG),
        timeout,
      ]);
      return { results, version: browser.version() };
    } catch (e) {
      throw new Error(`${message(e)}${errors.length ? `\npage errors: ${errors.join('; ')}` : ''}`);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await browser.close().catch(() => {});
    server.close();
  }
}

// --- Report ----------------------------------------------------------------------------------

interface Cell {
  readonly median: number;
  readonly spread: number;
  readonly samples: readonly number[];
}

function cell(samples: readonly number[] | undefined): Cell | null {
  if (!samples || samples.length === 0) return null;
  const m = median(samples);
  const spread = m > 0 ? (quantile(samples, 0.75) - quantile(samples, 0.25)) / 2 / m : 0;
  return { median: m, spread, samples };
}

function pad(s: string, w: number): string {
  return s.length >= w ? s : ' '.repeat(w - s.length) + s;
}

function fmt(c: Cell | null, digits: number, withSpread: boolean): string {
  if (!c) return '—';
  const v = c.median.toFixed(digits);
  return withSpread ? `${v} ±${Math.round(c.spread * 100)}%` : v;
}

/**
 * a/b: the median of the per-frame ratios when both have one sample per frame (the samples of one
 * frame ran within a few milliseconds of each other, so a slower stretch of the machine cancels
 * out), else the ratio of the medians.
 */
function ratio(a: Cell | null, b: Cell | null): number | null {
  if (!a || !b || b.median <= 0) return null;
  if (a.samples.length === b.samples.length && a.samples.length > 0) {
    return median(a.samples.map((x, i) => x / (b.samples[i] as number)).filter((r) => Number.isFinite(r)));
  }
  return a.median / b.median;
}

function fmtRatio(r: number | null): string {
  return r === null ? '—' : `${r.toFixed(2)}×`;
}

const NAMES: Record<Runtime, string> = { xrgate: 'xrgate', iwer: 'IWER', floor: 'floor' };

interface Summary {
  readonly time: Partial<Record<Runtime, Partial<Record<Op, Cell | null>>>>;
  readonly heap: Partial<Record<Runtime, Partial<Record<Op, Cell | null>>>>;
}

function summarise(h: HarnessResults, runtimes: readonly Runtime[]): Summary {
  const time: Summary['time'] = {};
  const heap: Summary['heap'] = {};
  for (const rt of runtimes) {
    time[rt] = {};
    heap[rt] = {};
    for (const op of OPS) {
      (time[rt] as Partial<Record<Op, Cell | null>>)[op] = cell(h.time[rt]?.[op]);
      (heap[rt] as Partial<Record<Op, Cell | null>>)[op] = cell(h.heap[rt]?.[op]);
    }
  }
  return { time, heap };
}

function compact(s: Summary): unknown {
  return JSON.parse(
    JSON.stringify(s, (key, value: unknown) => (key === 'samples' ? undefined : value)),
  ) as unknown;
}

function table(s: Summary, runtimes: readonly Runtime[]): string[] {
  const hasIwer = runtimes.includes('iwer');
  const head = [
    pad('', 34),
    ...runtimes.map((rt) => pad(NAMES[rt], 15)),
    pad('xrgate/floor', 13),
    ...(hasIwer ? [pad('xrgate/IWER', 12)] : []),
  ].join('');
  const rows: string[] = [head];
  const row = (label: string, cells: (Cell | null)[], digits: number, spread: boolean): void => {
    const [x] = cells;
    const f = cells[runtimes.indexOf('floor')] ?? null;
    const i = hasIwer ? (cells[runtimes.indexOf('iwer')] ?? null) : null;
    rows.push(
      [
        label.padEnd(34),
        ...cells.map((c) => pad(fmt(c, digits, spread), 15)),
        pad(fmtRatio(ratio(x ?? null, f)), 13),
        ...(hasIwer ? [pad(fmtRatio(ratio(x ?? null, i)), 12)] : []),
      ].join(''),
    );
  };
  rows.push('time, µs per call (median ± half IQR); ratios: median of the per-frame ratios');
  for (const op of OPS) {
    const label = op === 'frame' ? '  per-frame work (µs/frame)' : `  ${OP_LABELS[op]}`;
    row(
      label,
      runtimes.map((rt) => s.time[rt]?.[op] ?? null),
      3,
      true,
    );
  }
  rows.push('heap, bytes allocated per call (median ± half IQR)');
  for (const op of OPS) {
    const label = op === 'frame' ? '  per-frame work (bytes/frame)' : `  ${OP_LABELS[op]}`;
    row(
      label,
      runtimes.map((rt) => s.heap[rt]?.[op] ?? null),
      0,
      true,
    );
  }
  return rows;
}

function targets(s: Summary): string[] {
  const t = ratio(s.time.xrgate?.frame ?? null, s.time.floor?.frame ?? null);
  const h = ratio(s.heap.xrgate?.frame ?? null, s.heap.floor?.frame ?? null);
  const verdict = (r: number | null, limit: number): string =>
    r === null ? 'not measured' : `${r <= limit ? 'met' : 'MISSED'} (${r.toFixed(2)}×)`;
  return [
    `  per-frame work ≤ ${TARGET_TIME}× floor: ${verdict(t, TARGET_TIME)}`,
    `  heap per frame ≤ ${TARGET_HEAP}× floor: ${verdict(h, TARGET_HEAP)}`,
  ];
}

function describeCalls(h: HarnessResults, runtimes: readonly Runtime[]): string {
  return runtimes
    .map((rt) => `${NAMES[rt]} ${OPS.map((op) => h.calls[rt]?.[op] ?? '?').join('/')}`)
    .join(', ');
}

// --- Main ------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const started = Date.now();
  log(`xrgate benchmark — ${cpus().length} cores, Node ${process.version}${QUICK ? ' (BENCH_QUICK)' : ''}`);
  log(`bundles and results in ${OUT}`);
  try {
    await bundle();
  } catch (e) {
    log(`could not bundle: ${message(e)}`);
    return 1;
  }
  const all: Record<string, unknown> = { config: { page: PAGE_CONFIG, node: NODE_CONFIG } };
  let printed = 0;

  // Node first: it needs no browser, and it runs alone (two cores: no overlap with Chromium).
  log();
  log('== Node: xrgate alone, with the floor baseline as reference ==');
  try {
    const r = await runNode();
    all.node = r;
    const runtimes: Runtime[] = ['xrgate', 'floor'];
    const s = summarise(r.harness, runtimes);
    all.nodeSummary = compact(s);
    log(
      `V8 ${r.env.v8}; xrgate animation frames on its manual clock: ${NODE_CONFIG.warmupFrames} warm-up, ` +
        `${NODE_CONFIG.timeFrames} timed, ${NODE_CONFIG.heapFrames} heap; ${r.seconds.toFixed(1)} s`,
    );
    log(`calls per timing sample (viewerPose/pose/frame): ${describeCalls(r.harness, runtimes)}`);
    for (const line of table(s, runtimes)) log(line);
    const lt = cell(r.loop.timeUs);
    const lb = cell(r.loop.bytes);
    log(
      `xrgate's own frame loop (manual-clock timer + #tick, empty callback, static poses): ` +
        `${fmt(lt, 2, true)} µs/frame, ${fmt(lb, 0, false)} bytes/frame`,
    );
    log('targets (Node):');
    for (const line of targets(s)) log(line);
    printed += 1;
  } catch (e) {
    log(`the Node part failed: ${message(e)}`);
  }

  log();
  log('== Chromium: xrgate, IWER and floor inside the same XR animation frames ==');
  if (!existsSync(CHROMIUM)) {
    log(`Chromium is not installed at ${CHROMIUM}, so this part is skipped. Install it with`);
    log('  apt-get update && apt-get install -y chromium');
    log("(or set CHROMIUM_PATH to a Chromium binary; do not run 'playwright install').");
  } else {
    try {
      const { results: r, version } = await runChromium();
      all.chromium = r;
      all.chromiumVersion = version;
      const runtimes: Runtime[] = ['xrgate', 'iwer', 'floor'];
      const s = summarise(r.harness, runtimes);
      all.chromiumSummary = compact(s);
      log(
        `Chromium ${version} headless; cross-origin isolated: ${r.env.crossOriginIsolated}, ` +
          `performance.now() step ${r.env.timerResolutionUs.toFixed(1)} µs; gc(): ${r.env.gc}`,
      );
      log(
        `${r.frames} XR animation frames: ${PAGE_CONFIG.warmupFrames} warm-up, ${PAGE_CONFIG.timeFrames} timed ` +
          `(order rotating every frame), ${PAGE_CONFIG.heapFrames} heap; ${r.seconds.toFixed(1)} s`,
      );
      log(`calls per timing sample (viewerPose/pose/frame): ${describeCalls(r.harness, runtimes)}`);
      for (const line of table(s, runtimes)) log(line);
      log('targets (Chromium):');
      for (const line of targets(s)) log(line);
      printed += 1;
    } catch (e) {
      log(`the Chromium part failed: ${message(e)}`);
    }
  }

  log();
  log("== Chromium: XR frame pacing against the page's requestAnimationFrame (three.js scene) ==");
  if (existsSync(CHROMIUM)) {
    try {
      // xrgate's real bundle (dist/xrgate.js) and, for reference, the bare display clock.
      const r = await measurePacing({
        loops: ['xrgate', 'display'],
        durationMs: QUICK ? 2000 : 5000,
        chromiumPath: CHROMIUM,
        outDir: join(OUT, 'pacing'),
      });
      all.pacing = r;
      for (const line of formatPacing(r)) log(line);
      printed += 1;
    } catch (e) {
      log(`the pacing part failed: ${message(e)}`);
    }
  }

  log();
  log('== Chromium: the user agent across the message boundary (extension against the in-page bundle) ==');
  if (existsSync(CHROMIUM)) {
    try {
      const r = await measureBoundary({ chromiumPath: CHROMIUM, seconds: QUICK ? 2 : 5 });
      all.boundary = r;
      for (const line of formatBoundary(r)) log(line);
      printed += 1;
    } catch (e) {
      log(`the boundary part failed: ${message(e)}`);
    }
  }

  log();
  log("== Chromium: startup, evaluating dist/xrgate.js against IWER's build ==");
  if (existsSync(CHROMIUM)) {
    try {
      const r = await measureStartup({ chromiumPath: CHROMIUM, reps: QUICK ? 3 : 11, warmup: 1 });
      all.startup = r;
      for (const line of formatStartup(r)) log(line);
      printed += 1;
    } catch (e) {
      log(`the startup part failed: ${message(e)}`);
    }
  }

  const file = join(OUT, 'results.json');
  writeFileSync(file, JSON.stringify(all, null, 2));
  log();
  log(`raw samples: ${file}; total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return printed > 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    log(`bench: ${message(e)}`);
    process.exitCode = 1;
  },
);
