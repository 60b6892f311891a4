// XR frame pacing in a real page: do XR animation frames follow the display? One Chromium page
// (Debian /usr/bin/chromium through playwright-core, served cross-origin isolated like
// bench/run.ts) runs a three.js scene, one draw of two views per XR frame, for each frame source
// of bench/pacing-page.ts in turn: the display clock (src/api/frame-clock.ts over the page's
// requestAnimationFrame), xrgate's old timer loop (setTimeout 1000 / 90 re-armed after the
// callbacks) and the deadline clock at 90 Hz. For each it reports the page's rAF frames/s, the XR
// frames/s, the 99th percentile of the XR and rAF intervals, and the XR frames that were never
// displayed (two XR frames before one displayed frame: the first one's drawing is overwritten).
//
// Targets: XR fps ÷ rAF fps = 1.00 ± 0.02, XR interval p99 ≤ 1.1 × rAF interval p99, no XR frame
// without a displayed frame. A measurement, not a test: it prints the numbers whatever they are.
//
//   npx tsx bench/pacing.ts [--duration=5000] [--warmup=500] [--rate=90] [--objects=100]
//                           [--draw=0] [--loops=display,timer,deadline] [--json=out.json]
//
// --draw=0 leaves the callbacks empty (an empty app: only the loop itself).
//
// bench/run.ts (or anything else) can call measurePacing(options) and formatPacing(result).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { PacingLoop, PacingLoopSamples, PacingPageConfig, PacingPageResults } from './pacing-page.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export type { PacingLoop } from './pacing-page.js';

export interface PacingOptions {
  /** Measured time per loop (ms); default 5000. */
  readonly durationMs?: number;
  /** Unmeasured time before each loop (ms); default 500. */
  readonly warmupMs?: number;
  /** The simulated device's rate for the timer and deadline loops; default 90. */
  readonly rateHz?: number;
  /** Meshes in the three.js scene; default 100. */
  readonly objects?: number;
  /** Draw the scene in each XR frame; default true (false: an empty app). */
  readonly draw?: boolean;
  /** Default: display, timer, deadline. */
  readonly loops?: readonly PacingLoop[];
  /** Default $CHROMIUM_PATH or /usr/bin/chromium. */
  readonly chromiumPath?: string;
  /** Where the page bundle goes; default $TMPDIR/xrgate-pacing. */
  readonly outDir?: string;
  readonly viewport?: { readonly width: number; readonly height: number };
}

export interface PacingTargets {
  /** XR fps ÷ rAF fps within 1 ± 0.02. */
  readonly rate: boolean;
  /** XR interval p99 ≤ 1.1 × rAF interval p99. */
  readonly p99: boolean;
  /** No XR frame without a displayed frame. */
  readonly undisplayed: boolean;
}

export interface PacingLoopResult {
  readonly loop: PacingLoop;
  readonly label: string;
  readonly rafFps: number;
  readonly xrFps: number;
  /** xrFps / rafFps. */
  readonly ratio: number;
  readonly rafP99Ms: number;
  readonly xrP99Ms: number;
  readonly rafFrames: number;
  readonly xrFrames: number;
  /** XR frames followed by another XR frame before any displayed frame. */
  readonly undisplayed: number;
  /** Displayed frames, within the XR loop's span, that showed no new XR frame. */
  readonly repeated: number;
  /** XR frames after the last recorded displayed frame (not judged). */
  readonly unmatched: number;
  /** The clock's own deliveredRate() (null for the old timer loop). */
  readonly deliveredRate: number | null;
  /** Median time of one XR frame's drawing (both views), ms. */
  readonly renderMedianMs: number;
  readonly targets: PacingTargets;
}

export interface PacingResult {
  readonly chromium: string;
  readonly userAgent: string;
  readonly crossOriginIsolated: boolean;
  readonly webgl: string;
  readonly viewport: { readonly width: number; readonly height: number };
  readonly config: PacingPageConfig;
  readonly loops: PacingLoopResult[];
  readonly seconds: number;
}

const DEFAULT_LOOPS: readonly PacingLoop[] = ['xrgate', 'display', 'timer', 'deadline'];

/** The script bundle the 'xrgate' loop runs (npm run build makes it). */
const XRGATE_BUNDLE = join(ROOT, 'dist/xrgate.js');

// The flags bench/run.ts starts Chromium with, less its heap-measurement ones.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const INDEX_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>xrgate pacing</title></head>
<body><script src="/xrgate.js"></script><script src="/pacing.js"></script></body></html>`;

export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}

function intervals(times: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < times.length; i++) out.push((times[i] as number) - (times[i - 1] as number));
  return out;
}

function fps(times: readonly number[]): number {
  if (times.length < 2) return Number.NaN;
  return ((times.length - 1) * 1000) / ((times[times.length - 1] as number) - (times[0] as number));
}

function labelOf(loop: PacingLoop, rateHz: number): string {
  if (loop === 'xrgate') return 'xrgate session (dist/xrgate.js)';
  if (loop === 'display') return 'display clock (page rAF)';
  if (loop === 'timer') return `old timer loop ${rateHz} Hz`;
  return `deadline clock ${rateHz} Hz`;
}

/**
 * The displayed frame each XR frame was shown in: for the display clock, the rAF tick with the
 * same timestamp (it drew inside that rendering step); for a timer, the first rAF tick that began
 * after the XR frame began (its drawing is committed by the next rendering step). -1: none.
 */
export function displayedIn(s: PacingLoopSamples): number[] {
  const byStamp = new Map<number, number>();
  s.rafStamps.forEach((stamp, j) => {
    byStamp.set(stamp, j);
  });
  let j = 0;
  return s.xrTimes.map((t, i) => {
    const stamp = s.xrStamps[i];
    if (stamp !== undefined) {
      const k = byStamp.get(stamp);
      if (k !== undefined) return k;
    }
    while (j < s.rafTimes.length && (s.rafTimes[j] as number) <= t) j++;
    return j < s.rafTimes.length ? j : -1;
  });
}

export function analyseLoop(s: PacingLoopSamples, rateHz: number): PacingLoopResult {
  const shown = displayedIn(s);
  const perDisplayed = new Map<number, number>();
  let unmatched = 0;
  for (const j of shown) {
    if (j < 0) unmatched += 1;
    else perDisplayed.set(j, (perDisplayed.get(j) ?? 0) + 1);
  }
  let undisplayed = 0;
  for (const k of perDisplayed.values()) undisplayed += k - 1;
  const matched = shown.filter((j) => j >= 0);
  let repeated = 0;
  if (matched.length > 0) {
    const first = Math.min(...matched);
    const last = Math.max(...matched);
    for (let j = first; j <= last; j++) if (!perDisplayed.has(j)) repeated += 1;
  }
  const rafFps = fps(s.rafTimes);
  const xrFps = fps(s.xrTimes);
  const rafP99Ms = quantile(intervals(s.rafTimes), 0.99);
  const xrP99Ms = quantile(intervals(s.xrTimes), 0.99);
  const ratio = xrFps / rafFps;
  return {
    loop: s.loop,
    label: labelOf(s.loop, rateHz),
    rafFps,
    xrFps,
    ratio,
    rafP99Ms,
    xrP99Ms,
    rafFrames: s.rafTimes.length,
    xrFrames: s.xrTimes.length,
    undisplayed,
    repeated,
    unmatched,
    deliveredRate: s.deliveredRate,
    renderMedianMs: quantile(s.renderMs, 0.5),
    targets: {
      rate: Math.abs(ratio - 1) <= 0.02,
      p99: xrP99Ms <= 1.1 * rafP99Ms,
      undisplayed: undisplayed === 0,
    },
  };
}

async function bundlePage(outDir: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'pacing.js');
  await build({
    entryPoints: [join(ROOT, 'bench/pacing-page.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
    legalComments: 'none',
    outfile,
  });
  return outfile;
}

function serve(script: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/xrgate.js') {
      // The real bundle, installed before the page's script (as a page that includes it would).
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      res.end(existsSync(XRGATE_BUNDLE) ? readFileSync(XRGATE_BUNDLE) : '');
      return;
    }
    if (path !== '/' && path !== '/pacing.js') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': path === '/' ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8',
      'cache-control': 'no-store',
      // Cross-origin isolation: performance.now() in 5 µs steps instead of 100 µs.
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    res.end(path === '/' ? INDEX_HTML : readFileSync(script));
  });
  return new Promise((resolvePromise) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolvePromise({ server, url: `http://127.0.0.1:${port}/` });
    });
  });
}

/** Runs the page in Chromium and measures each loop. Throws when Chromium is missing or the page fails. */
export async function measurePacing(options: PacingOptions = {}): Promise<PacingResult> {
  const started = Date.now();
  const chromiumPath = options.chromiumPath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is not installed at ${chromiumPath}: apt-get update && apt-get install -y chromium ` +
        "(or set CHROMIUM_PATH; do not run 'playwright install')",
    );
  }
  const config: PacingPageConfig = {
    loops: options.loops ?? DEFAULT_LOOPS,
    durationMs: options.durationMs ?? 5000,
    warmupMs: options.warmupMs ?? 500,
    rateHz: options.rateHz ?? 90,
    objects: options.objects ?? 100,
    draw: options.draw ?? true,
  };
  if (config.loops.includes('xrgate') && !existsSync(XRGATE_BUNDLE)) {
    throw new Error(`${XRGATE_BUNDLE} is missing: run npm run build first (the 'xrgate' loop measures it)`);
  }
  const viewport = options.viewport ?? { width: 640, height: 360 };
  const script = await bundlePage(options.outDir ?? join(tmpdir(), 'xrgate-pacing'));
  const { chromium } = await import('playwright-core');
  const { server, url } = await serve(script);
  try {
    const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url);
      const budget = config.loops.length * (config.durationMs + config.warmupMs) + 60_000;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the page took more than ${budget / 1000} s`)), budget);
      });
      let raw: PacingPageResults;
      try {
        raw = await Promise.race([
          page.evaluate(async (cfg) => {
            const run = (globalThis as { runPacing?: (c: PacingPageConfig) => Promise<PacingPageResults> })
              .runPacing;
            if (!run) throw new Error('the page script did not load');
            return run(cfg);
          }, config),
          timeout,
        ]);
      } catch (e) {
        const m = e instanceof Error ? e.message : String(e);
        throw new Error(`${m}${errors.length ? `\npage errors: ${errors.join('; ')}` : ''}`);
      } finally {
        clearTimeout(timer);
      }
      return {
        chromium: browser.version(),
        userAgent: raw.userAgent,
        crossOriginIsolated: raw.crossOriginIsolated,
        webgl: raw.webgl,
        viewport,
        config,
        loops: raw.samples.map((s) => analyseLoop(s, config.rateHz)),
        seconds: (Date.now() - started) / 1000,
      };
    } finally {
      await browser.close().catch(() => {});
    }
  } finally {
    server.close();
  }
}

function pad(s: string, w: number): string {
  return s.length >= w ? s : ' '.repeat(w - s.length) + s;
}

function num(x: number | null, digits: number): string {
  return x === null || !Number.isFinite(x) ? '—' : x.toFixed(digits);
}

/** The result as a table, a line per loop, and the targets. */
export function formatPacing(r: PacingResult): string[] {
  const c = r.config;
  const lines = [
    `XR frame pacing — Chromium ${r.chromium} headless, ${r.viewport.width}×${r.viewport.height}, ` +
      `WebGL ${r.webgl}; cross-origin isolated: ${r.crossOriginIsolated}`,
    `${c.draw ? `three.js, ${c.objects} meshes × 2 views per XR frame` : 'empty XR callbacks (no drawing)'}; ` +
      `${c.durationMs / 1000} s per loop after ` +
      `${c.warmupMs / 1000} s warm-up; ${r.seconds.toFixed(1)} s in all`,
  ];
  const cols: [string, number][] = [
    ['loop', 28],
    ['rAF fps', 8],
    ['XR fps', 8],
    ['XR/rAF', 8],
    ['rAF p99', 9],
    ['XR p99', 8],
    ['XR/rAF p99', 11],
    ['not shown', 10],
    ['repeats', 8],
    ['delivered', 10],
    ['draw ms', 8],
  ];
  lines.push(cols.map(([h, w], i) => (i === 0 ? h.padEnd(w) : pad(h, w))).join(''));
  for (const l of r.loops) {
    const cells = [
      l.label.padEnd(28),
      pad(num(l.rafFps, 2), 8),
      pad(num(l.xrFps, 2), 8),
      pad(num(l.ratio, 3), 8),
      pad(`${num(l.rafP99Ms, 2)}ms`, 9),
      pad(`${num(l.xrP99Ms, 2)}ms`, 8),
      pad(num(l.xrP99Ms / l.rafP99Ms, 2), 11),
      pad(`${l.undisplayed}/${l.xrFrames}`, 10),
      pad(String(l.repeated), 8),
      pad(num(l.deliveredRate, 2), 10),
      pad(num(l.renderMedianMs, 2), 8),
    ];
    lines.push(cells.join(''));
  }
  lines.push(
    'not shown: XR frames followed by another XR frame before a displayed frame; repeats: displayed ' +
      'frames with no new XR frame; delivered: the clock’s deliveredRate(); p99: 99th percentile interval',
  );
  lines.push('targets: XR/rAF = 1.00 ± 0.02, XR p99 ≤ 1.1 × rAF p99, no XR frame not shown');
  for (const l of r.loops) {
    const t = l.targets;
    const v = (ok: boolean): string => (ok ? 'met' : 'MISSED');
    lines.push(
      `  ${l.label.padEnd(28)} rate ${v(t.rate)}, p99 ${v(t.p99)}, not shown ${v(t.undisplayed)}` +
        (l.unmatched ? ` (${l.unmatched} last XR frame(s) after the last rAF tick, not judged)` : ''),
    );
  }
  return lines;
}

function parseArgs(argv: readonly string[]): PacingOptions & { json?: string } {
  const opts: Record<string, unknown> = {};
  for (const a of argv) {
    const m = /^--([a-z]+)=(.*)$/.exec(a);
    if (!m) throw new Error(`unknown argument ${a}`);
    const [, key, value] = m as unknown as [string, string, string];
    if (key === 'duration') opts.durationMs = Number(value);
    else if (key === 'warmup') opts.warmupMs = Number(value);
    else if (key === 'rate') opts.rateHz = Number(value);
    else if (key === 'objects') opts.objects = Number(value);
    else if (key === 'draw') opts.draw = value !== '0' && value !== 'false';
    else if (key === 'loops') opts.loops = value.split(',') as PacingLoop[];
    else if (key === 'json') opts.json = value;
    else throw new Error(`unknown argument ${a}`);
  }
  return opts as PacingOptions & { json?: string };
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const result = await measurePacing(opts);
  for (const line of formatPacing(result)) process.stdout.write(`${line}\n`);
  if (opts.json) writeFileSync(opts.json, JSON.stringify(result, null, 2));
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stdout.write(`pacing: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
