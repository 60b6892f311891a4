// Startup: the main-thread cost of evaluating the script bundle a page loads, xrgate's
// (dist/xrgate.js, which installs navigator.xr as it evaluates) against IWER's browser build
// (node_modules/iwer/build/iwer.min.js, the minified one a page would ship; it only defines the
// global IWER: installing it is a second step, `new XRDevice(metaQuest3).installRuntime()`, which
// the third row appends to IWER's text, to compare like with like). A fourth row, the page side
// alone (the extension's main-world script, minified the same way), is the floor of any split of
// the bundle that keeps navigator.xr and the interface objects in the script the page loads first.
// Each evaluation runs in a fresh page of its own browser context (nothing of another bundle's in
// the page, no renderer state shared), the runtimes' order rotating every repetition;
// the table gives medians over the repetitions and the ratio of the medians.
//
// Each evaluation appends a classic <script> with the bundle's text to the page (an inline script
// runs synchronously on insertion: compile, then the top level runs). The text is fetched before,
// and ends with a unique comment, so V8's compilation cache cannot serve a script compiled before.
// Measured from a Chromium trace of that insertion (devtools.timeline): the EvaluateScript event's
// thread CPU time (its compile and run parts: v8.compile, v8.run) is the main-thread cost, what the
// ratio uses; its wall time is printed too (on a loaded machine it includes waiting for a core).
//
// A measurement, not a test: it prints numbers, whatever they are. Target: xrgate ≤ 1.0× IWER.
//
//   npx tsx bench/startup.ts [--reps=15]   (after npm run build)
//
// bench/run.ts calls measureStartup(options) and formatStartup(result).

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const XRGATE_BUNDLE = join(ROOT, 'dist', 'xrgate.js');

export type StartupSubject = 'xrgate' | 'page-side' | 'iwer' | 'iwer-install';

const LABELS: Record<StartupSubject, string> = {
  xrgate: 'xrgate (dist/xrgate.js, installs)',
  'page-side': 'xrgate page side alone',
  iwer: 'IWER (iwer.min.js)',
  'iwer-install': 'IWER (iwer.min.js) + install',
};

export interface StartupOptions {
  /** Measured evaluations per subject; default 15. */
  readonly reps?: number;
  /** Unmeasured rounds first (the browser's first pages are slower); default 2. */
  readonly warmup?: number;
  readonly chromiumPath?: string;
}

export interface StartupSubjectResult {
  readonly subject: StartupSubject;
  readonly label: string;
  readonly bytes: number;
  /** Its size gzipped (level 9), what a page downloads. */
  readonly gzipBytes: number;
  /** EvaluateScript's main-thread CPU time, ms, one sample per repetition. */
  readonly cpuMs: readonly number[];
  /** Its compile part (v8.compile) and its run part (v8.run), CPU ms. */
  readonly compileMs: readonly number[];
  readonly runMs: readonly number[];
  /** EvaluateScript's wall time, ms. */
  readonly wallMs: readonly number[];
}

export interface StartupResult {
  readonly chromium: string;
  readonly crossOriginIsolated: boolean;
  readonly reps: number;
  readonly subjects: readonly StartupSubjectResult[];
  readonly seconds: number;
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const INDEX_HTML =
  '<!doctype html><html><head><meta charset="utf-8"><title>xrgate startup</title></head><body></body></html>';

function iwerBundle(): string {
  const main = createRequire(import.meta.url).resolve('iwer');
  return join(dirname(main), '..', 'build', 'iwer.min.js');
}

/**
 * The page side alone, minified like dist/xrgate.js: the extension's main-world script (what must
 * be in the page before its scripts when the user agent lives elsewhere: the captured built-ins,
 * navigator.xr and every interface object with its WebIDL conversions). A floor for the bundle.
 */
async function buildPageSide(): Promise<{ text: string; file: string }> {
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [join(ROOT, 'src', 'extension', 'main-world.ts')],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    platform: 'browser',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const text = out.outputFiles[0]!.text;
  const file = join(tmpdir(), `xrgate-page-side-${process.pid}.js`);
  writeFileSync(file, text);
  return { text, file };
}

function serve(files: Record<string, string>): Promise<{ server: Server; url: string }> {
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
      // Cross-origin isolation: performance.now() in 5 µs steps instead of 100 µs.
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

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

interface PageSample {
  readonly crossOriginIsolated: boolean;
  readonly installed: boolean;
  readonly error: string | null;
}

/** Installing IWER (what a page does after loading its build), appended to its text. */
const IWER_INSTALL = '\n;new IWER.XRDevice(IWER.metaQuest3).installRuntime({ forceInstall: true });\n';

/**
 * Runs in the page: appends the fetched bundle as an inline classic script and reports whether it
 * installed. Plain JavaScript in a string (tsx would add its own helpers to a function passed in).
 */
const PAGE_EVALUATE = `(subject) => {
  let error = null;
  const onError = (e) => { error = e.message; };
  addEventListener('error', onError);
  const script = document.createElement('script');
  script.textContent = globalThis.__startupText;
  delete globalThis.__startupText;
  document.head.appendChild(script);
  removeEventListener('error', onError);
  const xr = navigator.xr;
  const installed =
    subject === 'xrgate' || subject === 'page-side'
      ? typeof globalThis.xrgate?.version === 'string' && xr !== undefined
      : subject === 'iwer'
        ? typeof globalThis.IWER?.XRDevice === 'function'
        : xr !== undefined && xr.constructor.name !== 'XRSystem';
  return { crossOriginIsolated: globalThis.crossOriginIsolated, installed, error };
}`;

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly args?: { readonly name?: string; readonly data?: { readonly url?: string } };
}

/** The inline script's EvaluateScript event and the v8.compile / v8.run events inside it. */
function evaluation(events: readonly TraceEvent[]): {
  cpu: number;
  wall: number;
  compile: number;
  run: number;
} {
  const evals = events.filter((e) => e.name === 'EvaluateScript' && e.ph === 'X' && e.args?.data?.url === '');
  if (evals.length !== 1)
    throw new Error(`expected one inline EvaluateScript in the trace, found ${evals.length}`);
  const ev = evals[0] as TraceEvent;
  const inside = (name: string) =>
    events
      .filter(
        (e) =>
          e.name === name &&
          e.ph === 'X' &&
          e.pid === ev.pid &&
          e.tid === ev.tid &&
          e.ts >= ev.ts &&
          e.ts + (e.dur ?? 0) <= ev.ts + (ev.dur ?? 0),
      )
      .reduce((sum, e) => sum + (e.tdur ?? 0), 0);
  return {
    cpu: (ev.tdur ?? Number.NaN) / 1000,
    wall: (ev.dur ?? Number.NaN) / 1000,
    compile: inside('v8.compile') / 1000,
    run: inside('v8.run') / 1000,
  };
}

export async function measureStartup(options: StartupOptions = {}): Promise<StartupResult> {
  const started = Date.now();
  const reps = options.reps ?? 15;
  const warmup = options.warmup ?? 2;
  const chromiumPath = options.chromiumPath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(XRGATE_BUNDLE)) throw new Error(`${XRGATE_BUNDLE} is missing: run npm run build first`);
  if (!existsSync(chromiumPath)) throw new Error(`Chromium is not installed at ${chromiumPath}`);
  const iwer = iwerBundle();
  const { text: pageSide, file: pageSideFile } = await buildPageSide();
  const paths: Record<StartupSubject, string> = {
    xrgate: '/xrgate.js',
    iwer: '/iwer.min.js',
    'iwer-install': '/iwer.min.js',
    'page-side': '/page-side.js',
  };
  const sizes: Record<StartupSubject, number> = {
    xrgate: readFileSync(XRGATE_BUNDLE).length,
    iwer: readFileSync(iwer).length,
    'iwer-install': readFileSync(iwer).length,
    'page-side': pageSide.length,
  };
  const gz = (text: string | Buffer) => gzipSync(text, { level: 9 }).length;
  const gzipSizes: Record<StartupSubject, number> = {
    xrgate: gz(readFileSync(XRGATE_BUNDLE)),
    iwer: gz(readFileSync(iwer)),
    'iwer-install': gz(readFileSync(iwer)),
    'page-side': gz(pageSide),
  };
  const subjects: StartupSubject[] = ['xrgate', 'page-side', 'iwer', 'iwer-install'];
  const samples = new Map(
    subjects.map((s) => [
      s,
      { cpuMs: [] as number[], compileMs: [] as number[], runMs: [] as number[], wallMs: [] as number[] },
    ]),
  );
  let isolated = true;
  const { chromium } = await import('playwright-core');
  const { server, url } = await serve({
    '/xrgate.js': XRGATE_BUNDLE,
    '/iwer.min.js': iwer,
    '/page-side.js': pageSideFile,
  });
  try {
    const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
    try {
      for (let round = 0; round < warmup + reps; round++) {
        // The order rotates by one every round.
        for (let k = 0; k < subjects.length; k++) {
          const subject = subjects[(round + k) % subjects.length] as StartupSubject;
          const context = await browser.newContext({ viewport: { width: 640, height: 360 } });
          try {
            const page = await context.newPage();
            await page.goto(url);
            // The text, fetched now, unique to this evaluation (no compilation cache).
            const tag = `${round}-${k}-${Date.now()}`;
            await page.evaluate(
              `fetch(${JSON.stringify(paths[subject])}).then((r) => r.text()).then((t) => {
                globalThis.__startupText = t + ${JSON.stringify(subject === 'iwer-install' ? IWER_INSTALL : '')} +
                  '\\n//# startup-' + ${JSON.stringify(tag)} + '\\n';
              })`,
            );
            // Let the fresh page settle (load event, first frame) before measuring.
            await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
            await browser.startTracing(page, { categories: ['devtools.timeline', 'v8'] });
            const sample = (await page.evaluate(
              `(${PAGE_EVALUATE})(${JSON.stringify(subject)})`,
            )) as PageSample;
            const trace = JSON.parse((await browser.stopTracing()).toString()) as {
              traceEvents: TraceEvent[];
            };
            if (sample.error || !sample.installed) {
              throw new Error(
                `${LABELS[subject]}: evaluation failed (${sample.error ?? 'nothing installed'})`,
              );
            }
            const m = evaluation(trace.traceEvents);
            isolated &&= sample.crossOriginIsolated;
            if (round >= warmup) {
              const s = samples.get(subject);
              s?.cpuMs.push(m.cpu);
              s?.compileMs.push(m.compile);
              s?.runMs.push(m.run);
              s?.wallMs.push(m.wall);
            }
          } finally {
            await context.close();
          }
        }
      }
      return {
        chromium: browser.version(),
        crossOriginIsolated: isolated,
        reps,
        subjects: subjects.map((subject) => ({
          subject,
          label: LABELS[subject],
          bytes: sizes[subject],
          gzipBytes: gzipSizes[subject],
          cpuMs: samples.get(subject)?.cpuMs ?? [],
          compileMs: samples.get(subject)?.compileMs ?? [],
          runMs: samples.get(subject)?.runMs ?? [],
          wallMs: samples.get(subject)?.wallMs ?? [],
        })),
        seconds: (Date.now() - started) / 1000,
      };
    } finally {
      await browser.close().catch(() => {});
    }
  } finally {
    server.close();
  }
}

/** The result as a table (medians, min–max) and xrgate's ratio to each IWER row. */
export function formatStartup(r: StartupResult): string[] {
  const xr = r.subjects.find((s) => s.subject === 'xrgate');
  const ms = (x: number) => x.toFixed(2);
  const range = (xs: readonly number[]) =>
    `${ms(median(xs))} (${ms(Math.min(...xs))}–${ms(Math.max(...xs))})`;
  const lines = [
    `startup — Chromium ${r.chromium} headless; ${r.reps} evaluations each, a fresh page per evaluation, ` +
      `order rotating; cross-origin isolated: ${r.crossOriginIsolated}; ${r.seconds.toFixed(1)} s`,
    'main-thread cost of evaluating the bundle (EvaluateScript in a Chromium trace): CPU ms, median (min–max)',
    `${'bundle'.padEnd(34)}${'bytes'.padStart(8)}${'gzip'.padStart(8)}${'CPU ms'.padStart(24)}${'compile'.padStart(9)}${'run'.padStart(8)}${'wall ms'.padStart(24)}`,
  ];
  for (const s of r.subjects) {
    lines.push(
      `${s.label.padEnd(34)}${String(s.bytes).padStart(8)}${String(s.gzipBytes).padStart(8)}${range(s.cpuMs).padStart(24)}` +
        `${ms(median(s.compileMs)).padStart(9)}${ms(median(s.runMs)).padStart(8)}${range(s.wallMs).padStart(24)}`,
    );
  }
  if (xr) {
    for (const s of r.subjects) {
      if (s.subject === 'xrgate' || s.subject === 'page-side') continue;
      const cpu = median(xr.cpuMs) / median(s.cpuMs);
      const wall = median(xr.wallMs) / median(s.wallMs);
      lines.push(
        `xrgate / ${s.label}: ${cpu.toFixed(2)}× CPU (${ms(median(xr.cpuMs))} / ${ms(median(s.cpuMs))} ms), ` +
          `${wall.toFixed(2)}× wall (${ms(median(xr.wallMs))} / ${ms(median(s.wallMs))} ms)`,
      );
    }
    const iwer = r.subjects.find((s) => s.subject === 'iwer');
    const side = r.subjects.find((s) => s.subject === 'page-side');
    if (iwer && side) {
      lines.push(
        `the page side alone / IWER (iwer.min.js): ${(median(side.cpuMs) / median(iwer.cpuMs)).toFixed(2)}× CPU ` +
          '(the floor of any split that keeps the interface objects in the first script)',
      );
    }
    if (iwer) {
      const cpu = median(xr.cpuMs) / median(iwer.cpuMs);
      lines.push(
        `target: xrgate ≤ 1.0× IWER's evaluation (CPU): ${cpu <= 1 ? 'met' : 'MISSED'} (${cpu.toFixed(2)}×)`,
      );
    }
  }
  return lines;
}

async function main(): Promise<number> {
  let reps: number | undefined;
  for (const a of process.argv.slice(2)) {
    const m = /^--reps=(\d+)$/.exec(a);
    if (!m) throw new Error(`unknown argument ${a}`);
    reps = Number(m[1]);
  }
  const r = await measureStartup(reps === undefined ? {} : { reps });
  for (const line of formatStartup(r)) process.stdout.write(`${line}\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stdout.write(`startup: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
