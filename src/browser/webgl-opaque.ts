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

import {
  contextsWithOpaqueFramebuffers,
  GLC,
  type OpaqueFramebuffer,
  opaqueFramebuffers,
  opaqueHooks,
} from '../api/opaque-framebuffer.js';

interface Bound {
  draw: object | null;
  read: object | null;
}

type Fn = (this: object, ...args: unknown[]) => unknown;

const bound = new WeakMap<object, Bound>();
const pendingErrors = new WeakMap<object, number[]>();

function record(gl: object, error: number): void {
  const list = pendingErrors.get(gl);
  if (!list) pendingErrors.set(gl, [error]);
  else if (!list.includes(error)) list.push(error);
}

/** The opaque framebuffer bound for drawing or reading in `gl`, if any. */
function boundOpaque(gl: object, which: 'draw' | 'read'): OpaqueFramebuffer | undefined {
  const b = bound.get(gl);
  const fb = b ? b[which] : null;
  return fb ? opaqueFramebuffers.get(fb) : undefined;
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

/** Installs the wrappers on the prototypes of `win` (once). Returns an uninstall function. */
export function installOpaqueFramebufferRules(win: Record<string, unknown>): () => void {
  const restores: (() => void)[] = [];
  const protos = ['WebGLRenderingContext', 'WebGL2RenderingContext']
    .map((name) => (win[name] as { prototype?: Record<string, unknown> } | undefined)?.prototype)
    .filter((p): p is Record<string, unknown> => !!p);
  const readBindingOf = new WeakMap<object, (gl: object) => Bound>();

  const wrap = (proto: Record<string, unknown>, name: string, make: (original: Fn) => Fn): void => {
    const desc = Object.getOwnPropertyDescriptor(proto, name);
    if (!desc || typeof desc.value !== 'function') return;
    const original = desc.value as Fn;
    const wrapped = make(original);
    // The page sees the native method's name and arity.
    Object.defineProperty(wrapped, 'name', { value: name });
    Object.defineProperty(wrapped, 'length', { value: original.length });
    Object.defineProperty(proto, name, { ...desc, value: wrapped });
    restores.push(() => Object.defineProperty(proto, name, desc));
  };

  for (const proto of protos) {
    const getParameter = proto.getParameter as Fn;
    // WebGL 1 has one framebuffer binding (asking for READ_FRAMEBUFFER_BINDING would record
    // INVALID_ENUM on the page's context); WebGL 2 has a draw and a read binding.
    const webgl2 = 'READ_FRAMEBUFFER_BINDING' in proto;
    const readBinding = (gl: object): Bound => {
      const draw = getParameter.call(gl, GLC.FRAMEBUFFER_BINDING) as object | null;
      const read = webgl2 ? (getParameter.call(gl, GLC.READ_FRAMEBUFFER_BINDING) as object | null) : draw;
      return { draw, read };
    };
    readBindingOf.set(proto, readBinding);

    wrap(
      proto,
      'bindFramebuffer',
      (original) =>
        function (this: object, ...args: unknown[]) {
          const result = original.apply(this, args);
          if (contextsWithOpaqueFramebuffers.has(this)) bound.set(this, readBinding(this));
          return result;
        },
    );
    wrap(
      proto,
      'getError',
      (original) =>
        function (this: object, ...args: unknown[]) {
          const list = pendingErrors.get(this);
          if (list && list.length > 0) return list.shift();
          return original.apply(this, args);
        },
    );
    wrap(
      proto,
      'deleteFramebuffer',
      (original) =>
        function (this: object, ...args: unknown[]) {
          const fb = args[0];
          if (typeof fb === 'object' && fb !== null && opaqueFramebuffers.get(fb)?.gl === this) {
            record(this, GLC.INVALID_OPERATION);
            return undefined;
          }
          return original.apply(this, args);
        },
    );
    wrap(
      proto,
      'checkFramebufferStatus',
      (original) =>
        function (this: object, ...args: unknown[]) {
          const entry = contextsWithOpaqueFramebuffers.has(this)
            ? opaqueAtTarget(this, args[0], webgl2)
            : undefined;
          if (entry && !entry.drawable) return GLC.FRAMEBUFFER_UNSUPPORTED;
          return original.apply(this, args);
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
    for (const [name, refused] of attachmentCalls) {
      wrap(
        proto,
        name,
        (original) =>
          function (this: object, ...args: unknown[]) {
            if (contextsWithOpaqueFramebuffers.has(this) && opaqueAtTarget(this, args[0], webgl2)) {
              record(this, GLC.INVALID_OPERATION);
              return refused;
            }
            return original.apply(this, args);
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
    for (const [name, which] of uses) {
      wrap(
        proto,
        name,
        (original) =>
          function (this: object, ...args: unknown[]) {
            if (contextsWithOpaqueFramebuffers.has(this)) {
              for (const w of which) {
                const entry = boundOpaque(this, w);
                if (entry && !entry.drawable) {
                  record(this, GLC.INVALID_FRAMEBUFFER_OPERATION);
                  return undefined;
                }
              }
            }
            return original.apply(this, args);
          },
      );
    }
  }

  opaqueHooks.track = (gl) => {
    const readBinding = readBindingOf.get(Object.getPrototypeOf(gl) as object);
    if (readBinding) bound.set(gl, readBinding(gl));
  };
  return () => {
    opaqueHooks.track = null;
    for (const restore of restores.reverse()) restore();
  };
}
