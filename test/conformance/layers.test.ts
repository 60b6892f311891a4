// §Layers — the WebXR Layers module on xrgate's runtime in Node (no WebGL): XRWebGLBinding's layer
// operations validate their arguments and report sizes, sub images are handed out only inside an
// XR animation frame, renderState.layers follows "update the pending layers state", and each
// refusal is recorded in the audit log with its requirement id. In Node a context is any object
// and textures are opaque handles (frozen objects without a prototype).
// Spec: immersive-web/layers webxrlayers-1.bs @ 0d61133. Requirement ids: R-LAYER-01…08.

import { describe, expect, it } from 'vitest';
import { XRCylinderLayer, XREquirectLayer, XRQuadLayer } from '../../src/api/layers/spatial-layers.js';
import { XRCompositionLayer, XRProjectionLayer } from '../../src/api/layers/XRCompositionLayer.js';
import { XRMediaBinding } from '../../src/api/layers/XRMediaBinding.js';
import { XRWebGLSubImage } from '../../src/api/layers/XRSubImage.js';
import { XRRigidTransform } from '../../src/api/XRRigidTransform.js';
import type { XRSession } from '../../src/api/XRSession.js';
import { XRWebGLBinding } from '../../src/api/XRWebGLBinding.js';
import { XRWebGLLayer } from '../../src/api/XRWebGLLayer.js';
import { MAX_RENDER_LAYERS } from '../../src/policy/layers.js';
import { expectAuditDenial, expectThrowName, inFrame, makeUA, requestImmersive, sleep } from './helpers.js';

/** The refusal reaches the audit log through DocumentPort.report (a message over a channel). */
async function audited(
  ua: Parameters<typeof expectAuditDenial>[0],
  name: string,
  id: string,
  action: string,
) {
  await sleep(20);
  expectAuditDenial(ua, name, id, action);
}

type AnyBinding = XRWebGLBinding;
type Layered = XRSession & { renderState: { layers: readonly object[] } };

async function layersSession(features: string[] = ['layers']) {
  const ua = makeUA();
  const session = (await requestImmersive(ua, { requiredFeatures: features })) as Layered;
  const gl = {};
  const binding = new XRWebGLBinding(session, gl) as AnyBinding;
  const space = await session.requestReferenceSpace('local');
  const viewer = await session.requestReferenceSpace('viewer');
  return { ua, session, gl, binding, space, viewer };
}

describe('§Layers createProjectionLayer', () => {
  it('one texture per view at the recommended size; Node hands out opaque handles', async () => {
    const { session, binding } = await layersSession();
    const layer = binding.createProjectionLayer();
    expect(layer).toBeInstanceOf(XRProjectionLayer);
    expect(layer).toBeInstanceOf(XRCompositionLayer);
    expect(layer.layout).toBe('default');
    expect(layer.textureWidth).toBeGreaterThan(0);
    expect(layer.textureHeight).toBeGreaterThan(0);
    expect(layer.textureArrayLength).toBe(1);
    expect(layer.ignoreDepthValues).toBe(true);
    expect(layer.opacity).toBe(1);
    expect(layer.blendTextureSourceAlpha).toBe(true);
    layer.opacity = 4;
    expect(layer.opacity).toBe(1);
    layer.quality = 'nonsense' as never;
    expect(layer.quality).toBe('default');
    layer.quality = 'text-optimized';
    expect(layer.quality).toBe('text-optimized');
    expect(binding.nativeProjectionScaleFactor).toBe(1);
    expect(binding.usesDepthValues).toBe(false);
    // 'texture-array' needs WebGL 2 (Node's stand-in context is not).
    expectThrowName(() => binding.createProjectionLayer({ textureType: 'texture-array' }), 'TypeError');
    // A scale factor is clamped to what the context (and R-LAYER-05's cap) can hold.
    const big = binding.createProjectionLayer({ scaleFactor: 100 });
    expect(big.textureWidth).toBeLessThanOrEqual(4096);
    await session.end();
  });

  it('sub images only inside an animation frame of the session, for layers in renderState.layers [R-LAYER-03]', async () => {
    const { ua, session, binding, space } = await layersSession();
    const layer = binding.createProjectionLayer();
    // Not in the render state yet: TypeError.
    const before = await inFrame(session, (frame) => {
      const view = frame.getViewerPose(space as never)!.views[0]!;
      return () => binding.getViewSubImage(layer, view);
    });
    session.updateRenderState({ layers: [layer] } as never);
    let kept: { view: unknown; image: XRWebGLSubImage } | null = null;
    await inFrame(session, (frame) => {
      expect(session.renderState.layers).toEqual([layer]);
      expect(Object.isFrozen(session.renderState.layers)).toBe(true);
      const views = frame.getViewerPose(space as never)!.views;
      const a = binding.getViewSubImage(layer, views[0]) as XRWebGLSubImage;
      const b = binding.getViewSubImage(layer, views[1]) as XRWebGLSubImage;
      expect(a).toBeInstanceOf(XRWebGLSubImage);
      expect(a.colorTexture).not.toBe(b.colorTexture);
      expect(Object.getPrototypeOf(a.colorTexture)).toBeNull();
      expect(Object.isFrozen(a.colorTexture)).toBe(true);
      expect(a.colorTextureWidth).toBe(layer.textureWidth);
      expect(a.viewport.width).toBe(layer.textureWidth);
      expect(a.imageIndex).toBe(0);
      expect(a.motionVectorTexture).toBeNull();
      // The same object again in this frame.
      expect(binding.getViewSubImage(layer, views[0])).toBe(a);
      kept = { view: views[0], image: a };
    });
    // The frame is over: the view is no longer of an active frame.
    expectThrowName(() => binding.getViewSubImage(layer, kept!.view), 'InvalidStateError');
    await audited(ua, 'InvalidStateError', 'R-LAYER-03', 'XRWebGLBinding.getViewSubImage');
    // And the one taken before the layer was in the render state (its frame is over too).
    expectThrowName(before, 'InvalidStateError');
    await session.end();
  });
});

describe('§Layers quad, cylinder, equirect and cube layers', () => {
  it("need the 'layers' feature [R-LAYER-01]", async () => {
    const { ua, session, binding, space } = await layersSession([]);
    expectThrowName(
      () => binding.createQuadLayer({ space, viewPixelWidth: 16, viewPixelHeight: 16 }),
      'NotSupportedError',
    );
    await audited(ua, 'NotSupportedError', 'R-LAYER-01', 'XRWebGLBinding.createQuadLayer');
    // A projection layer does not (the spec's algorithm has no such step).
    expect(binding.createProjectionLayer()).toBeInstanceOf(XRProjectionLayer);
    expectThrowName(() => new XRMediaBinding(session).createQuadLayer({}, { space }), 'TypeError');
    await session.end();
  });

  it('XRLayerInit: sizes within the limit [R-LAYER-05], layouts, spaces of the session [R-LAYER-02]', async () => {
    const { ua, session, binding, space, viewer } = await layersSession();
    const init = { space, viewPixelWidth: 256, viewPixelHeight: 128 };
    const quad = binding.createQuadLayer(init);
    expect(quad).toBeInstanceOf(XRQuadLayer);
    expect(quad.layout).toBe('mono');
    expect(quad.width).toBe(1);
    expect(quad.space).toBe(space);
    expect(quad.transform).toBeInstanceOf(XRRigidTransform);
    expect(quad.needsRedraw).toBe(true);
    expectThrowName(() => binding.createQuadLayer({ ...init, viewPixelWidth: 0 }), 'TypeError');
    await audited(ua, 'TypeError', 'R-LAYER-05', 'XRWebGLBinding.createQuadLayer');
    expectThrowName(() => binding.createQuadLayer({ ...init, viewPixelHeight: 4097 }), 'TypeError');
    expectThrowName(() => binding.createQuadLayer({ ...init, width: 0 }), 'TypeError');
    expectThrowName(() => binding.createQuadLayer({ ...init, layout: 'default' }), 'TypeError');
    expectThrowName(() => binding.createQuadLayer({ ...init, transform: { x: 0 } }), 'TypeError');
    expectThrowName(() => binding.createQuadLayer({ viewPixelWidth: 1, viewPixelHeight: 1 }), 'TypeError');
    expect(binding.createQuadLayer({ ...init, layout: 'stereo' }).layout).toBe('stereo-left-right');
    // Quad layers may use the viewer space; equirect and cube layers may not.
    expect(binding.createQuadLayer({ ...init, space: viewer }).space).toBe(viewer);
    expectThrowName(() => binding.createEquirectLayer({ ...init, space: viewer }), 'TypeError');
    // Cylinder limits.
    expect(binding.createCylinderLayer(init)).toBeInstanceOf(XRCylinderLayer);
    expectThrowName(() => binding.createCylinderLayer({ ...init, radius: -1 }), 'TypeError');
    expectThrowName(() => binding.createCylinderLayer({ ...init, centralAngle: 7 }), 'TypeError');
    expectThrowName(() => binding.createCylinderLayer({ ...init, aspectRatio: 0 }), 'TypeError');
    // Equirect values are clamped.
    const eq = binding.createEquirectLayer({
      ...init,
      radius: -2,
      centralHorizontalAngle: 7,
      upperVerticalAngle: 3,
    });
    expect(eq).toBeInstanceOf(XREquirectLayer);
    expect(eq.radius).toBe(0);
    expect(eq.centralHorizontalAngle).toBeCloseTo(2 * Math.PI, 5);
    expect(eq.upperVerticalAngle).toBeCloseTo(Math.PI / 2, 5);
    eq.lowerVerticalAngle = -9;
    expect(eq.lowerVerticalAngle).toBeCloseTo(-Math.PI / 2, 5);
    // Cube layers need WebGL 2 (Node's stand-in context is not), after the TypeErrors of their
    // arguments: spec(layers) #createCubeLayerAlgo allows 'mono' and 'stereo' (a face set per eye)
    // and makes 'default', 'stereo-left-right' and 'stereo-top-bottom' TypeErrors.
    expectThrowName(() => binding.createCubeLayer(init), 'InvalidStateError');
    expectThrowName(() => binding.createCubeLayer({ ...init, layout: 'stereo' }), 'InvalidStateError');
    for (const layout of ['default', 'stereo-left-right', 'stereo-top-bottom'] as const) {
      expectThrowName(() => binding.createCubeLayer({ ...init, layout }), 'TypeError');
    }
    expectThrowName(() => binding.createCubeLayer({ ...init, space: viewer }), 'TypeError');
    expectThrowName(
      () => binding.createCubeLayer({ ...init, orientation: { x: 0, w: 1 } } as never),
      'TypeError',
    );
    // A space of another session is refused.
    const other = await layersSession();
    expectThrowName(() => binding.createQuadLayer({ ...init, space: other.space }), 'TypeError');
    expectThrowName(() => {
      quad.space = other.space;
    }, 'TypeError');
    await other.session.end();
    await session.end();
  });

  it("a cube map is no larger than the context's MAX_CUBE_MAP_TEXTURE_SIZE; a cube texture array, MAX_TEXTURE_SIZE [R-LAYER-05]", async () => {
    const { session, gl, binding, space } = await layersSession();
    // A context whose cube maps are smaller than its 2D textures.
    (gl as { getParameter?: (p: number) => number }).getParameter = (p) => (p === 0x851c ? 512 : 8192);
    const init = { space, viewPixelWidth: 1024, viewPixelHeight: 1024 };
    expect(binding.createQuadLayer(init).layout).toBe('mono');
    // Too large a cube map: the size's TypeError (before the WebGL 2 check Node's context fails).
    expectThrowName(() => binding.createCubeLayer(init), 'TypeError');
    expectThrowName(
      () => binding.createCubeLayer({ ...init, viewPixelWidth: 512, viewPixelHeight: 512 }),
      'InvalidStateError',
    );
    expectThrowName(
      () => binding.createCubeLayer({ ...init, textureType: 'texture-array' }),
      'InvalidStateError',
    );
    await session.end();
  });

  it('getSubImage: stereo needs an eye; destroyed layers have no textures [R-LAYER-06]', async () => {
    const { ua, session, binding, space } = await layersSession();
    const init = { space, viewPixelWidth: 64, viewPixelHeight: 64 };
    const mono = binding.createQuadLayer(init);
    const stereo = binding.createQuadLayer({ ...init, layout: 'stereo', textureType: 'texture' });
    const gone = binding.createQuadLayer(init);
    session.updateRenderState({ layers: [mono, stereo, gone] } as never);
    gone.destroy();
    await inFrame(session, (frame) => {
      const image = binding.getSubImage(mono, frame) as XRWebGLSubImage;
      expect(image.colorTextureWidth).toBe(64);
      expect(image.viewport.width).toBe(64);
      expect(image.depthStencilTexture).toBeNull();
      const right = binding.getSubImage(stereo, frame, 'right') as XRWebGLSubImage;
      expect(right.viewport.x).toBe(64);
      expect(right.viewport.width).toBe(64);
      expect(right.colorTextureWidth).toBe(128);
      expectThrowName(() => binding.getSubImage(gone, frame), 'InvalidStateError');
      expectThrowName(() => binding.getSubImage(binding.createProjectionLayer(), frame), 'TypeError');
    });
    await audited(ua, 'InvalidStateError', 'R-LAYER-06', 'XRWebGLBinding.getSubImage');
    await session.end();
  });
});

describe('§Layers updateRenderState({ layers }) [R-LAYER-04]', () => {
  it('baseLayer and layers exclusive; duplicates; another session; the count limit', async () => {
    const { ua, session, binding, space } = await layersSession();
    const gl = {};
    const base = new XRWebGLLayer(session, gl);
    const quad = binding.createQuadLayer({ space, viewPixelWidth: 8, viewPixelHeight: 8 });
    expectThrowName(
      () => session.updateRenderState({ baseLayer: base, layers: [quad] } as never),
      'NotSupportedError',
    );
    await audited(ua, 'NotSupportedError', 'R-LAYER-04', 'updateRenderState');
    expectThrowName(() => session.updateRenderState({ layers: [quad, base, quad] } as never), 'TypeError');
    expectThrowName(() => session.updateRenderState({ layers: [quad, {}] } as never), 'TypeError');
    expect((session as unknown as { maxRenderLayers: number }).maxRenderLayers).toBe(MAX_RENDER_LAYERS);
    const many = Array.from({ length: MAX_RENDER_LAYERS + 1 }, () => new XRWebGLLayer(session, gl));
    expectThrowName(() => session.updateRenderState({ layers: many } as never), 'NotSupportedError');
    const other = await layersSession();
    const foreign = other.binding.createQuadLayer({
      space: other.space,
      viewPixelWidth: 8,
      viewPixelHeight: 8,
    });
    expectThrowName(() => session.updateRenderState({ layers: [foreign] } as never), 'TypeError');
    await audited(ua, 'TypeError', 'R-LAYER-02', 'updateRenderState');
    await other.session.end();
    // Layers, then a base layer: each empties the other.
    session.updateRenderState({ layers: [base, quad] } as never);
    await inFrame(session, () => {
      expect(session.renderState.layers).toEqual([base, quad]);
      expect(session.renderState.baseLayer).toBeNull();
    });
    session.updateRenderState({ baseLayer: base });
    await inFrame(session, () => {
      expect(session.renderState.layers).toEqual([]);
      expect(session.renderState.baseLayer).toBe(base);
    });
    await session.end();
  });

  it("without the 'layers' feature: one layer, not more [R-LAYER-01]", async () => {
    const { ua, session } = await layersSession([]);
    const gl = {};
    session.updateRenderState({ layers: [new XRWebGLLayer(session, gl)] } as never);
    expectThrowName(
      () =>
        session.updateRenderState({
          layers: [new XRWebGLLayer(session, gl), new XRWebGLLayer(session, gl)],
        } as never),
      'NotSupportedError',
    );
    await audited(ua, 'NotSupportedError', 'R-LAYER-01', 'updateRenderState');
    await session.end();
  });

  it("inline sessions: no 'layers' feature, no binding [R-LAYER-08]", async () => {
    const ua = makeUA();
    const inline = await ua.xr.requestSession('inline');
    expectThrowName(() => new XRWebGLBinding(inline, {}), 'InvalidStateError');
    expectThrowName(() => new XRMediaBinding(inline), 'InvalidStateError');
    let error: unknown;
    ua.host.click();
    try {
      await ua.xr.requestSession('inline', { requiredFeatures: ['layers'] });
    } catch (e) {
      error = e;
    }
    expect((error as Error).name).toBe('NotSupportedError');
  });
});

describe('§Lighting getReflectionCubeMap', () => {
  it('null for a live pair; InvalidStateError for an ended session or another session’s probe [R-LAYER-02]', async () => {
    const ua = makeUA({ device: 'phone-ar' });
    ua.host.click();
    const session = (await ua.xr.requestSession('immersive-ar', {
      requiredFeatures: ['light-estimation'],
    })) as XRSession & {
      requestLightProbe(): Promise<object>;
    };
    const binding = new XRWebGLBinding(session, {}) as AnyBinding;
    const probe = await session.requestLightProbe();
    expect(binding.getReflectionCubeMap(probe)).toBeNull();
    expectThrowName(() => binding.getReflectionCubeMap({}), 'TypeError');
    await session.end();
    expectThrowName(() => binding.getReflectionCubeMap(probe), 'InvalidStateError');
    ua.host.click();
    const second = (await ua.xr.requestSession('immersive-ar', {
      requiredFeatures: ['light-estimation'],
    })) as XRSession;
    const binding2 = new XRWebGLBinding(second, {}) as AnyBinding;
    expectThrowName(() => binding2.getReflectionCubeMap(probe), 'InvalidStateError');
    await second.end();
  });
});
