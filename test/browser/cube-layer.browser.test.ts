// Cube layers (spec(layers) #xcubelayertype) composited into the in-page presentation, in real
// Chromium with dist/xrgate.js: a cube layer in 'local' space whose six faces the page fills with
// six colours shows, at the centre of each view (looking along -Z), its -Z face; once its
// orientation turns it 90° about +Y the +X face, 90° about +X the -Y face — on a TEXTURE_CUBE_MAP
// and on a TEXTURE_2D_ARRAY of 6 layers (the faces chosen as GL chooses a cube map's). A 'stereo'
// cube layer shows each eye its own face set (two cube maps, or array layers 0–5 and 6–11).
// Pixels are read back from the canvas by the page.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CubePage, cubeBrowser, FACES, RIGHT_FACES } from './cube-page.js';
import { bundlesBuilt, hasChromium } from './harness.js';

const run = hasChromium && bundlesBuilt;
const [PX, , , NY, PZ, NZ] = FACES;
const S = Math.SQRT1_2;

describe.skipIf(!run)(
  'cube layers composited into the in-page presentation (Chromium, dist/xrgate.js)',
  () => {
    let browser: Awaited<ReturnType<typeof cubeBrowser>>;
    beforeAll(async () => {
      browser = await cubeBrowser();
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
    });
    const show = (name: string, o: CubePage) => browser.show(name, o);

    it("createCubeLayer: 'mono' or 'stereo', other layouts TypeError; a cube map's faces are square", async () => {
      const st = await show('probes', { textureType: 'texture', layout: 'mono', probes: true });
      // spec(layers) #createCubeLayerAlgo; a non-square TEXTURE_CUBE_MAP cannot be made: OperationError.
      expect(st.log).toBe(
        'probes:TypeError;TypeError;TypeError;stereo;OperationError;mono,layout:mono,unit2:kept',
      );
      expect(st.pixels).toEqual([`${NZ}|${NZ}`, `${NZ}|${NZ}`]);
    }, 60_000);

    for (const textureType of ['texture', 'texture-array'] as const) {
      it(`${textureType}: looking along -Z shows the -Z face; orientation 90° about +Y shows +X`, async () => {
        const st = await show(`yaw-${textureType}`, {
          textureType,
          layout: 'mono',
          turn: `0, ${S}, 0, ${S}`,
        });
        expect(st.log).toBe('layout:mono,unit2:kept,orientation:copied');
        expect(st.pixels).toEqual([`${NZ}|${NZ}`, `${PX}|${PX}`]);
      }, 60_000);

      it(`${textureType}: orientation 90° about +X shows the -Y face; 180° about +Y the +Z face`, async () => {
        const pitch = await show(`pitch-${textureType}`, {
          textureType,
          layout: 'mono',
          turn: `${S}, 0, 0, ${S}`,
        });
        expect(pitch.pixels).toEqual([`${NZ}|${NZ}`, `${NY}|${NY}`]);
        const back = await show(`back-${textureType}`, { textureType, layout: 'mono', turn: '0, 1, 0, 0' });
        expect(back.pixels).toEqual([`${NZ}|${NZ}`, `${PZ}|${PZ}`]);
      }, 60_000);

      it(`${textureType}: a 'stereo' cube layer shows each eye its own faces`, async () => {
        const st = await show(`stereo-${textureType}`, {
          textureType,
          layout: 'stereo',
          turn: `0, ${S}, 0, ${S}`,
        });
        // spec(layers) #getSubImage: the right eye's image index is 6 on an array; two cube maps otherwise.
        const images = textureType === 'texture-array' ? 'images:0,6,same' : 'images:0,0,two';
        expect(st.log).toBe(`layout:stereo,${images},unit2:kept,orientation:copied`);
        expect(st.pixels).toEqual([`${NZ}|${RIGHT_FACES[5]}`, `${PX}|${RIGHT_FACES[0]}`]);
      }, 60_000);
    }
  },
);
