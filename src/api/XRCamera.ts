// spec(camera): #xr-camera-section, #xr-view-section, #xr-web-gl-binding-section
// (immersive-web/raw-camera-access index.bs @ 2c5301d)
//
// partial interface XRView { [SameObject] readonly attribute XRCamera? camera; };
// [SecureContext, Exposed=Window] interface XRCamera {
//   readonly attribute unsigned long width; readonly attribute unsigned long height; };
// partial interface XRWebGLBinding { WebGLTexture? getCameraImage(XRCamera camera); };
//
// The image was let through on the user-agent side (src/agent/sensing.ts: 'camera-access'
// granted, the session visible); this side checks the calls (src/policy/camera-access.ts) and
// makes the frame's texture, which is deleted once the frame's callbacks have run (R-CAM-05).

import type { PageCamera } from '../agent/sensing.js';
import { cameraRequestIsAllowed } from '../policy/camera-access.js';
import { ReflectDeleteProperty, SafeWeakMap, TypeError } from '../primordials.js';
import { frameTexture } from './sensing/frame-textures.js';
import { type SensingSession, sensingSessionOfView } from './sensing/sensing-session.js';
import {
  errorFromDecision,
  INTERNAL,
  idlAttributes,
  illegalConstructor,
  illegalInvocation,
  toStringTag,
} from './webidl.js';

export class XRCamera {
  readonly #width: number;
  readonly #height: number;
  readonly #core: SensingSession;
  readonly #frameId: number;
  readonly #image: PageCamera;

  constructor(token?: unknown, core?: SensingSession, frameId?: number, image?: PageCamera) {
    illegalConstructor(token);
    this.#core = core as SensingSession;
    this.#frameId = frameId ?? 0;
    this.#image = image as PageCamera;
    this.#width = this.#image.width;
    this.#height = this.#image.height;
  }

  static is(v: unknown): v is XRCamera {
    return typeof v === 'object' && v !== null && #width in v;
  }

  /** @internal */
  static parts(c: XRCamera): { core: SensingSession; frameId: number; image: PageCamera } {
    return { core: c.#core, frameId: c.#frameId, image: c.#image };
  }

  get width(): number {
    if (!XRCameraInternals.is(this)) illegalInvocation();
    return this.#width;
  }

  get height(): number {
    if (!XRCameraInternals.is(this)) illegalInvocation();
    return this.#height;
  }
}

idlAttributes(XRCamera, ['width', 'height']);
toStringTag(XRCamera, 'XRCamera');

/** @internal xrgate's own access; the statics are removed from the page-visible interface object. */
export const XRCameraInternals = { is: XRCamera.is, parts: XRCamera.parts };
for (const key of ['is', 'parts']) ReflectDeleteProperty(XRCamera, key);

/** Each XRView's camera, once obtained ([SameObject]: the same XRCamera, or null, afterwards). */
const cameras = new SafeWeakMap<object, XRCamera | null>();

// spec(camera): #obtain-camera (XRView.camera's first access; later ones return the same answer)
export function cameraOfView(view: object, viewIndex: number, frameId: number): XRCamera | null {
  const known = cameras.get(view);
  if (known !== undefined) return known;
  const core = sensingSessionOfView(view);
  // Step 2: without 'camera-access' granted, null (R-CAM-01).
  if (core === undefined || !core.granted.has('camera-access')) {
    cameras.set(view, null);
    return null;
  }
  // Steps 3–5: only during the view's animation frame (R-CAM-04).
  const d = cameraRequestIsAllowed({
    action: 'XRView.camera',
    sameSession: true,
    frameActive: !core.ended && core.inAnimationFrame(frameId),
    animationFrame: true,
  });
  if (!d.allowed) throw errorFromDecision(d);
  // Steps 6–7: this frame's image for the view, as the user agent let it through (null while the
  // session is not visible, R-CAM-03).
  const image = core.animationFrameData(frameId)?.cameras?.[viewIndex] ?? null;
  const camera = image === null ? null : new XRCamera(INTERNAL, core, frameId, image);
  cameras.set(view, camera);
  return camera;
}

/** Each camera's texture on each binding (the spec allows this cache: same frame, same contents). */
const textures = new SafeWeakMap<object, SafeWeakMap<object, object | null>>();

// spec(camera): #obtain-camera-image
export function bindingCameraImage(
  self: object,
  binding: { session: object; context: object },
  camera: unknown,
): object | null {
  if (!XRCameraInternals.is(camera)) {
    throw new TypeError("getCameraImage: parameter 1 is not of type 'XRCamera'");
  }
  const { core, frameId, image } = XRCameraInternals.parts(camera);
  // Steps 1–6 (also when the answer is cached).
  const d = cameraRequestIsAllowed({
    action: 'XRWebGLBinding.getCameraImage()',
    sameSession: core.session === binding.session,
    frameActive: !core.ended && core.inAnimationFrame(frameId),
    animationFrame: true,
  });
  if (!d.allowed) throw errorFromDecision(d);
  let perBinding = textures.get(self);
  if (perBinding === undefined) {
    perBinding = new SafeWeakMap();
    textures.set(self, perBinding);
  }
  const cached = perBinding.get(camera);
  if (cached !== undefined) return cached;
  // Steps 7–10: a texture on the binding's context with the image (deleted after the frame, R-CAM-05).
  const texture = frameTexture(binding.context, {
    width: image.width,
    height: image.height,
    kind: 'rgba8',
    data: image.pixels,
  });
  perBinding.set(camera, texture);
  return texture;
}
