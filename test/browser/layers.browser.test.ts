// The WebXR Layers module in real Chromium with dist/xrgate.js, which presents immersive frames
// on the page's canvas: a projection layer whose textures the page fills (red) appears in the
// presentation, and a quad layer (green, 1 m in front of the viewer) is composited on top of it,
// in the middle of each view. Pixels are read back from the canvas. The textures are real
// WebGLTextures handed out only during the frame (R-LAYER-03).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundlesBuilt,
  hasChromium,
  launch,
  launchPlain,
  type PlainChromium,
  ROOT,
  runPage,
  type Served,
  scenarioPage,
  serve,
} from './harness.js';

const run = hasChromium && bundlesBuilt;

// `second`: a quad layer of a second context (its own canvas and XRWebGLBinding) is in the render
// state too, filled blue in its own context.
const page = (
  version: 'webgl' | 'webgl2',
  second = false,
) => `<!doctype html><meta charset=utf-8><title>layers</title>
<canvas id=c width=400 height=200></canvas><canvas id=d width=64 height=64></canvas><button id=go style="font-size:20px">go</button>
<script>
window.__log = [];
window.__frames = 0;
window.__pixels = null;
const log = (s) => window.__log.push(s);
document.getElementById('go').addEventListener('click', async () => {
  try {
    const s = await navigator.xr.requestSession('immersive-vr', { requiredFeatures: ['layers'] });
    const gl = document.getElementById('c').getContext('${version}', { xrCompatible: true, preserveDrawingBuffer: true, antialias: false });
    const binding = new XRWebGLBinding(s, gl);
    const space = await s.requestReferenceSpace('local');
    const proj = binding.createProjectionLayer({ depthFormat: 0 });
    const quad = binding.createQuadLayer({
      space, viewPixelWidth: 64, viewPixelHeight: 64, width: 0.5, height: 0.5,
      transform: new XRRigidTransform({ x: 0, y: 0, z: -1 }),
    });
    const gl2 = ${second} ? document.getElementById('d').getContext('${version}', { xrCompatible: true }) : null;
    const binding2 = gl2 && new XRWebGLBinding(s, gl2);
    const other = binding2 && binding2.createQuadLayer({
      space, viewPixelWidth: 16, viewPixelHeight: 16, width: 2, height: 2,
      transform: new XRRigidTransform({ x: 0, y: 0, z: -0.5 }),
    });
    s.updateRenderState({ layers: other ? [proj, quad, other] : [proj, quad] });
    // (The pending render state applies at the next frame.)
    log('layers:' + s.renderState.layers.length);
    const fb = gl.createFramebuffer();
    let kept = null;
    const fill = (texture, r, g, b) => {
      gl.bindFramebuffer(gl.FRAMEBUFFER, fb);
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
      gl.clearColor(r, g, b, 1);
      gl.clear(gl.COLOR_BUFFER_BIT);
      gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    };
    const loop = (t, frame) => {
      window.__frames++;
      if (window.__frames === 1) log('layers:' + s.renderState.layers.length);
      const pose = frame.getViewerPose(space);
      if (pose) {
        for (const view of pose.views) {
          const sub = binding.getViewSubImage(proj, view);
          if (!(sub.colorTexture instanceof WebGLTexture)) log('not-a-texture');
          fill(sub.colorTexture, 1, 0, 0);
          kept = view;
        }
        fill(binding.getSubImage(quad, frame).colorTexture, 0, 1, 0);
        if (other) {
          const fb2 = gl2.createFramebuffer();
          gl2.bindFramebuffer(gl2.FRAMEBUFFER, fb2);
          gl2.framebufferTexture2D(gl2.FRAMEBUFFER, gl2.COLOR_ATTACHMENT0, gl2.TEXTURE_2D, binding2.getSubImage(other, frame).colorTexture, 0);
          gl2.clearColor(0, 0, 1, 1);
          gl2.clear(gl2.COLOR_BUFFER_BIT);
          gl2.bindFramebuffer(gl2.FRAMEBUFFER, null);
        }
      }
      if (window.__frames === 10) {
        // After this frame's composition: read the canvas back.
        setTimeout(() => {
          const px = new Uint8Array(4);
          const at = (x, y) => { gl.readPixels(x, y, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px); return Array.from(px).join(' '); };
          gl.bindFramebuffer(gl.FRAMEBUFFER, null);
          window.__glError = gl.getError();
          window.__pixels = { corner: at(5, 5), leftCentre: at(100, 100), rightCentre: at(300, 100), rightCorner: at(395, 195) };
          try { binding.getViewSubImage(proj, kept); log('outside-frame:allowed'); } catch (e) { log('outside-frame:' + e.name); }
        }, 0);
      }
      s.requestAnimationFrame(loop);
    };
    s.requestAnimationFrame(loop);
  } catch (e) {
    log('error:' + e.name + ':' + e.message);
  }
});
</script>`;

const state = (p: Page) =>
  p.evaluate(() => {
    const w = window as unknown as {
      __log: string[];
      __frames: number;
      __pixels: Record<string, string> | null;
    };
    return {
      log: w.__log.join(','),
      frames: w.__frames,
      pixels: w.__pixels,
      glError: (window as unknown as { __glError?: number }).__glError,
    };
  });

/** The projection layer's red in the corners, the quad layer's green in the middle of each view. */
const RED_WITH_GREEN_QUAD = {
  corner: '255 0 0 255',
  leftCentre: '0 255 0 255',
  rightCentre: '0 255 0 255',
  rightCorner: '255 0 0 255',
};

describe.skipIf(!run)('layers composited into the in-page presentation (Chromium, dist/xrgate.js)', () => {
  let chromium: PlainChromium;
  let server: Served;
  beforeAll(async () => {
    chromium = await launchPlain();
    await chromium.context.addInitScript({ content: readFileSync(join(ROOT, 'dist', 'xrgate.js'), 'utf8') });
    server = await serve({
      '/webgl.html': page('webgl'),
      '/webgl2.html': page('webgl2'),
      '/two-contexts.html': page('webgl2', true),
    });
  }, 60_000);
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  /** The page at `path`: go clicked, the canvas read back after its tenth frame; the page closed. */
  async function readBack(path: string): Promise<Awaited<ReturnType<typeof state>>> {
    const p = await chromium.context.newPage();
    await p.goto(`${server.origin}${path}`);
    await p.click('#go');
    await expect
      .poll(
        async () => {
          const st = await state(p);
          return st.pixels ?? st.log;
        },
        { timeout: 20_000 },
      )
      .toHaveProperty('corner');
    const st = await state(p);
    await p.close();
    return st;
  }

  for (const version of ['webgl2', 'webgl'] as const) {
    it(`${version}: the projection layer's red fills each view; the quad layer's green is on top in the middle; textures only in the frame [R-LAYER-03]`, async () => {
      const { log, pixels } = await readBack(`/${version}.html`);
      expect(log).toBe('layers:0,layers:2,outside-frame:InvalidStateError');
      expect(pixels).toEqual(RED_WITH_GREEN_QUAD);
    }, 60_000);
  }

  it("a layer of a second WebGL context is not sampled in the presenting one: no GL error in the page's context, its layers drawn as before", async () => {
    const { log, pixels, glError } = await readBack('/two-contexts.html');
    expect(log).toBe('layers:0,layers:3,outside-frame:InvalidStateError');
    // (Binding the other context's texture here would record INVALID_OPERATION, 0x502, every frame.)
    expect(glError).toBe(0);
    expect(pixels).toEqual(RED_WITH_GREEN_QUAD);
  }, 60_000);
});

// With the Test API bundle (dist/xrgate-test.js): a layer's textures are real WebGLTextures the
// page draws into, and stay opaque — deleteTexture and re-specifying them record INVALID_OPERATION
// and change nothing (R-LAYER-09).
const opaque = scenarioPage(`
  const VIEW = (eye, x) => ({ eye, projectionMatrix: [1,0,0,0, 0,1,0,0, 0,0,-1,-1, 0,0,-0.2,0],
    resolution: { width: 200, height: 200 }, viewOffset: { position: [x, 0, 0], orientation: [0, 0, 0, 1] } });
  await navigator.xr.test.simulateDeviceConnection({
    supportsImmersive: true, views: [VIEW('left', -0.032), VIEW('right', 0.032)],
    viewerOrigin: { position: [0, 1.5, 0], orientation: [0, 0, 0, 1] }, supportedFeatures: ['layers'],
  });
  const gl = document.getElementById('c').getContext('webgl2');
  await gl.makeXRCompatible();
  const s = await withActivation(() => navigator.xr.requestSession('immersive-vr', { requiredFeatures: ['layers'] }));
  const b = new XRWebGLBinding(s, gl);
  const space = await s.requestReferenceSpace('local');
  const quad = b.createQuadLayer({ space, viewPixelWidth: 16, viewPixelHeight: 16 });
  const proj = b.createProjectionLayer({ textureType: 'texture-array' });
  report('texture-array projection layer: one array layer per view', proj.textureArrayLength === 2, proj.textureArrayLength);
  s.updateRenderState({ layers: [proj, quad] });
  await inFrame(s, (f) => {
    const sub = b.getSubImage(quad, f);
    const tex = sub.colorTexture;
    report('a WebGLTexture of 16x16', tex instanceof WebGLTexture && sub.colorTextureWidth === 16 && sub.colorTextureHeight === 16);
    const right = b.getViewSubImage(proj, f.getViewerPose(space).views[1]);
    report('the right view is array layer 1', right.imageIndex === 1 && right.colorTexture instanceof WebGLTexture, right.imageIndex);
    while (gl.getError() !== gl.NO_ERROR);
    gl.deleteTexture(tex);
    report('R-LAYER-09: deleteTexture records INVALID_OPERATION', gl.getError() === gl.INVALID_OPERATION);
    report('R-LAYER-09: the texture is still there', gl.isTexture(tex));
    gl.bindTexture(gl.TEXTURE_2D, tex);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, 4, 4, 0, gl.RGBA, gl.UNSIGNED_BYTE, null);
    report('R-LAYER-09: texImage2D on it records INVALID_OPERATION', gl.getError() === gl.INVALID_OPERATION);
    gl.bindTexture(gl.TEXTURE_2D, null);
    const other = gl.createTexture();
    gl.deleteTexture(other);
    report('other textures are deleted as usual', gl.getError() === gl.NO_ERROR && !gl.isTexture(other));
  });
  await s.end();
`);

describe.skipIf(!run)('layer textures stay opaque (Chromium, dist/xrgate-test.js)', () => {
  let browser: Browser;
  let server: Served;
  beforeAll(async () => {
    browser = await launch();
    server = await serve({ '/opaque.html': opaque });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('R-LAYER-09: deleteTexture and texImage2D on a layer texture record INVALID_OPERATION', async () => {
    const { results, errors } = await runPage(browser, `${server.origin}/opaque.html`, 'xrgate-test.js');
    expect(errors).toEqual([]);
    const failed = results.filter((r) => !r.ok);
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    expect(results.length).toBe(7);
  }, 60_000);
});
