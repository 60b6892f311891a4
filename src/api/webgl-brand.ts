// WebGL brand checks made at load: is a value a real WebGL 1 or WebGL 2 context of this realm?
// (XRWebGLLayer's context argument, the opaque framebuffer's WebGL 2 paths.)

import { ObjectGetOwnPropertyDescriptor, ReflectApply } from '../primordials.js';
import { ObjectPrototypeIsPrototypeOf } from './webidl.js';

type GLInterface = abstract new () => object;
const glGlobals = globalThis as {
  WebGLRenderingContext?: GLInterface;
  WebGL2RenderingContext?: GLInterface;
};

/**
 * A brand check for one WebGL interface, made at load (null where the host has none): the object
 * has the interface's prototype on its chain (what instanceof asks) and the interface's own
 * drawingBufferWidth getter accepts it (only a real context of that interface passes). Not
 * instanceof: a page can answer that with its own Symbol.hasInstance, or replace the global.
 */
function glBrand(ctor: GLInterface | undefined): ((v: unknown) => boolean) | null {
  if (typeof ctor !== 'function') return null;
  const proto: unknown = ctor.prototype;
  if (typeof proto !== 'object' || proto === null) return null;
  const get = ObjectGetOwnPropertyDescriptor(proto, 'drawingBufferWidth')?.get;
  if (typeof get !== 'function') return null;
  return (v) => {
    if (typeof v !== 'object' || v === null || !ObjectPrototypeIsPrototypeOf(proto, v)) return false;
    try {
      ReflectApply(get, v, []);
      return true;
    } catch {
      return false;
    }
  };
}
/** WebGL 1 and 2 brand checks, from the interfaces as they were when xrgate loaded. */
export const isWebGL1AtLoad = glBrand(glGlobals.WebGLRenderingContext);
export const isWebGL2AtLoad = glBrand(glGlobals.WebGL2RenderingContext);
