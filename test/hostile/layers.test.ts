// A hostile page against the Layers module's protections: forged layers and sub images, getters
// called with the wrong `this`, a layer of another session smuggled into renderState.layers, a
// patched Array.prototype[Symbol.iterator] and Set.prototype.has while updateRenderState checks
// for duplicates, and textures kept past their frame (R-LAYER-02, R-LAYER-03, R-LAYER-04).

import { afterEach, describe, expect, it } from 'vitest';
import { XRQuadLayer } from '../../src/api/layers/spatial-layers.js';
import { XRCompositionLayer, XRProjectionLayer } from '../../src/api/layers/XRCompositionLayer.js';
import { XRWebGLSubImage } from '../../src/api/layers/XRSubImage.js';
import type { XRSession } from '../../src/api/XRSession.js';
import { XRWebGLBinding } from '../../src/api/XRWebGLBinding.js';
import { expectThrowName, inFrame, makeUA, requestImmersive } from '../conformance/helpers.js';

const restores: (() => void)[] = [];
function patch<T extends object>(obj: T, key: PropertyKey, value: unknown): void {
  const desc = Object.getOwnPropertyDescriptor(obj, key);
  Object.defineProperty(obj, key, { value, writable: true, configurable: true, enumerable: false });
  restores.push(() => {
    if (desc) Object.defineProperty(obj, key, desc);
    else delete (obj as Record<PropertyKey, unknown>)[key];
  });
}
afterEach(() => {
  while (restores.length > 0) restores.pop()!();
});

async function setup() {
  const ua = makeUA();
  const session = (await requestImmersive(ua, { requiredFeatures: ['layers'] })) as XRSession & {
    renderState: { layers: readonly object[] };
  };
  const binding = new XRWebGLBinding(session, {});
  const space = await session.requestReferenceSpace('local');
  return { ua, session, binding, space };
}

describe('hostile page: the Layers module', () => {
  it('cannot construct or forge layers and sub images; getters refuse the wrong `this`', async () => {
    const { session, binding, space } = await setup();
    expectThrowName(() => new (XRCompositionLayer as unknown as new () => object)(), 'TypeError');
    expectThrowName(() => new (XRQuadLayer as unknown as new () => object)(), 'TypeError');
    expectThrowName(() => new (XRWebGLSubImage as unknown as new () => object)(), 'TypeError');
    const quad = binding.createQuadLayer({ space, viewPixelWidth: 8, viewPixelHeight: 8 });
    const projection = binding.createProjectionLayer();
    // An object made to look like a layer (its prototype) is not one.
    const forged = Object.create(XRQuadLayer.prototype);
    expectThrowName(() => forged.width, 'TypeError');
    expectThrowName(() => session.updateRenderState({ layers: [forged] } as never), 'TypeError');
    // A quad layer's getter on a projection layer, and the other way round.
    const widthGetter = Object.getOwnPropertyDescriptor(XRQuadLayer.prototype, 'width')!.get!;
    expectThrowName(() => widthGetter.call(projection), 'TypeError');
    const texW = Object.getOwnPropertyDescriptor(XRProjectionLayer.prototype, 'textureWidth')!.get!;
    expectThrowName(() => texW.call(quad), 'TypeError');
    // The statics xrgate uses internally are not on the interface objects.
    expect(Object.getOwnPropertyNames(XRCompositionLayer)).not.toContain('recordOf');
    // (Node's EventTarget keeps its own symbols; none of them is xrgate's, and there are no own names.)
    expect(Object.getOwnPropertyNames(quad)).toEqual([]);
    expect(Object.getOwnPropertySymbols(quad).map(String).join()).not.toMatch(/xrgate|record|layer/i);
    // A forged binding.
    const create = XRWebGLBinding.prototype.createQuadLayer;
    expectThrowName(() => create.call({}, { space, viewPixelWidth: 8, viewPixelHeight: 8 }), 'TypeError');
    await session.end();
  });

  it('patched iteration and Set.prototype.has do not let a duplicate or foreign layer through [R-LAYER-04, R-LAYER-02]', async () => {
    const { session, binding, space } = await setup();
    const other = await setup();
    const quad = binding.createQuadLayer({ space, viewPixelWidth: 8, viewPixelHeight: 8 });
    const foreign = other.binding.createQuadLayer({
      space: other.space,
      viewPixelWidth: 8,
      viewPixelHeight: 8,
    });
    let hasCalls = 0;
    patch(Set.prototype, 'has', () => {
      hasCalls++;
      return false;
    });
    expectThrowName(() => session.updateRenderState({ layers: [quad, quad] } as never), 'TypeError');
    expectThrowName(() => session.updateRenderState({ layers: [foreign] } as never), 'TypeError');
    // An iterable that hands out different entries each time it is iterated: converted once.
    let round = 0;
    const sneaky = {
      [Symbol.iterator]() {
        round++;
        const list = round === 1 ? [quad] : [foreign];
        let i = 0;
        return {
          next: () =>
            i < list.length ? { value: list[i++], done: false } : { value: undefined, done: true },
        };
      },
    };
    session.updateRenderState({ layers: sneaky } as never);
    expect(round).toBe(1);
    await inFrame(session, () => {
      expect(session.renderState.layers).toEqual([quad]);
    });
    expect(hasCalls).toBe(0);
    await other.session.end();
    await session.end();
  });

  it('textures kept past their frame give nothing: the next call outside a frame is refused [R-LAYER-03]', async () => {
    const { session, binding, space } = await setup();
    const quad = binding.createQuadLayer({ space, viewPixelWidth: 8, viewPixelHeight: 8 });
    session.updateRenderState({ layers: [quad] } as never);
    const frame = await inFrame(session, (f) => {
      expect(binding.getSubImage(quad, f)).toBeInstanceOf(XRWebGLSubImage);
      return f;
    });
    expectThrowName(() => binding.getSubImage(quad, frame), 'InvalidStateError');
    // A frame of another session, inside that session's frame, for this session's layer.
    const other = await setup();
    other.session.updateRenderState({ layers: [other.binding.createProjectionLayer()] } as never);
    await inFrame(other.session, (f) => {
      expectThrowName(() => binding.getSubImage(quad, f), 'InvalidStateError');
    });
    await other.session.end();
    await session.end();
  });
});
