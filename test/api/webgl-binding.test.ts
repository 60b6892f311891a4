// XRWebGLBinding's constructor (spec(layers) #dom-xrwebglbinding-xrwebglbinding): the checks every
// module that extends the binding relies on. In Node any object stands for a WebGL context.

import { describe, expect, it } from 'vitest';
import { XRWebGLBinding } from '../../src/api/XRWebGLBinding.js';
import { expectThrowName, makeUA, requestImmersive } from '../conformance/helpers.js';

const gl = () => ({ isContextLost: () => false, getContextAttributes: () => ({ xrCompatible: true }) });

describe('XRWebGLBinding constructor', () => {
  it('needs an XRSession and a context', () => {
    expect(() => new (XRWebGLBinding as unknown as new () => object)()).toThrow(TypeError);
    expect(() => new XRWebGLBinding({}, gl())).toThrow(/not of type 'XRSession'/);
  });

  it('binds an immersive session to an XR compatible context', async () => {
    const ua = makeUA();
    const session = await requestImmersive(ua);
    const b = new XRWebGLBinding(session, gl());
    expect(Object.prototype.toString.call(b)).toBe('[object XRWebGLBinding]');
    // The internals are not reachable from the interface object.
    expect((XRWebGLBinding as unknown as Record<string, unknown>).sessionOf).toBeUndefined();
    expectThrowName(
      () => new XRWebGLBinding(session, { isContextLost: () => true, getContextAttributes: () => ({}) }),
      'InvalidStateError',
    );
    expectThrowName(
      () => new XRWebGLBinding(session, { isContextLost: () => false, getContextAttributes: () => ({}) }),
      'InvalidStateError',
    );
    await session.end();
    expectThrowName(() => new XRWebGLBinding(session, gl()), 'InvalidStateError');
  });

  it('refuses an inline session', async () => {
    const ua = makeUA();
    const session = await ua.xr.requestSession('inline');
    expectThrowName(() => new XRWebGLBinding(session, gl()), 'InvalidStateError');
  });
});
