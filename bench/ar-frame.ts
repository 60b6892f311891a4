// The cost of the AR sensing modules per frame (issue 13): one frame of an AR app on the simulated
// phone in the living room with hit test (a viewer-space source, its results read), plane
// detection (the set read) and CPU depth sensing (the centre sample read) enabled, against the
// same frame of the same app without them (viewer pose only). Both sessions run in this process on
// xrgate's manual clock, alternating in blocks so that the machine's load falls on both alike; the
// ratio of the medians is the number. A measurement, not a test: it prints whatever it measures.
//
//   npx tsx bench/ar-frame.ts [--frames=400]

import { createUserAgent, type XRFrame, type XRSession } from '../src/index.js';

const FRAMES = Number(/--frames=(\d+)/.exec(process.argv.join(' '))?.[1] ?? 400);
const FEATURES = ['hit-test', 'plane-detection', 'depth-sensing'];

type World = {
  getHitTestResults(s: unknown): { getPose(space: unknown): unknown }[];
  detectedPlanes: { size: number } | null;
  getDepthInformation(view: unknown): { getDepthInMeters(x: number, y: number): number } | null;
};

async function settle<T>(host: { advance(ms: number): void }, p: Promise<T>): Promise<T> {
  let done = false;
  const q = p.finally(() => {
    done = true;
  });
  for (let i = 0; i < 10_000 && !done; i++) {
    host.advance(1);
    await new Promise<void>((r) => setTimeout(r, 0));
  }
  return q;
}

async function app(sensing: boolean) {
  const ua = createUserAgent({
    device: 'phone-ar',
    clock: 'manual',
    consent: { grant: ['local', ...FEATURES] },
  });
  ua.host.click();
  const session = (await settle(
    ua.host,
    ua.xr!.requestSession('immersive-ar', {
      optionalFeatures: sensing ? FEATURES : [],
      depthSensing: { usagePreference: ['cpu-optimized'], dataFormatPreference: ['float32'] },
    } as XRSessionInit),
  )) as XRSession & { requestHitTestSource(o: object): Promise<unknown> };
  const local = await settle(ua.host, session.requestReferenceSpace('local'));
  const viewer = await settle(ua.host, session.requestReferenceSpace('viewer'));
  const source = sensing ? await settle(ua.host, session.requestHitTestSource({ space: viewer })) : null;
  let sink = 0;
  const work = (frame: XRFrame) => {
    const pose = frame.getViewerPose(local);
    if (!pose) return;
    sink += pose.transform.position.y;
    if (!sensing) return;
    const w = frame as unknown as World;
    const hits = w.getHitTestResults(source);
    if (hits[0]) sink += hits[0].getPose(local) ? 1 : 0;
    sink += w.detectedPlanes?.size ?? 0;
    sink += w.getDepthInformation(pose.views[0])?.getDepthInMeters(0.5, 0.5) ?? 0;
  };
  let pending = false;
  let frames = 0;
  const onFrame = (_t: number, frame: XRFrame) => {
    pending = false;
    frames++;
    work(frame);
  };
  return {
    /** One animation frame (the app's callback included); its wall time in µs. */
    frame(): number {
      pending = true;
      session.requestAnimationFrame(onFrame);
      const t0 = performance.now();
      for (let i = 0; i < 8 && pending; i++) ua.host.advance(1000 / 60);
      return (performance.now() - t0) * 1000;
    },
    sink: () => sink,
    frames: () => frames,
  };
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;

const withSensing = await app(true);
const without = await app(false);
for (let i = 0; i < 50; i++) {
  withSensing.frame();
  without.frame();
}
const a: number[] = [];
const b: number[] = [];
for (let block = 0; block < FRAMES / 20; block++) {
  for (let i = 0; i < 20; i++) a.push(withSensing.frame());
  for (let i = 0; i < 20; i++) b.push(without.frame());
}
const ma = median(a);
const mb = median(b);
console.log(
  `AR frame on the simulated phone in the living room, ${a.length} frames each (median µs per frame):`,
);
console.log(`  hit test + plane detection + depth sensing (CPU): ${ma.toFixed(1)} µs`);
console.log(`  the same app without them:                        ${mb.toFixed(1)} µs`);
console.log(`  ratio: ${(ma / mb).toFixed(2)}×`);
// Every measured frame ran its callback in both apps (else the numbers would measure nothing).
if (withSensing.frames() !== a.length + 50 || without.frames() !== b.length + 50)
  throw new Error(`frames ran: ${withSensing.frames()} and ${without.frames()} of ${a.length + 50}`);
void withSensing.sink();
