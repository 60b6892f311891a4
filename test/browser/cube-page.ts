// The page the cube layer tests run in Chromium with dist/xrgate.js (which presents immersive
// frames on the page's canvas, each view side by side: 400×200, the left view's centre at
// (100, 100), the right's at (300, 100)). A real click requests the session; the page fills every
// face of its cube layer with a solid colour in each frame, reads the canvas back after frame 10,
// sets the layer's orientation to `turn` (when given) in frame 11 and reads it back again after frame 20.
// The colours of the left eye's faces +X, -X, +Y, -Y, +Z, -Z are FACES, the right eye's (a
// stereo layer) RIGHT_FACES. `attack` is page script run before any of it (hostile tests), and
// `beforeTurn` and `afterTurn` run just before and after the orientation is set (the point is
// in `turn`).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { launchPlain, ROOT, serve } from './harness.js';

export const FACES = ['255 0 0', '0 255 0', '0 0 255', '255 255 0', '255 0 255', '0 255 255'];
export const RIGHT_FACES = ['128 0 0', '0 128 0', '0 0 128', '128 128 0', '128 0 128', '0 128 128'];

export interface CubePage {
  readonly textureType: 'texture' | 'texture-array';
  readonly layout: 'mono' | 'stereo';
  /** The orientation set after frame 10, as `x, y, z, w` (a DOMPoint made by the page). */
  readonly turn?: string;
  readonly attack?: string;
  readonly beforeTurn?: string;
  readonly afterTurn?: string;
  /** Log what createCubeLayer does with other layouts and sizes first. */
  readonly probes?: boolean;
}

export function cubePage(o: CubePage): string {
  const colours = (list: string[]) => `[${list.map((c) => `[${c.replace(/ /g, ',')}]`).join(',')}]`;
  return `<!doctype html><meta charset=utf-8><title>cube layer</title>
<canvas id=c width=400 height=200></canvas><button id=go style="font-size:20px">go</button>
<script>${o.attack ?? ''}</script>
<script>
window.__log = [];
window.__frames = 0;
window.__pixels = [];
const log = (s) => window.__log.push(s);
const LEFT = ${colours(FACES)}, RIGHT = ${colours(RIGHT_FACES)};
document.getElementById('go').addEventListener('click', async () => {
  try {
    const s = await navigator.xr.requestSession('immersive-vr', { requiredFeatures: ['layers'] });
    const gl = document.getElementById('c').getContext('webgl2', { xrCompatible: true, preserveDrawingBuffer: true, antialias: false });
    const binding = new XRWebGLBinding(s, gl);
    const space = await s.requestReferenceSpace('local');
    if (${o.probes ? 'true' : 'false'}) {
      const probe = (init) => {
        try { const l = binding.createCubeLayer({ space, viewPixelWidth: 16, viewPixelHeight: 16, ...init }); return l.layout; }
        catch (e) { return e.name; }
      };
      log('probes:' + [probe({ layout: 'default' }), probe({ layout: 'stereo-left-right' }), probe({ layout: 'stereo-top-bottom' }),
        probe({ layout: 'stereo', textureType: 'texture-array' }), probe({ viewPixelHeight: 8 }),
        probe({ viewPixelHeight: 8, textureType: 'texture-array' })].join(';'));
    }
    // The page's own cube map and sampler on texture unit 2 (the one xrgate's cube pass uses).
    const mine = gl.createTexture(), sampler = gl.createSampler();
    gl.activeTexture(gl.TEXTURE2);
    gl.bindTexture(gl.TEXTURE_CUBE_MAP, mine);
    gl.bindSampler(2, sampler);
    gl.activeTexture(gl.TEXTURE0);
    const unit2 = () => {
      const active = gl.getParameter(gl.ACTIVE_TEXTURE);
      gl.activeTexture(gl.TEXTURE2);
      const kept = gl.getParameter(gl.TEXTURE_BINDING_CUBE_MAP) === mine && gl.getParameter(gl.SAMPLER_BINDING) === sampler;
      gl.activeTexture(active);
      return active === gl.TEXTURE0 && kept ? 'kept' : 'changed';
    };
    const cube = binding.createCubeLayer({ space, viewPixelWidth: 16, viewPixelHeight: 16,
      textureType: '${o.textureType}', layout: '${o.layout}' });
    log('layout:' + cube.layout);
    s.updateRenderState({ layers: [cube] });
    const fb = gl.createFramebuffer();
    const fill = (sub, colours) => {
      gl.bindFramebuffer(gl.FRAMEBUFFER, fb);
      for (let f = 0; f < 6; f++) {
        if (sub.colorTexture instanceof WebGLTexture && '${o.textureType}' === 'texture-array')
          gl.framebufferTextureLayer(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, sub.colorTexture, 0, sub.imageIndex + f);
        else gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_CUBE_MAP_POSITIVE_X + f, sub.colorTexture, 0);
        const c = colours[f];
        gl.clearColor(c[0] / 255, c[1] / 255, c[2] / 255, 1);
        gl.clear(gl.COLOR_BUFFER_BIT);
      }
      gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    };
    const read = () => {
      const px = new Uint8Array(4);
      const at = (x, y) => { gl.readPixels(x, y, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px); return px[0] + ' ' + px[1] + ' ' + px[2]; };
      gl.bindFramebuffer(gl.FRAMEBUFFER, null);
      window.__pixels.push(at(100, 100) + '|' + at(300, 100));
      if (window.__pixels.length === 1) log('unit2:' + unit2());
    };
    const loop = (t, frame) => {
      window.__frames++;
      if ('${o.layout}' === 'stereo') {
        const l = binding.getSubImage(cube, frame, 'left'), r = binding.getSubImage(cube, frame, 'right');
        if (window.__frames === 1) log('images:' + l.imageIndex + ',' + r.imageIndex + ',' + (l.colorTexture === r.colorTexture ? 'same' : 'two'));
        fill(l, LEFT);
        fill(r, RIGHT);
      } else fill(binding.getSubImage(cube, frame), LEFT);
      if (window.__frames === 10 || window.__frames === 20) setTimeout(read, 0);
      if (window.__frames === 11 && ${o.turn ? 'true' : 'false'}) {
        const turn = new DOMPoint(${o.turn ?? ''});
        ${o.beforeTurn ?? ''}
        cube.orientation = turn;
        log('orientation:' + (cube.orientation === turn ? 'same' : 'copied'));
        ${o.afterTurn ?? ''}
      }
      if (window.__frames < 20) s.requestAnimationFrame(loop);
    };
    s.requestAnimationFrame(loop);
  } catch (e) {
    log('error:' + e.name + ':' + e.message);
  }
});
</script>`;
}

/** The page's log and the pixels it read (left centre | right centre), once it read them twice. */
export function cubeState(): { log: string; pixels: string[] } {
  const w = window as unknown as { __log: string[]; __pixels: string[] };
  return { log: w.__log.join(','), pixels: w.__pixels.slice() };
}

/** Chromium with dist/xrgate.js injected before any page script, and a server for cube pages. */
export async function cubeBrowser(): Promise<{
  show(name: string, o: CubePage): Promise<{ log: string; pixels: string[] }>;
  close(): Promise<void>;
}> {
  const chromium = await launchPlain();
  await chromium.context.addInitScript({ content: readFileSync(join(ROOT, 'dist', 'xrgate.js'), 'utf8') });
  const pages: Record<string, string> = {};
  const server = await serve(pages);
  return {
    async show(name, o) {
      pages[`/${name}.html`] = cubePage(o);
      const p = await chromium.context.newPage();
      try {
        await p.goto(`${server.origin}/${name}.html`);
        await p.click('#go');
        await expect
          .poll(
            async () => {
              const st = await p.evaluate(cubeState);
              return st.pixels.length === 2 || st.log.includes('error') ? st : null;
            },
            { timeout: 20_000 },
          )
          .not.toBeNull();
        return await p.evaluate(cubeState);
      } finally {
        await p.close();
      }
    },
    async close() {
      await chromium.close();
      await server.close();
    },
  };
}
