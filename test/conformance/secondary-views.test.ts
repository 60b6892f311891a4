// R-FEAT-13: secondary views appear only when "secondary-views" was granted; inline stays mono.
import { describe, expect, it } from 'vitest';
import { createUserAgent, perspective, pose, SimulatedXRDevice } from '../../src/index.js';

const view = (eye: 'left' | 'right' | 'none', x: number) => ({
  eye,
  projectionMatrix: perspective(90, 1),
  viewOffset: pose(x, 0, 0),
  resolution: { width: 100, height: 100 },
});

function device(): SimulatedXRDevice {
  return new SimulatedXRDevice({
    supportedModes: ['inline', 'immersive-vr'],
    capableFeatures: { 'immersive-vr': ['secondary-views'] },
    viewGeometry: 'scripted',
    views: [view('left', -0.03), view('right', 0.03)],
    secondaryViews: [view('none', 0)],
  });
}

async function views(optionalFeatures: string[]) {
  const ua = createUserAgent({ device: device() });
  ua.host.click();
  const s = await ua.xr!.requestSession('immersive-vr', { optionalFeatures });
  const space = await s.requestReferenceSpace('local');
  const out = await new Promise<{ eye: string; fpo: boolean }[]>((r) =>
    s.requestAnimationFrame((_t, f) =>
      r(
        (f.getViewerPose(space)?.views ?? []).map((v) => ({
          eye: v.eye,
          fpo: (v as unknown as { isFirstPersonObserver: boolean }).isFirstPersonObserver,
        })),
      ),
    ),
  );
  await s.end();
  return out;
}

describe('§6 secondary views (R-FEAT-13)', () => {
  it('R-FEAT-13: without "secondary-views" only the primary views are reported', async () => {
    expect(await views([])).toEqual([
      { eye: 'left', fpo: false },
      { eye: 'right', fpo: false },
    ]);
  });
  it('R-FEAT-13: with "secondary-views" the secondary view follows, as a first-person observer view', async () => {
    expect(await views(['secondary-views'])).toEqual([
      { eye: 'left', fpo: false },
      { eye: 'right', fpo: false },
      { eye: 'none', fpo: true },
    ]);
  });
});
