// The opaque framebuffer's rules (spec #opaque-framebuffer), enforced on the page's WebGL: xrgate
// wraps a few methods of WebGLRenderingContext.prototype and WebGL2RenderingContext.prototype.
// For a context without an opaque framebuffer every wrapper calls the original at once. For one
// with an opaque framebuffer bound:
// - outside the session's XR animation frames it is incomplete: checkFramebufferStatus answers
//   FRAMEBUFFER_UNSUPPORTED, and clear, draw* and readPixels do nothing but record
//   INVALID_FRAMEBUFFER_OPERATION;
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

/** The opaque framebuffer bound to `target` of `gl`, if any. */
function opaqueAt(gl: object, target: number): OpaqueFramebuffer | undefined {
  const b = bound.get(gl);
  if (!b) return undefined;
  const fb = target === GLC.READ_FRAMEBUFFER ? b.read : b.draw;
  return fb ? opaqueFramebuffers.get(fb) : undefined;
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
            ? opaqueAt(this, Number(args[0]))
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
            if (contextsWithOpaqueFramebuffers.has(this) && opaqueAt(this, Number(args[0]))) {
              record(this, GLC.INVALID_OPERATION);
              return refused;
            }
            return original.apply(this, args);
          },
      );
    }
    // Draws into the draw framebuffer; readPixels reads the read framebuffer.
    const drawing = [
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
    ];
    for (const name of [...drawing, 'readPixels']) {
      const target = name === 'readPixels' ? GLC.READ_FRAMEBUFFER : GLC.DRAW_FRAMEBUFFER;
      wrap(
        proto,
        name,
        (original) =>
          function (this: object, ...args: unknown[]) {
            if (contextsWithOpaqueFramebuffers.has(this)) {
              const entry = opaqueAt(this, target);
              if (entry && !entry.drawable) {
                record(this, GLC.INVALID_FRAMEBUFFER_OPERATION);
                return undefined;
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
