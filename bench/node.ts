// The Node part: xrgate alone (with the floor baseline as the reference), the same operations and
// loops as in Chromium, frames driven synchronously on xrgate's manual clock. run.ts bundles this
// file with esbuild and runs it as `node --expose-gc --min-semi-space-size=16 node.mjs`; the
// results go to stdout as one JSON line after RESULT_MARK.

import * as xrgate from '../src/index.js';
import { FloorRuntime } from './floor.js';
import {
  Harness,
  type NodeResults,
  type PhaseConfig,
  RESULT_MARK,
  type Runtime,
  type Scene,
} from './harness.js';
import { framePoses } from './scene.js';
import { XrgateDriver } from './xrgate-driver.js';

async function main(): Promise<void> {
  const started = performance.now();
  const cfg = JSON.parse(process.env.BENCH_CONFIG ?? '{}') as PhaseConfig;
  const gc = (globalThis as { gc?: () => void }).gc;
  const heapUsed = (): number => process.memoryUsage().heapUsed;
  const driver = await XrgateDriver.create(xrgate);
  const floor = new FloorRuntime();
  const runtimes: Runtime[] = ['xrgate', 'floor'];
  const harness = new Harness({
    runtimes,
    targetSampleUs: cfg.targetSampleUs,
    heapCalls: cfg.heapCalls,
    now: () => performance.now(),
    gc,
    heapUsed: gc ? heapUsed : undefined,
  });

  let frameIndex = 0;
  const step = (phase: 'warmup' | 'time' | 'heap'): void => {
    const poses = framePoses(frameIndex);
    const index = frameIndex;
    driver.runFrame(poses, (frame) => {
      const ff = floor.beginFrame(poses);
      const scenes: Partial<Record<Runtime, Scene>> = {
        xrgate: { frame, ref: driver.ref, g0: driver.grips[0], g1: driver.grips[1] },
        floor: { frame: ff, ref: floor.localFloor, g0: floor.grips[0], g1: floor.grips[1] },
      };
      try {
        if (phase === 'heap') harness.heapFrame(index, scenes);
        else harness.timeFrame(index, scenes, phase === 'warmup');
      } finally {
        floor.endFrame();
      }
    });
    frameIndex += 1;
  };
  for (let i = 0; i < cfg.warmupFrames; i++) step('warmup');
  for (let i = 0; i < cfg.timeFrames; i++) step('time');
  for (let i = 0; i < cfg.heapFrames; i++) step('heap');

  // xrgate's own frame loop (not part of the app's per-frame work): µs and bytes per frame.
  const loopTime: number[] = [];
  const loopBytes: number[] = [];
  for (let i = 0; i < 300; i++) driver.idleFrame();
  for (let s = 0; s < 30; s++) {
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) driver.idleFrame();
    loopTime.push(((performance.now() - t0) * 1000) / 100);
  }
  if (gc) {
    for (let s = 0; s < 10; s++) {
      gc();
      const h0 = heapUsed();
      for (let i = 0; i < 200; i++) driver.idleFrame();
      const h1 = heapUsed();
      if (h1 >= h0) loopBytes.push((h1 - h0) / 200);
    }
  }

  const out: NodeResults = {
    env: { node: process.version, v8: process.versions.v8, gc: gc !== undefined },
    harness: harness.results(),
    loop: { timeUs: loopTime, bytes: loopBytes },
    frames: driver.frames,
    seconds: (performance.now() - started) / 1000,
  };
  process.stdout.write(`${RESULT_MARK}${JSON.stringify(out)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench/node: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
