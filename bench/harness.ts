// The measured loops and the per-frame sampling, shared by the Chromium page and the Node run.
//
// Every (runtime, operation) pair gets its own copy of the loop, compiled with `new Function`, so
// that V8 keeps separate type feedback for each runtime: one shared loop would see three runtimes'
// objects, go megamorphic and slow all of them down. Results are stored into a per-runtime sink
// object and summed into a checksum, so no allocation can be optimised away as dead.

export type Runtime = 'xrgate' | 'iwer' | 'floor';
export type Op = 'viewerPose' | 'pose' | 'frame';

export const OPS: readonly Op[] = ['viewerPose', 'pose', 'frame'];

export const OP_LABELS: Record<Op, string> = {
  viewerPose: 'getViewerPose (2 views)',
  pose: 'getPose (grip in local-floor)',
  frame: 'per-frame work',
};

/** What one runtime's loops need in one frame. */
export interface Scene {
  readonly frame: unknown;
  readonly ref: unknown;
  readonly g0: unknown;
  readonly g1: unknown;
}

interface Sink {
  v: unknown;
  a: unknown;
  b: unknown;
}

type Loop = (k: number, frame: unknown, ref: unknown, g0: unknown, g1: unknown, sink: Sink) => number;

const SOURCES: Record<Op, string> = {
  // getViewerPose only: the pose and its views, no attribute read but `views`.
  viewerPose: `
    let n = 0;
    for (let i = 0; i < k; i++) {
      const p = frame.getViewerPose(ref);
      sink.v = p;
      n += p.views.length;
    }
    return n;`,
  // getPose of the left grip space in the local-floor space.
  pose: `
    let n = 0;
    for (let i = 0; i < k; i++) {
      const p = frame.getPose(g0, ref);
      sink.v = p;
      n += p.emulatedPosition ? 2 : 1;
    }
    return n;`,
  // A typical app's frame: the viewer pose and its matrix, every view's transform.matrix and
  // projectionMatrix, and both controllers' grip poses and matrices.
  frame: `
    let acc = 0;
    for (let i = 0; i < k; i++) {
      const vp = frame.getViewerPose(ref);
      acc += vp.transform.matrix[13];
      const views = vp.views;
      for (let j = 0; j < views.length; j++) {
        const view = views[j];
        acc += view.transform.matrix[12] + view.projectionMatrix[0];
      }
      const p0 = frame.getPose(g0, ref);
      acc += p0.transform.matrix[12];
      const p1 = frame.getPose(g1, ref);
      acc += p1.transform.matrix[12];
      sink.v = vp;
      sink.a = p0;
      sink.b = p1;
    }
    return acc;`,
};

function compile(op: Op): Loop {
  return new Function('k', 'frame', 'ref', 'g0', 'g1', 'sink', SOURCES[op]) as Loop;
}

export interface HarnessOptions {
  readonly runtimes: readonly Runtime[];
  /** Wall time one timing sample aims for, in microseconds. */
  readonly targetSampleUs: number;
  /** Calls per heap sample. */
  readonly heapCalls: number;
  readonly now: () => number;
  /** Full garbage collection (V8's --expose-gc). */
  readonly gc: (() => void) | undefined;
  /** Bytes in use in the JS heap, precise. */
  readonly heapUsed: (() => number) | undefined;
}

/** µs per call (time) or bytes per call (heap), one value per sample. */
export type Samples = Record<string, Partial<Record<Op, number[]>>>;

export interface HarnessResults {
  readonly time: Samples;
  readonly heap: Samples;
  readonly calls: Record<string, Partial<Record<Op, number>>>;
  readonly heapProbeBytes: number;
  readonly checksum: number;
}

export class Harness {
  readonly #o: HarnessOptions;
  readonly #loops = new Map<string, Loop>();
  readonly #sinks = new Map<Runtime, Sink>();
  readonly #k = new Map<string, number>();
  readonly #warm = new Map<string, number[]>();
  readonly time: Samples = {};
  readonly heap: Samples = {};
  #probe = 0;
  checksum = 0;

  constructor(options: HarnessOptions) {
    this.#o = options;
    for (const rt of options.runtimes) {
      this.#sinks.set(rt, { v: null, a: null, b: null });
      this.time[rt] = {};
      this.heap[rt] = {};
      for (const op of OPS) {
        this.#loops.set(`${rt}:${op}`, compile(op));
        this.#k.set(`${rt}:${op}`, 16);
        this.#warm.set(`${rt}:${op}`, []);
      }
    }
  }

  /** The runtimes in this frame's order: rotated by one every frame. */
  order(frameIndex: number): Runtime[] {
    const list = this.#o.runtimes;
    const n = list.length;
    return list.map((_, i) => list[(i + frameIndex) % n] as Runtime);
  }

  #run(rt: Runtime, op: Op, k: number, scene: Scene): void {
    const loop = this.#loops.get(`${rt}:${op}`) as Loop;
    const r = loop(k, scene.frame, scene.ref, scene.g0, scene.g1, this.#sinks.get(rt) as Sink);
    if (!Number.isNaN(r)) this.checksum += r;
  }

  /** One timing frame: every operation, every runtime in this frame's order. */
  timeFrame(frameIndex: number, scenes: Partial<Record<Runtime, Scene>>, warmup: boolean): void {
    const now = this.#o.now;
    for (const op of OPS) {
      for (const rt of this.order(frameIndex)) {
        const scene = scenes[rt];
        if (!scene) continue;
        const key = `${rt}:${op}`;
        const k = this.#k.get(key) as number;
        const t0 = now();
        this.#run(rt, op, k, scene);
        const t1 = now();
        const perCall = ((t1 - t0) * 1000) / k;
        if (warmup) {
          const w = this.#warm.get(key) as number[];
          w.push(perCall);
          // Aim each sample at targetSampleUs from the recent warm-up samples.
          const recent = median(w.slice(-8));
          if (recent > 0) {
            this.#k.set(key, Math.max(8, Math.min(100_000, Math.round(this.#o.targetSampleUs / recent))));
          }
        } else {
          push(this.time, rt, op, perCall);
        }
      }
    }
  }

  /**
   * One heap frame: for every operation and runtime, a full GC, the heap in use, `heapCalls`
   * calls, the heap in use again. The young generation is made large enough (V8 flags) that no
   * scavenge runs inside a sample; a sample that shrank the heap (a GC ran after all) is dropped.
   */
  heapFrame(frameIndex: number, scenes: Partial<Record<Runtime, Scene>>): void {
    const { gc, heapUsed, heapCalls } = this.#o;
    if (!gc || !heapUsed) return;
    if (this.#probe === 0) {
      gc();
      const a = heapUsed();
      const b = heapUsed();
      this.#probe = Math.max(0, b - a);
    }
    for (const op of OPS) {
      for (const rt of this.order(frameIndex)) {
        const scene = scenes[rt];
        if (!scene) continue;
        gc();
        const h0 = heapUsed();
        this.#run(rt, op, heapCalls, scene);
        const h1 = heapUsed();
        const bytes = h1 - h0 - this.#probe;
        if (bytes < 0) continue;
        push(this.heap, rt, op, bytes / heapCalls);
      }
    }
  }

  results(): HarnessResults {
    const calls: Record<string, Partial<Record<Op, number>>> = {};
    for (const rt of this.#o.runtimes) {
      const c: Partial<Record<Op, number>> = {};
      for (const op of OPS) c[op] = this.#k.get(`${rt}:${op}`) as number;
      calls[rt] = c;
    }
    return {
      time: this.time,
      heap: this.heap,
      calls,
      heapProbeBytes: this.#probe,
      checksum: this.checksum,
    };
  }
}

function push(samples: Samples, rt: Runtime, op: Op, value: number): void {
  const byOp = samples[rt] ?? {};
  samples[rt] = byOp;
  const list = byOp[op] ?? [];
  byOp[op] = list;
  list.push(value);
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}

/** How many frames each phase runs, and the sample sizes. */
export interface PhaseConfig {
  readonly warmupFrames: number;
  readonly timeFrames: number;
  readonly heapFrames: number;
  /** Wall time one timing sample aims for, in microseconds. */
  readonly targetSampleUs: number;
  /** Calls per heap sample. */
  readonly heapCalls: number;
}

/** The Node part prints its results as one JSON line after this mark. */
export const RESULT_MARK = 'BENCH_NODE_RESULT ';

export interface NodeResults {
  readonly env: { readonly node: string; readonly v8: string; readonly gc: boolean };
  readonly harness: HarnessResults;
  /** xrgate's own frame loop with an empty callback: µs per frame and bytes per frame samples. */
  readonly loop: { readonly timeUs: number[]; readonly bytes: number[] };
  readonly frames: number;
  readonly seconds: number;
}

export interface PageResults {
  readonly env: {
    readonly userAgent: string;
    readonly crossOriginIsolated: boolean;
    readonly timerResolutionUs: number;
    readonly gc: boolean;
    readonly memoryApi: boolean;
  };
  readonly harness: HarnessResults;
  /** IWER animation frames that ran a measured xrgate frame inside them. */
  readonly frames: number;
  readonly seconds: number;
}
