// The opaque framebuffer's rules (spec #opaque-framebuffer), enforced on the page's WebGL: xrgate
// wraps a few methods of WebGLRenderingContext.prototype and WebGL2RenderingContext.prototype.
// For a context without an opaque framebuffer every wrapper calls the original at once. For one
// with an opaque framebuffer bound:
// - outside the session's XR animation frames it is incomplete: checkFramebufferStatus answers
//   FRAMEBUFFER_UNSUPPORTED, and clear, draw*, clearBuffer*, readPixels, copyTex(Sub)Image* and
//   blitFramebuffer do nothing but record INVALID_FRAMEBUFFER_OPERATION;
// - its attachments can be neither read (getFramebufferAttachmentParameter) nor changed
//   (framebufferTexture2D, framebufferRenderbuffer, framebufferTextureLayer): INVALID_OPERATION;
// - deleteFramebuffer on it records INVALID_OPERATION and deletes nothing.
// A recorded error is what the next getError() returns (WebGL keeps one flag per error code; the
// page sees xrgate's first, then the context's own).

import { contextsWithOpaqueTextures, opaqueTextures } from '../api/layers/textures.js';
import {
  contextsWithOpaqueFramebuffers,
  GLC,
  type OpaqueFramebuffer,
  opaqueFramebuffers,
  opaqueHooks,
} from '../api/opaque-framebuffer.js';
import {
  ArrayPrototypeFilter,
  ArrayPrototypeIncludes,
  ArrayPrototypeMap,
  ArrayPrototypePush,
  ArrayPrototypeReverse,
  ArrayPrototypeShift,
  Number,
  ObjectDefineProperty,
  ObjectGetOwnPropertyDescriptor,
  ObjectGetPrototypeOf,
  ObjectHasOwn,
  ObjectSetPrototypeOf,
  ReflectApply,
  SafeMap,
  SafeWeakMap,
  uncurryThis,
  WeakMapPrototypeGet,
  WeakSetPrototypeHas,
} from '../primordials.js';

interface Bound {
  draw: object | null;
  read: object | null;
}

type Fn = (this: object, ...args: unknown[]) => unknown;

const bound = new SafeWeakMap<object, Bound>();
const pendingErrors = new SafeWeakMap<object, number[]>();

/** The methods of WebGL(2)RenderingContext.prototype xrgate wraps or calls. */
const METHOD_NAMES = [
  'getParameter',
  'bindFramebuffer',
  'getError',
  'deleteFramebuffer',
  'checkFramebufferStatus',
  'framebufferTexture2D',
  'framebufferRenderbuffer',
  'framebufferTextureLayer',
  'getFramebufferAttachmentParameter',
  'clear',
  'drawArrays',
  'drawElements',
  'drawArraysInstanced',
  'drawElementsInstanced',
  'drawRangeElements',
  'clearBufferfv',
  'clearBufferiv',
  'clearBufferuiv',
  'clearBufferfi',
  'readPixels',
  'copyTexImage2D',
  'copyTexSubImage2D',
  'copyTexSubImage3D',
  'blitFramebuffer',
];

/**
 * Those methods of this realm's WebGL prototypes as they were when xrgate loaded (none in Node):
 * the wrappers and readBinding call these, not what a page later put on the prototype.
 */
const loadTimeMethods = new SafeMap<object, SafeMap<string, Fn>>();
for (const proto of [
  globalThis.WebGLRenderingContext?.prototype,
  globalThis.WebGL2RenderingContext?.prototype,
] as (object | undefined)[]) {
  if (!proto) continue;
  const methods = new SafeMap<string, Fn>();
  for (const name of METHOD_NAMES) {
    const desc = Object.getOwnPropertyDescriptor(proto, name);
    if (desc && typeof desc.value === 'function') methods.set(name, desc.value as Fn);
  }
  loadTimeMethods.set(proto, methods);
}

function record(gl: object, error: number): void {
  const list = pendingErrors.get(gl);
  if (!list) pendingErrors.set(gl, [error]);
  else if (!ArrayPrototypeIncludes(list, error)) ArrayPrototypePush(list, error);
}

/** The opaque framebuffer bound for drawing or reading in `gl`, if any. */
function boundOpaque(gl: object, which: 'draw' | 'read'): OpaqueFramebuffer | undefined {
  const b = bound.get(gl);
  const fb = b ? b[which] : null;
  return fb ? WeakMapPrototypeGet(opaqueFramebuffers, fb) : undefined;
}

/**
 * The opaque framebuffer bound to a framebuffer `target` the page passed, if any. A target the
 * context does not know (READ_/DRAW_FRAMEBUFFER in WebGL 1, any other number) is left to the
 * original method, which records its INVALID_ENUM.
 */
function opaqueAtTarget(gl: object, target: unknown, webgl2: boolean): OpaqueFramebuffer | undefined {
  const t = Number(target);
  if (t === GLC.FRAMEBUFFER || (webgl2 && t === GLC.DRAW_FRAMEBUFFER)) return boundOpaque(gl, 'draw');
  if (webgl2 && t === GLC.READ_FRAMEBUFFER) return boundOpaque(gl, 'read');
  return undefined;
}

/** The texture bound to `target` (a 2D, array, 3D or cube-map face target) on `gl`, or null. */
function textureBoundAt(
  gl: object,
  getParameter: (gl: object, p: number) => unknown,
  target: unknown,
): object | null {
  const t = Number(target);
  const binding =
    t === 0x0de1
      ? 0x8069 // TEXTURE_2D → TEXTURE_BINDING_2D
      : t === 0x8c1a
        ? 0x8c1d // TEXTURE_2D_ARRAY
        : t === 0x806f
          ? 0x806a // TEXTURE_3D
          : t === 0x8513 || (t >= 0x8515 && t <= 0x851a)
            ? 0x8514 // TEXTURE_CUBE_MAP and its faces
            : 0;
  if (binding === 0) return null;
  return getParameter(gl, binding) as object | null;
}

/** Installs the wrappers on the prototypes of `win` (once). Returns an uninstall function. */
export function installOpaqueFramebufferRules(win: Record<string, unknown>): () => void {
  const restores: (() => void)[] = [];
  const protos = ArrayPrototypeFilter(
    ArrayPrototypeMap(
      ['WebGLRenderingContext', 'WebGL2RenderingContext'],
      (name) => (win[name] as { prototype?: Record<string, unknown> } | undefined)?.prototype,
    ),
    (p): p is Record<string, unknown> => !!p,
  );
  const readBindingOf = new SafeWeakMap<object, (gl: object) => Bound>();

  const wrap = (proto: Record<string, unknown>, name: string, make: (original: Fn) => Fn): void => {
    const desc = ObjectGetOwnPropertyDescriptor(proto, name);
    if (!desc || typeof desc.value !== 'function') return;
    // Read by defineProperty when restored: a null prototype, so Object.prototype adds nothing.
    ObjectSetPrototypeOf(desc, null);
    const captured = loadTimeMethods.get(proto);
    const original = (captured ? captured.get(name) : undefined) ?? (desc.value as Fn);
    const wrapped = make(original);
    // The page sees the native method's name and arity.
    ObjectDefineProperty(wrapped, 'name', { __proto__: null, value: name } as PropertyDescriptor);
    ObjectDefineProperty(wrapped, 'length', {
      __proto__: null,
      value: original.length,
    } as PropertyDescriptor);
    ObjectDefineProperty(proto, name, { __proto__: null, ...desc, value: wrapped } as PropertyDescriptor);
    ArrayPrototypePush(restores, () => ObjectDefineProperty(proto, name, desc));
  };

  for (let p = 0; p < protos.length; p++) {
    const proto = protos[p]!;
    const captured = loadTimeMethods.get(proto);
    const getParameter = uncurryThis(
      (captured ? captured.get('getParameter') : undefined) ?? (proto.getParameter as Fn),
    );
    // WebGL 1 has one framebuffer binding (asking for READ_FRAMEBUFFER_BINDING would record
    // INVALID_ENUM on the page's context); WebGL 2 has a draw and a read binding (its constants
    // are own properties of WebGL2RenderingContext.prototype).
    const webgl2 = ObjectHasOwn(proto, 'READ_FRAMEBUFFER_BINDING');
    const readBinding = (gl: object): Bound => {
      const draw = getParameter(gl, GLC.FRAMEBUFFER_BINDING) as object | null;
      const read = webgl2 ? (getParameter(gl, GLC.READ_FRAMEBUFFER_BINDING) as object | null) : draw;
      return { draw, read };
    };
    readBindingOf.set(proto, readBinding);

    wrap(
      proto,
      'bindFramebuffer',
      (original) =>
        function (this: object, ...args: unknown[]) {
          const result = ReflectApply(original, this, args);
          if (WeakSetPrototypeHas(contextsWithOpaqueFramebuffers, this)) bound.set(this, readBinding(this));
          return result;
        },
    );
    wrap(
      proto,
      'getError',
      (original) =>
        function (this: object, ...args: unknown[]) {
          const list = pendingErrors.get(this);
          if (list && list.length > 0) return ArrayPrototypeShift(list);
          return ReflectApply(original, this, args);
        },
    );
    wrap(
      proto,
      'deleteFramebuffer',
      (original) =>
        function (this: object, ...args: unknown[]) {
          const fb = args[0];
          if (
            typeof fb === 'object' &&
            fb !== null &&
            WeakMapPrototypeGet(opaqueFramebuffers, fb)?.gl === this
          ) {
            record(this, GLC.INVALID_OPERATION);
            return undefined;
          }
          return ReflectApply(original, this, args);
        },
    );
    // spec(layers): #xrwebglsubimagetype — a layer's opaque texture cannot be deleted, nor its size
    // or format changed: INVALID_OPERATION, and nothing happens (R-LAYER-09).
    wrap(
      proto,
      'deleteTexture',
      (original) =>
        function (this: object, ...args: unknown[]) {
          const t = args[0];
          if (typeof t === 'object' && t !== null && WeakMapPrototypeGet(opaqueTextures, t) === this) {
            record(this, GLC.INVALID_OPERATION);
            return undefined;
          }
          return ReflectApply(original, this, args);
        },
    );
    const respecify = [
      'texImage2D',
      'texImage3D',
      'texStorage2D',
      'texStorage3D',
      'copyTexImage2D',
      'compressedTexImage2D',
      'compressedTexImage3D',
    ];
    for (let r = 0; r < respecify.length; r++) {
      wrap(
        proto,
        respecify[r]!,
        (original) =>
          function (this: object, ...args: unknown[]) {
            if (WeakSetPrototypeHas(contextsWithOpaqueTextures, this)) {
              const bound = textureBoundAt(this, getParameter, args[0]);
              if (bound !== null && WeakMapPrototypeGet(opaqueTextures, bound) === this) {
                record(this, GLC.INVALID_OPERATION);
                return undefined;
              }
            }
            return ReflectApply(original, this, args);
          },
      );
    }
    wrap(
      proto,
      'checkFramebufferStatus',
      (original) =>
        function (this: object, ...args: unknown[]) {
          const entry = WeakSetPrototypeHas(contextsWithOpaqueFramebuffers, this)
            ? opaqueAtTarget(this, args[0], webgl2)
            : undefined;
          if (entry && !entry.drawable) return GLC.FRAMEBUFFER_UNSUPPORTED;
          return ReflectApply(original, this, args);
        },
    );
    // The attachments of an opaque framebuffer: neither changed nor read (INVALID_OPERATION; the
    // read returns null). Argument 0 is the framebuffer target.
    const attachmentCalls: [string, unknown][] = [
      ['framebufferTexture2D', undefined],
      ['framebufferRenderbuffer', undefined],
      ['framebufferTextureLayer', undefined],
      ['getFramebufferAttachmentParameter', null],
    ];
    for (let c = 0; c < attachmentCalls.length; c++) {
      const name = attachmentCalls[c]![0];
      const refused = attachmentCalls[c]![1];
      wrap(
        proto,
        name,
        (original) =>
          function (this: object, ...args: unknown[]) {
            if (
              WeakSetPrototypeHas(contextsWithOpaqueFramebuffers, this) &&
              opaqueAtTarget(this, args[0], webgl2)
            ) {
              record(this, GLC.INVALID_OPERATION);
              return refused;
            }
            return ReflectApply(original, this, args);
          },
      );
    }
    // Draws into the draw framebuffer; readPixels reads the read framebuffer.
    // What draws into the draw framebuffer, reads the read framebuffer, or both (blit): outside
    // the session's frames each does nothing but record INVALID_FRAMEBUFFER_OPERATION when an
    // opaque framebuffer is bound there ("clear, draw to, or read from"). (Draws through extension
    // objects — ANGLE_instanced_arrays, WEBGL_multi_draw — are not intercepted.)
    const uses: [string, readonly ('draw' | 'read')[]][] = [
      ['clear', ['draw']],
      ['drawArrays', ['draw']],
      ['drawElements', ['draw']],
      ['drawArraysInstanced', ['draw']],
      ['drawElementsInstanced', ['draw']],
      ['drawRangeElements', ['draw']],
      ['clearBufferfv', ['draw']],
      ['clearBufferiv', ['draw']],
      ['clearBufferuiv', ['draw']],
      ['clearBufferfi', ['draw']],
      ['readPixels', ['read']],
      ['copyTexImage2D', ['read']],
      ['copyTexSubImage2D', ['read']],
      ['copyTexSubImage3D', ['read']],
      ['blitFramebuffer', ['read', 'draw']],
    ];
    for (let u = 0; u < uses.length; u++) {
      const name = uses[u]![0];
      const which = uses[u]![1];
      wrap(
        proto,
        name,
        (original) =>
          function (this: object, ...args: unknown[]) {
            if (WeakSetPrototypeHas(contextsWithOpaqueFramebuffers, this)) {
              for (let k = 0; k < which.length; k++) {
                const entry = boundOpaque(this, which[k]!);
                if (entry && !entry.drawable) {
                  record(this, GLC.INVALID_FRAMEBUFFER_OPERATION);
                  return undefined;
                }
              }
            }
            return ReflectApply(original, this, args);
          },
      );
    }
  }

  opaqueHooks.track = (gl) => {
    const readBinding = readBindingOf.get(ObjectGetPrototypeOf(gl) as object);
    if (readBinding) bound.set(gl, readBinding(gl));
  };
  return () => {
    opaqueHooks.track = null;
    ArrayPrototypeReverse(restores);
    for (let i = 0; i < restores.length; i++) restores[i]!();
  };
}
