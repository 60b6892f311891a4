// The opaque framebuffer's GL bookkeeping (spec #opaque-framebuffer), on a stand-in WebGL context
// that records its state: creation and the per-frame clear leave every binding and state of the
// page's context as they were (WebGL 1 and 2), a lost context is left alone, and the end of the
// session deletes the framebuffer and its attachments. The real-browser behaviour is in
// test/browser/test-api.browser.test.ts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clearOpaque,
  createOpaqueFramebuffer,
  type GL,
  GLC,
  layerFramebuffers,
  opaqueFramebufferSupport,
  opaqueFramebuffers,
  releaseOpaqueFramebuffer,
  setOpaqueFrameActive,
} from '../../src/api/opaque-framebuffer.js';
import { opaqueSupport } from '../../src/api/opaque-support.js';
import { createUserAgent } from '../../src/user-agent.js';

class FakeGL implements GL {
  lost = false;
  calls: string[] = [];
  deleted: object[] = [];
  state = new Map<number, unknown>([
    [GLC.FRAMEBUFFER_BINDING, null],
    [GLC.RENDERBUFFER_BINDING, null],
    [GLC.TEXTURE_BINDING_2D, null],
    [GLC.COLOR_CLEAR_VALUE, new Float32Array([0.1, 0.2, 0.3, 0.4])],
    [GLC.DEPTH_CLEAR_VALUE, 0.5],
    [GLC.STENCIL_CLEAR_VALUE, 7],
    [GLC.COLOR_WRITEMASK, [true, false, true, false]],
    [GLC.DEPTH_WRITEMASK, false],
    [GLC.STENCIL_WRITEMASK, 0x0f],
    [GLC.STENCIL_BACK_WRITEMASK, 0xf0],
  ]);
  enabled = new Set<number>([GLC.SCISSOR_TEST]);
  clearedWith: unknown[] = [];
  isContextLost() {
    return this.lost;
  }
  createFramebuffer() {
    return { kind: 'fb' };
  }
  createTexture() {
    return { kind: 'tex' };
  }
  createRenderbuffer() {
    return { kind: 'rb' };
  }
  bindFramebuffer(target: number, fb: object | null) {
    this.calls.push(`bindFramebuffer ${target.toString(16)}`);
    if (target === GLC.FRAMEBUFFER || target === GLC.DRAW_FRAMEBUFFER)
      this.state.set(GLC.FRAMEBUFFER_BINDING, fb);
    if (target === GLC.FRAMEBUFFER || target === GLC.READ_FRAMEBUFFER)
      this.state.set(GLC.READ_FRAMEBUFFER_BINDING, fb);
  }
  bindTexture(_t: number, tex: object | null) {
    this.state.set(GLC.TEXTURE_BINDING_2D, tex);
  }
  bindRenderbuffer(_t: number, rb: object | null) {
    this.state.set(GLC.RENDERBUFFER_BINDING, rb);
  }
  bindBuffer(t: number, b: object | null) {
    if (t === GLC.PIXEL_UNPACK_BUFFER) this.state.set(GLC.PIXEL_UNPACK_BUFFER_BINDING, b);
  }
  texImage2D(...args: unknown[]) {
    this.calls.push(
      `texImage2D unpack=${String(this.state.get(GLC.PIXEL_UNPACK_BUFFER_BINDING) ?? null)} ${args[2]}`,
    );
  }
  texParameteri() {}
  renderbufferStorage(_t: number, format: number) {
    this.calls.push(`renderbufferStorage ${format.toString(16)}`);
  }
  framebufferTexture2D() {}
  framebufferRenderbuffer(_t: number, attachment: number) {
    this.calls.push(`framebufferRenderbuffer ${attachment.toString(16)}`);
  }
  getParameter(p: number) {
    if (this.lost) return null;
    if (p === GLC.READ_FRAMEBUFFER_BINDING && !(this instanceof FakeGL2)) {
      this.calls.push('INVALID_ENUM');
      return null;
    }
    return this.state.get(p) ?? null;
  }
  clear(mask: number) {
    this.clearedWith.push({
      mask,
      fb: this.state.get(GLC.FRAMEBUFFER_BINDING),
      color: Array.from(this.state.get(GLC.COLOR_CLEAR_VALUE) as ArrayLike<number>),
      discard: this.enabled.has(GLC.RASTERIZER_DISCARD),
      scissor: this.enabled.has(GLC.SCISSOR_TEST),
    });
  }
  clearColor(r: number, g: number, b: number, a: number) {
    this.state.set(GLC.COLOR_CLEAR_VALUE, new Float32Array([r, g, b, a]));
  }
  clearDepth(d: number) {
    this.state.set(GLC.DEPTH_CLEAR_VALUE, d);
  }
  clearStencil(s: number) {
    this.state.set(GLC.STENCIL_CLEAR_VALUE, s);
  }
  colorMask(r: boolean, g: boolean, b: boolean, a: boolean) {
    this.state.set(GLC.COLOR_WRITEMASK, [r, g, b, a]);
  }
  depthMask(f: boolean) {
    this.state.set(GLC.DEPTH_WRITEMASK, f);
  }
  stencilMask(m: number) {
    this.state.set(GLC.STENCIL_WRITEMASK, m);
    this.state.set(GLC.STENCIL_BACK_WRITEMASK, m);
  }
  stencilMaskSeparate(face: number, m: number) {
    this.state.set(face === GLC.BACK ? GLC.STENCIL_BACK_WRITEMASK : GLC.STENCIL_WRITEMASK, m);
  }
  enable(c: number) {
    this.enabled.add(c);
  }
  disable(c: number) {
    this.enabled.delete(c);
  }
  isEnabled(c: number) {
    return this.enabled.has(c);
  }
  deleteFramebuffer(f: object) {
    this.deleted.push(f);
  }
  deleteTexture(t: object) {
    this.deleted.push(t);
  }
  deleteRenderbuffer(r: object) {
    this.deleted.push(r);
  }
}

class WebGL2Base {}
class FakeGL2 extends FakeGL {}
// `gl instanceof WebGL2RenderingContext` decides WebGL 2: make FakeGL2 instances pass it.
const g = globalThis as { WebGL2RenderingContext?: unknown };
let saved: unknown;
beforeAll(() => {
  saved = g.WebGL2RenderingContext;
  g.WebGL2RenderingContext = WebGL2Base;
  Object.defineProperty(WebGL2Base, Symbol.hasInstance, { value: (v: unknown) => v instanceof FakeGL2 });
});
afterAll(() => {
  g.WebGL2RenderingContext = saved;
});

const snapshot = (gl: FakeGL) => ({
  state: [...gl.state.entries()].map(([k, v]) => [k, ArrayBuffer.isView(v) ? [...(v as Float32Array)] : v]),
  enabled: [...gl.enabled].sort(),
});

describe('opaque framebuffer bookkeeping', () => {
  for (const [name, make] of [
    ['WebGL 1', () => new FakeGL()],
    ['WebGL 2', () => new FakeGL2()],
  ] as const) {
    it(`${name}: creation and the clear before a frame leave the page's bindings and state as they were`, () => {
      const gl = make();
      const pageDraw = { kind: 'page-draw' };
      const pageRead = { kind: 'page-read' };
      gl.bindFramebuffer(GLC.FRAMEBUFFER, pageDraw);
      if (gl instanceof FakeGL2) {
        gl.bindFramebuffer(GLC.READ_FRAMEBUFFER, pageRead);
        gl.state.set(GLC.PIXEL_UNPACK_BUFFER_BINDING, { kind: 'unpack' });
        gl.enabled.add(GLC.RASTERIZER_DISCARD);
      }
      const before = snapshot(gl);
      gl.calls = [];
      const fb = createOpaqueFramebuffer(gl, 64, 32, { depth: true, stencil: true, alpha: true }) as object;
      const layer = {};
      layerFramebuffers.set(layer, fb);
      setOpaqueFrameActive(layer, true);
      setOpaqueFrameActive(layer, false);
      expect(snapshot(gl)).toEqual(before);
      expect(gl.calls).not.toContain('INVALID_ENUM');
      // texImage2D ran with no pixel-unpack buffer bound.
      expect(gl.calls.find((c) => c.startsWith('texImage2D'))).toBe(`texImage2D unpack=null ${GLC.RGBA}`);
      // Cleared at creation and before the frame: the opaque framebuffer, (0, 0, 0, 0), every buffer,
      // with scissor and rasterizer discard off.
      expect(gl.clearedWith).toEqual([
        { mask: 0x4500, fb, color: [0, 0, 0, 0], discard: false, scissor: false },
        { mask: 0x4500, fb, color: [0, 0, 0, 0], discard: false, scissor: false },
      ]);
    });
  }

  it('stencil without depth: a stencil buffer in WebGL 2, depth-stencil in WebGL 1 (no stencil-only guarantee)', () => {
    const gl1 = new FakeGL();
    createOpaqueFramebuffer(gl1, 8, 8, { depth: false, stencil: true, alpha: true });
    expect(gl1.calls).toContain(`renderbufferStorage ${GLC.DEPTH_STENCIL.toString(16)}`);
    const gl2 = new FakeGL2();
    createOpaqueFramebuffer(gl2, 8, 8, { depth: false, stencil: true, alpha: true });
    expect(gl2.calls).toContain(`renderbufferStorage ${GLC.STENCIL_INDEX8.toString(16)}`);
    const gl3 = new FakeGL();
    createOpaqueFramebuffer(gl3, 8, 8, { depth: false, stencil: false, alpha: false });
    expect(gl3.calls.some((c) => c.startsWith('renderbufferStorage'))).toBe(false);
  });

  it('a lost context is left alone (no throw, no GL call); the frame still ends undrawable', () => {
    const gl = new FakeGL();
    const fb = createOpaqueFramebuffer(gl, 8, 8, { depth: true, stencil: false, alpha: true }) as object;
    const entry = opaqueFramebuffers.get(fb);
    if (!entry) throw new Error('not registered');
    const layer = {};
    layerFramebuffers.set(layer, fb);
    gl.lost = true;
    const cleared = gl.clearedWith.length;
    expect(() => clearOpaque(entry)).not.toThrow();
    expect(() => setOpaqueFrameActive(layer, true)).not.toThrow();
    expect(entry.drawable).toBe(true);
    setOpaqueFrameActive(layer, false);
    expect(entry.drawable).toBe(false);
    expect(gl.clearedWith.length).toBe(cleared);
  });

  it('the end of the session deletes the framebuffer, its texture and renderbuffer, and forgets them', () => {
    const gl = new FakeGL();
    const fb = createOpaqueFramebuffer(gl, 8, 8, { depth: true, stencil: false, alpha: true }) as object;
    const layer = {};
    layerFramebuffers.set(layer, fb);
    releaseOpaqueFramebuffer(layer);
    expect(gl.deleted.map((o) => (o as { kind: string }).kind)).toEqual(['fb', 'tex', 'rb']);
    expect(opaqueFramebuffers.has(fb)).toBe(false);
    expect(layerFramebuffers.has(layer)).toBe(false);
    expect(() => releaseOpaqueFramebuffer(layer)).not.toThrow();
  });

  it('the support XRWebGLLayer and the session reach (opaque-support.ts): createUserAgent plugs it in; a frame and the end of the session go through it', () => {
    createUserAgent();
    expect(opaqueSupport.current).toBe(opaqueFramebufferSupport);
    const support = opaqueSupport.current;
    if (!support) throw new Error('no support');
    const gl = new FakeGL();
    const layer = {};
    const fb = support.create(layer, gl, 8, 8, { depth: true, stencil: false, alpha: true });
    expect(fb).not.toBeNull();
    expect(layerFramebuffers.get(layer)).toBe(fb);
    const entry = opaqueFramebuffers.get(fb as object);
    support.setFrameActive(layer, true);
    expect(entry?.drawable).toBe(true);
    support.setFrameActive(layer, false);
    expect(entry?.drawable).toBe(false);
    support.release(layer);
    expect(gl.deleted.map((o) => (o as { kind: string }).kind)).toEqual(['fb', 'tex', 'rb']);
    expect(layerFramebuffers.has(layer)).toBe(false);
  });
});
