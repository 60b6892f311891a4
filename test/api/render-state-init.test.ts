// updateRenderState's XRRenderStateInit conversion (spec #dom-xrsession-updaterenderstate; WebIDL
// dictionary conversion): `XRWebGLLayer? baseLayer` takes null or an XRWebGLLayer, and anything
// else is a TypeError at conversion, before the method's steps (which throw InvalidStateError for a
// layer of another session or an ended session). R-LIFE-07.

import { describe, expect, it } from 'vitest';
import { XRWebGLLayer } from '../../src/api/XRWebGLLayer.js';
import { expectThrowName, makeUA, requestImmersive } from '../conformance/helpers.js';

describe('updateRenderState({ baseLayer })', () => {
  it.each([
    ['a number', 5],
    ['a string', 'layer'],
    ['a plain object', {}],
    ['an object with an XRWebGLLayer prototype', Object.create(XRWebGLLayer.prototype)],
    ['a function', () => {}],
    ['true', true],
  ])('baseLayer: %s is a TypeError (not an XRWebGLLayer)', async (_what, value) => {
    const s = await requestImmersive(makeUA());
    const e = expectThrowName(() => s.updateRenderState({ baseLayer: value as never }), 'TypeError');
    expect((e as Error).message).toContain("not of type 'XRWebGLLayer'");
    // Nothing was applied: the render state keeps its (absent) layer.
    expect(s.renderState.baseLayer).toBeNull();
    await s.end();
  });

  it('conversion comes before the steps: an ended session given baseLayer: 5 throws TypeError', async () => {
    const s = await requestImmersive(makeUA());
    await s.end();
    expectThrowName(() => s.updateRenderState({ baseLayer: 5 as never }), 'TypeError');
    // A valid init on the ended session is the steps' InvalidStateError.
    expectThrowName(() => s.updateRenderState({ baseLayer: null }), 'InvalidStateError');
  });

  it('an XRWebGLLayer of this session and null are accepted; a layer of another session is InvalidStateError', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    const layer = new XRWebGLLayer(s, {});
    expect(() => s.updateRenderState({ baseLayer: layer })).not.toThrow();
    expect(() => s.updateRenderState({ baseLayer: null })).not.toThrow();
    expect(() => s.updateRenderState({ baseLayer: undefined })).not.toThrow();
    await s.end();
    const other = await requestImmersive(ua);
    expectThrowName(() => other.updateRenderState({ baseLayer: layer }), 'InvalidStateError');
    await other.end();
  });
});
