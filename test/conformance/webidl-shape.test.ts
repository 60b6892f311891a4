// §1 Exposure and the WebIDL shape of the interfaces: accessors on prototypes with brand checks,
// illegal constructors, [SameObject], XRRigidTransform validation, secure-context exposure
// (R-EXPO-01/02/03, STYLE practice 1, §5.2 rows for XRRigidTransform).

import { describe, expect, it } from 'vitest';
import {
  XRBoundedReferenceSpace,
  XRFrame,
  XRInputSource,
  XRInputSourceArray,
  XRLayer,
  XRPermissionStatus,
  XRPose,
  XRReferenceSpace,
  XRRenderState,
  XRRigidTransform,
  XRSession,
  XRSpace,
  XRSystem,
  XRView,
  XRViewerPose,
  XRViewport,
  XRWebGLLayer,
} from '../../src/index.js';
import { createUserAgent } from '../../src/user-agent.js';
import {
  expectRejectName,
  expectThrowName,
  inFrame,
  initialInputs,
  makeUA,
  requestImmersive,
} from './helpers.js';

/** [interface, readonly attributes, writable attributes] as in the spec's IDL. */
const attributeTable: [{ prototype: object; name: string }, string[], string[]][] = [
  [
    XRSession,
    [
      'environmentBlendMode',
      'interactionMode',
      'preferredReflectionFormat',
      'visibilityState',
      'frameRate',
      'supportedFrameRates',
      'renderState',
      'inputSources',
      'trackedSources',
      'enabledFeatures',
      'isSystemKeyboardSupported',
    ],
    [
      'onend',
      'oninputsourceschange',
      'onselect',
      'onselectstart',
      'onselectend',
      'onsqueeze',
      'onsqueezestart',
      'onsqueezeend',
      'onvisibilitychange',
      'onframeratechange',
    ],
  ],
  [XRSystem, [], ['ondevicechange', 'onsessiongranted']],
  [XRFrame, ['session', 'predictedDisplayTime'], []],
  [XRReferenceSpace, [], ['onreset']],
  [XRBoundedReferenceSpace, ['boundsGeometry'], []],
  [XRRigidTransform, ['position', 'orientation', 'matrix', 'inverse'], []],
  [XRPose, ['transform', 'linearVelocity', 'angularVelocity', 'emulatedPosition'], []],
  [XRViewerPose, ['views'], []],
  [XRView, ['eye', 'index', 'projectionMatrix', 'transform', 'recommendedViewportScale'], []],
  [XRViewport, ['x', 'y', 'width', 'height'], []],
  [
    XRInputSource,
    ['handedness', 'targetRayMode', 'targetRaySpace', 'gripSpace', 'profiles', 'skipRendering', 'gamepad'],
    [],
  ],
  [XRInputSourceArray, ['length'], []],
  [
    XRRenderState,
    ['depthNear', 'depthFar', 'passthroughFullyObscured', 'inlineVerticalFieldOfView', 'baseLayer'],
    [],
  ],
  [
    XRWebGLLayer,
    ['antialias', 'ignoreDepthValues', 'framebuffer', 'framebufferWidth', 'framebufferHeight'],
    ['fixedFoveation'],
  ],
  [XRPermissionStatus, ['name', 'state'], ['granted', 'onchange']],
];

describe('§1 exposure (R-EXPO-01/02)', () => {
  it('R-EXPO-01: an insecure document has no navigator.xr', () => {
    const ua = createUserAgent({ url: 'http://insecure.example/' });
    expect(ua.xr).toBeUndefined();
    expect(ua.navigator.xr).toBeUndefined();
  });

  it("R-EXPO-01: in an insecure context 'xr' in navigator is false", () => {
    const ua = createUserAgent({ url: 'http://insecure.example/' });
    expect('xr' in ua.navigator).toBe(false);
  });

  it('R-EXPO-01: http://localhost and http://127.0.0.1 are secure contexts; https is too', async () => {
    for (const url of ['http://localhost/', 'http://127.0.0.1:8080/', 'https://app.example/']) {
      const ua = createUserAgent({ url });
      expect(ua.xr).toBeInstanceOf(XRSystem);
      expect('xr' in ua.navigator).toBe(true);
      await expect(ua.xr!.isSessionSupported('inline')).resolves.toBe(true);
    }
  });

  it('R-EXPO-02: navigator.xr is [SameObject]; each document gets its own XRSystem', () => {
    const ua = makeUA();
    expect(ua.navigator.xr).toBe(ua.navigator.xr);
    expect(ua.xr).toBe(ua.navigator.xr);
    const other = ua.openDocument();
    expect(other.navigator.xr).toBeInstanceOf(XRSystem);
    expect(other.navigator.xr).not.toBe(ua.xr);
  });

  it('R-EXPO-17: secureContext:false overrides an https URL', () => {
    const ua = createUserAgent({ url: 'https://app.example/', secureContext: false });
    expect(ua.xr).toBeUndefined();
  });
});

describe('§1 WebIDL shape (R-EXPO-03, STYLE practice 1)', () => {
  it('attributes are enumerable, configurable accessors on the prototype, not own properties', () => {
    for (const [iface, readonly, writable] of attributeTable) {
      for (const name of [...readonly, ...writable]) {
        const d = Object.getOwnPropertyDescriptor(iface.prototype, name);
        expect(d, `${iface.name}.${name}`).toBeDefined();
        expect(typeof d?.get, `${iface.name}.${name} getter`).toBe('function');
        expect(d?.enumerable, `${iface.name}.${name} enumerable`).toBe(true);
        expect(d?.configurable, `${iface.name}.${name} configurable`).toBe(true);
        if (readonly.includes(name)) expect(d?.set, `${iface.name}.${name} is readonly`).toBeUndefined();
        else expect(typeof d?.set, `${iface.name}.${name} setter`).toBe('function');
      }
    }
  });

  it('calling an attribute getter with a wrong `this` throws TypeError', () => {
    for (const [iface, readonly, writable] of attributeTable) {
      for (const name of [...readonly, ...writable]) {
        const get = Object.getOwnPropertyDescriptor(iface.prototype, name)!.get!;
        for (const wrong of [{}, Object.create(iface.prototype), null, undefined]) {
          expectThrowName(() => get.call(wrong), 'TypeError');
        }
      }
    }
  });

  it('instances carry no own state: their attributes live on the prototype', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    expect(Object.getOwnPropertyNames(s)).toEqual([]);
    // Node's own EventTarget bookkeeping symbols are allowed; xrgate adds none.
    const plain = Object.getOwnPropertySymbols(new EventTarget()).map((x) => x.description);
    expect(Object.getOwnPropertySymbols(s).map((x) => x.description)).toEqual(plain);
    const t = new XRRigidTransform({ x: 1 });
    expect(Object.getOwnPropertyNames(t)).toEqual([]);
    expect(Object.getOwnPropertySymbols(t)).toEqual([]);
    await s.end();
  });

  it('interfaces that have no constructor throw TypeError on new', () => {
    const ctors: (new (...a: unknown[]) => unknown)[] = [
      XRSession,
      XRFrame,
      XRSystem,
      XRSpace,
      XRReferenceSpace,
      XRBoundedReferenceSpace,
      XRPose,
      XRViewerPose,
      XRView,
      XRViewport,
      XRInputSource,
      XRInputSourceArray,
      XRRenderState,
      XRLayer,
      XRPermissionStatus,
    ] as unknown as (new (
      ...a: unknown[]
    ) => unknown)[];
    for (const C of ctors) {
      expectThrowName(() => new C(), 'TypeError');
      expectThrowName(() => new C(Symbol('xrgate.internal')), 'TypeError');
    }
  });

  it('XRWebGLLayer needs a session and a context (TypeError)', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    expectThrowName(() => new (XRWebGLLayer as unknown as new () => unknown)(), 'TypeError');
    expectThrowName(() => new XRWebGLLayer({}, {}), 'TypeError');
    expectThrowName(() => new XRWebGLLayer(s, null as unknown as object), 'TypeError');
    expectThrowName(() => XRWebGLLayer.getNativeFramebufferScaleFactor({}), 'TypeError');
    await s.end();
  });

  it('methods brand-check `this`: promise-returning ones reject TypeError, others throw', async () => {
    const ua = makeUA();
    await expectRejectName(XRSystem.prototype.requestSession.call({}, 'inline'), 'TypeError');
    await expectRejectName(XRSystem.prototype.isSessionSupported.call({}, 'inline'), 'TypeError');
    await expectRejectName(XRSession.prototype.end.call({}), 'TypeError');
    await expectRejectName(XRSession.prototype.requestReferenceSpace.call({}, 'viewer'), 'TypeError');
    await expectRejectName(XRSession.prototype.updateTargetFrameRate.call({}, 90), 'TypeError');
    expectThrowName(() => XRSession.prototype.requestAnimationFrame.call({}, () => {}), 'TypeError');
    expectThrowName(() => XRSession.prototype.updateRenderState.call({}, {}), 'TypeError');
    expectThrowName(() => XRFrame.prototype.getViewerPose.call({}, {} as never), 'TypeError');
    const s = await requestImmersive(ua);
    expectThrowName(() => s.requestAnimationFrame('not a function' as never), 'TypeError');
    expectThrowName(() => (s.requestAnimationFrame as unknown as () => number).call(s), 'TypeError');
    await s.end();
  });

  it('Symbol.toStringTag names the interface', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    const local = await s.requestReferenceSpace('local');
    expect(Object.prototype.toString.call(s)).toBe('[object XRSession]');
    expect(Object.prototype.toString.call(ua.xr)).toBe('[object XRSystem]');
    expect(Object.prototype.toString.call(local)).toBe('[object XRReferenceSpace]');
    expect(Object.prototype.toString.call(new XRRigidTransform())).toBe('[object XRRigidTransform]');
    await s.end();
  });

  it('[SameObject] attributes return the identical object', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    expect(s.inputSources).toBe(s.inputSources);
    expect(s.trackedSources).toBe(s.trackedSources);
    await initialInputs(s);
    const src = [...(s.inputSources as unknown as Iterable<XRInputSource>)][0]!;
    expect(src.targetRaySpace).toBe(src.targetRaySpace);
    expect(src.gripSpace).toBe(src.gripSpace);
    expect(src.profiles).toBe(src.profiles);
    const local = await s.requestReferenceSpace('local');
    await inFrame(s, (f) => {
      expect(f.session).toBe(s);
      const vp = f.getViewerPose(local)!;
      expect(vp.transform).toBe(vp.transform);
      expect(vp.views).toBe(vp.views);
      expect(vp.views[0]!.transform).toBe(vp.views[0]!.transform);
    });
    await s.end();
  });
});

describe('§5.2 XRRigidTransform', () => {
  it('new XRRigidTransform({x:1,y:2,z:3}) has position, matrix, inverse and [SameObject] members', () => {
    const t = new XRRigidTransform({ x: 1, y: 2, z: 3 });
    expect([t.position.x, t.position.y, t.position.z, t.position.w]).toEqual([1, 2, 3, 1]);
    expect([t.orientation.x, t.orientation.y, t.orientation.z, t.orientation.w]).toEqual([0, 0, 0, 1]);
    expect(t.position).toBe(t.position);
    expect(t.orientation).toBe(t.orientation);
    expect(t.inverse).toBe(t.inverse);
    expect(t.inverse.inverse).toBe(t);
    const m = t.matrix;
    expect(m).toBeInstanceOf(Float32Array);
    expect(m).toHaveLength(16);
    expect([...m]).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 2, 3, 1]);
    const inv = t.inverse.position;
    expect([inv.x, inv.y, inv.z, inv.w]).toEqual([-1, -2, -3, 1]);
  });

  it('the default transform is identity; the orientation is normalized', () => {
    const id = new XRRigidTransform();
    expect([...id.matrix]).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    const t = new XRRigidTransform({}, { x: 0, y: 0, z: 0, w: 2 });
    expect(t.orientation.w).toBe(1);
    const q = new XRRigidTransform({}, { x: 1, y: 1, z: 1, w: 1 });
    expect(q.orientation.x).toBeCloseTo(0.5, 12);
    expect(q.orientation.w).toBeCloseTo(0.5, 12);
  });

  it('position.w ≠ 1 throws TypeError', () => {
    expectThrowName(() => new XRRigidTransform({ x: 0, y: 0, z: 0, w: 0.5 }), 'TypeError');
    expectThrowName(() => new XRRigidTransform({ w: 0 }), 'TypeError');
  });

  it('NaN or ±Infinity anywhere throws TypeError', () => {
    expectThrowName(() => new XRRigidTransform({ x: Number.NaN }), 'TypeError');
    expectThrowName(() => new XRRigidTransform({ z: Number.POSITIVE_INFINITY }), 'TypeError');
    expectThrowName(() => new XRRigidTransform({}, { y: Number.NaN }), 'TypeError');
    expectThrowName(() => new XRRigidTransform({}, { w: Number.NEGATIVE_INFINITY }), 'TypeError');
  });

  it('a zero-length orientation throws InvalidStateError', () => {
    expectThrowName(() => new XRRigidTransform({}, { x: 0, y: 0, z: 0, w: 0 }), 'InvalidStateError');
  });

  it('a non-object argument throws TypeError', () => {
    expectThrowName(() => new XRRigidTransform(5 as unknown as DOMPointInit), 'TypeError');
    expectThrowName(() => new XRRigidTransform({}, 'x' as unknown as DOMPointInit), 'TypeError');
  });
});
