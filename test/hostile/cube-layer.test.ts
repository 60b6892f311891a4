// A hostile page against the cube layer's orientation and its compositing (dist/xrgate.js in real
// Chromium): the page turns its cube layer 90° about +Y (the +X face ahead) and then tries to make
// xrgate draw something else — by redefining the x, y, z and w getters of DOMPoint and
// DOMPointReadOnly to answer "no rotation" before the point is set, by changing the DOMPoint it
// set afterwards, and by replacing Float32Array (with one that drops every write) and Math.sqrt.
// xrgate reads the point with the getters it captured at load, copies it when it is set, and
// composites with its captured Float32Array and Math: the +X face is drawn each time. Each test
// has a probe showing the attack was live; the control is the same flow without the attack.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CubePage, cubeBrowser, FACES } from '../browser/cube-page.js';
import { bundlesBuilt, hasChromium } from '../browser/harness.js';

const run = hasChromium && bundlesBuilt;
const PX = FACES[0];
const NZ = FACES[5];
const S = Math.SQRT1_2;
/** Ahead: the -Z face, then (turned 90° about +Y) the +X face, in both views. */
const TURNED = [`${NZ}|${NZ}`, `${PX}|${PX}`];

const base: CubePage = { textureType: 'texture', layout: 'mono', turn: `0, ${S}, 0, ${S}` };

describe.skipIf(!run)("hostile page: a cube layer's orientation and its compositing (Chromium)", () => {
  let browser: Awaited<ReturnType<typeof cubeBrowser>>;
  beforeAll(async () => {
    browser = await cubeBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('control: turned 90° about +Y, the +X face is ahead', async () => {
    const st = await browser.show('control', base);
    expect(st.log).toBe('layout:mono,unit2:kept,orientation:copied');
    expect(st.pixels).toEqual(TURNED);
  }, 60_000);

  for (const textureType of ['texture', 'texture-array'] as const) {
    it(`${textureType}: DOMPoint getters redefined to "no rotation" before the point is set change nothing`, async () => {
      const st = await browser.show(`getters-${textureType}`, {
        ...base,
        textureType,
        attack: `window.__patchPoints = () => {
          for (const proto of [DOMPointReadOnly.prototype, DOMPoint.prototype])
            for (const [k, v] of [['x', 0], ['y', 0], ['z', 0], ['w', 1]])
              Object.defineProperty(proto, k, { get() { return v; }, configurable: true });
        };`,
        beforeTurn: `window.__patchPoints(); log('probe:' + turn.y + ',' + turn.w);`,
      });
      // The probe: the page's own reads of the point say "no rotation".
      expect(st.log).toBe('layout:mono,unit2:kept,probe:0,1,orientation:copied');
      expect(st.pixels).toEqual(TURNED);
    }, 60_000);
  }

  it('the DOMPoint changed after it was set changes nothing (the layer holds a copy)', async () => {
    const st = await browser.show('mutated', {
      ...base,
      afterTurn: `turn.y = 0; turn.w = 1; log('probe:' + turn.y + ',' + turn.w + ',' + cube.orientation.y.toFixed(3));`,
    });
    expect(st.log).toBe('layout:mono,unit2:kept,orientation:copied,probe:0,1,0.707');
    expect(st.pixels).toEqual(TURNED);
  }, 60_000);

  it('Float32Array replaced by one that drops writes, and Math.sqrt by a liar, change nothing', async () => {
    const st = await browser.show('builtins', {
      ...base,
      attack: `const F = Float32Array;
        window.Float32Array = function (n) { return new Proxy(new F(n), { set: () => true }); };
        Math.sqrt = () => 0;`,
      beforeTurn: `const t = new Float32Array(2); t[0] = 3; log('probe:' + t[0] + ',' + Math.sqrt(4));`,
    });
    expect(st.log).toBe('layout:mono,unit2:kept,probe:0,0,orientation:copied');
    expect(st.pixels).toEqual(TURNED);
  }, 60_000);
});
