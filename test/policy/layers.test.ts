// The WebXR Layers module's rules (src/policy/layers.ts): R-LAYER-01 (the 'layers' feature),
// R-LAYER-02 (another session's layers), R-LAYER-03 (textures inside the frame only), R-LAYER-04
// (renderState.layers), R-LAYER-05 (pixel limits), R-LAYER-06 (no content the page did not
// draw), R-LAYER-07 (composition independent of content), R-LAYER-08 (immersive only).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compositionPlan,
  LAYER_MAX_PIXEL_SIZE,
  type LayerCreation,
  layerCreationIsAllowed,
  layerPixelLimit,
  layerPixelSizeIsAllowed,
  layersUpdateIsAllowed,
  MAX_RENDER_LAYERS,
  mediaSourceIsAllowed,
  projectionScaleLimit,
  type SubImageAccess,
  subImageAccessIsAllowed,
} from '../../src/policy/layers.js';

const creation = (over: Partial<LayerCreation> = {}): LayerCreation => ({
  action: 'createQuadLayer',
  layersEnabled: true,
  needsFeature: true,
  ended: false,
  immersive: true,
  contextLost: false,
  ...over,
});

describe('layerCreationIsAllowed', () => {
  it("R-LAYER-01: composition layers need the 'layers' feature (NotSupportedError); projection layers do not", () => {
    const d = layerCreationIsAllowed(creation({ layersEnabled: false }));
    expect(d).toMatchObject({
      allowed: false,
      requirement: 'R-LAYER-01',
      error: { name: 'NotSupportedError' },
    });
    expect(layerCreationIsAllowed(creation({ layersEnabled: false, needsFeature: false })).allowed).toBe(
      true,
    );
    expect(layerCreationIsAllowed(creation()).allowed).toBe(true);
  });
  it('R-LAYER-08 and R-LIFE-07: inline or ended sessions, lost contexts: InvalidStateError', () => {
    expect(layerCreationIsAllowed(creation({ immersive: false }))).toMatchObject({
      requirement: 'R-LAYER-08',
      error: { name: 'InvalidStateError' },
    });
    expect(layerCreationIsAllowed(creation({ ended: true }))).toMatchObject({ requirement: 'R-LIFE-07' });
    expect(layerCreationIsAllowed(creation({ contextLost: true }))).toMatchObject({
      error: { name: 'InvalidStateError' },
    });
  });
});

describe('layer pixel sizes (R-LAYER-05)', () => {
  it('the limit is the context maximum, never above the fixed cap; unknown maxima give the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1 << 16 }), (max) => {
        const limit = layerPixelLimit(max);
        expect(limit).toBeLessThanOrEqual(LAYER_MAX_PIXEL_SIZE);
        expect(limit).toBeLessThanOrEqual(max);
        expect(limit).toBe(Math.min(max, LAYER_MAX_PIXEL_SIZE));
      }),
    );
    expect(layerPixelLimit(0)).toBe(LAYER_MAX_PIXEL_SIZE);
    expect(layerPixelLimit(Number.NaN)).toBe(LAYER_MAX_PIXEL_SIZE);
  });
  it('a size is allowed exactly when both sides are within [1, limit]; otherwise TypeError', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10000 }),
        fc.integer({ min: 0, max: 10000 }),
        fc.integer({ min: 1, max: 16384 }),
        (w, h, max) => {
          const limit = layerPixelLimit(max);
          const d = layerPixelSizeIsAllowed('createQuadLayer', w, h, max);
          const ok = w >= 1 && h >= 1 && w <= limit && h <= limit;
          expect(d.allowed).toBe(ok);
          if (!d.allowed)
            expect(d).toMatchObject({ requirement: 'R-LAYER-05', error: { name: 'TypeError' } });
        },
      ),
    );
  });
  it('a projection layer scaled by the largest factor stays within the limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8000 }), fc.integer({ min: 1, max: 16384 }), (largest, max) => {
        const s = projectionScaleLimit(largest, max);
        expect(Math.round(largest * s)).toBeLessThanOrEqual(layerPixelLimit(max));
      }),
    );
  });
});

describe('layersUpdateIsAllowed (R-LAYER-04, R-LAYER-01, R-LAYER-02)', () => {
  const base = {
    baseLayerSet: false,
    layersSet: true,
    count: 1,
    layersEnabled: true,
    duplicateAt: -1,
    foreignAt: -1,
  };
  it('baseLayer and layers together: NotSupportedError', () => {
    expect(layersUpdateIsAllowed({ ...base, baseLayerSet: true })).toMatchObject({
      requirement: 'R-LAYER-04',
      error: { name: 'NotSupportedError' },
    });
    expect(layersUpdateIsAllowed({ ...base, baseLayerSet: true, layersSet: false }).allowed).toBe(true);
  });
  it('the count: one without the feature, at most MAX_RENDER_LAYERS with it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 64 }), fc.boolean(), (count, enabled) => {
        const d = layersUpdateIsAllowed({ ...base, count, layersEnabled: enabled });
        const ok = enabled ? count <= MAX_RENDER_LAYERS : count <= 1;
        expect(d.allowed).toBe(ok);
        if (!d.allowed) {
          expect(d.error.name).toBe('NotSupportedError');
          expect(d.requirement).toBe(enabled ? 'R-LAYER-04' : 'R-LAYER-01');
        }
      }),
    );
  });
  it('duplicates (R-LAYER-04) and layers of another session (R-LAYER-02): TypeError', () => {
    expect(layersUpdateIsAllowed({ ...base, count: 3, duplicateAt: 2 })).toMatchObject({
      requirement: 'R-LAYER-04',
      error: { name: 'TypeError' },
    });
    expect(layersUpdateIsAllowed({ ...base, foreignAt: 0 })).toMatchObject({
      requirement: 'R-LAYER-02',
      error: { name: 'TypeError' },
    });
  });
});

describe('subImageAccessIsAllowed (R-LAYER-02, R-LAYER-03, R-LAYER-06)', () => {
  const ok: SubImageAccess = {
    action: 'getSubImage',
    frameOfLayerSession: true,
    frameActive: true,
    animationFrame: true,
    bindingOfLayerSession: true,
    sameContext: true,
    hasTextures: true,
    staticDrawn: false,
  };
  it('allowed only when every condition holds; each failure names its rule', () => {
    fc.assert(
      fc.property(
        fc.record({
          frameOfLayerSession: fc.boolean(),
          frameActive: fc.boolean(),
          animationFrame: fc.boolean(),
          bindingOfLayerSession: fc.boolean(),
          sameContext: fc.boolean(),
          hasTextures: fc.boolean(),
          staticDrawn: fc.boolean(),
        }),
        (a) => {
          const d = subImageAccessIsAllowed({ action: 'getSubImage', ...a });
          const all =
            a.frameOfLayerSession &&
            a.frameActive &&
            a.animationFrame &&
            a.bindingOfLayerSession &&
            a.sameContext &&
            a.hasTextures &&
            !a.staticDrawn;
          expect(d.allowed).toBe(all);
          if (!d.allowed) expect(d.error.name).toBe('InvalidStateError');
        },
      ),
    );
    expect(subImageAccessIsAllowed({ ...ok, frameActive: false }).requirement).toBe('R-LAYER-03');
    expect(subImageAccessIsAllowed({ ...ok, frameOfLayerSession: false }).requirement).toBe('R-LAYER-02');
    expect(subImageAccessIsAllowed({ ...ok, hasTextures: false }).requirement).toBe('R-LAYER-06');
  });
});

describe('mediaSourceIsAllowed (R-LAYER-06)', () => {
  it('a video the page may not read never becomes a layer: SecurityError', () => {
    expect(mediaSourceIsAllowed({ action: 'createQuadLayer', originClean: false })).toMatchObject({
      allowed: false,
      requirement: 'R-LAYER-06',
      error: { name: 'SecurityError' },
    });
    expect(mediaSourceIsAllowed({ action: 'createQuadLayer', originClean: true }).allowed).toBe(true);
  });
});

describe('compositionPlan (R-LAYER-07)', () => {
  const kind = fc.constantFrom('projection', 'quad', 'cylinder', 'equirect', 'cube', 'webgl') as fc.Arbitrary<
    'projection' | 'quad' | 'cylinder' | 'equirect' | 'cube' | 'webgl'
  >;
  it('one draw per layer per view, in layer order: it depends on the kinds and the view count only', () => {
    fc.assert(
      fc.property(fc.array(kind, { maxLength: 16 }), fc.integer({ min: 1, max: 4 }), (kinds, views) => {
        const plan = compositionPlan(kinds, views);
        expect(plan.length).toBe(kinds.length * views);
        for (let i = 1; i < plan.length; i++)
          expect(plan[i]!.layer).toBeGreaterThanOrEqual(plan[i - 1]!.layer);
        expect(plan.map((s) => s.kind)).toEqual(kinds.flatMap((k) => Array(views).fill(k)));
        // The same inputs give the same plan (no hidden input such as the layers' pixels).
        expect(compositionPlan(kinds, views)).toEqual(plan);
      }),
    );
  });
});
