// The size of what a page loads: dist/xrgate.js (gzip, as a server sends it) stays under its budget,
// and every built entry's gzip size is printed (the bundles, the extension's scripts, the ESM
// index). The production bundle carries no WebXR Test API and nothing only Node or the Test API
// needs (esbuild's metafile, dist/meta/, lists the modules of each bundle:
// `node scripts/bundle-report.mjs` prints them by size).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const built = existsSync(join(DIST, 'xrgate.js')) && existsSync(join(DIST, 'meta', 'xrgate.json'));

/**
 * The budget of dist/xrgate.js, gzip (zlib's default level), in bytes. The goal is 45 KB (issue 14,
 * not reached). The bundle with every feature it keeps (consent prompt, developer overlay, offer
 * control, the policy engine with its explanations, device simulation) measured 59,639 bytes; with
 * the seeds' features added since (the permission envelope's gate in front of getUserMedia,
 * geolocation and Notification; seed 002's same-origin continuation and interstitial; revocation
 * reaching sessions; the profile's pose mitigations; the prompt's truthful choices) 67,769 bytes;
 * with issue 14's devices and developer tool (68,082 before it: the device presets with the input
 * profile table generated from the registry, device.json files and their checks, install()'s option
 * checks, ?xrgate-device=, the DeviceDriver/DeviceControl automation API with recording and replay,
 * and the overlay as a tool: poses, every button, hands, IPD/FOV, room editor, audit filters) 79,812
 * bytes, +11.7 KB; with issue 13's modules, every one the bundle's simulated devices can use
 * (the simulated rooms and their ray casting; hit test, anchors, plane and mesh detection; depth
 * sensing and camera images rendered from the room; DOM overlays; the Layers module with its
 * compositor, about 13 KB of it) 123,703 bytes (+43.9 KB): the budget is that, rounded up to the
 * next KB with room for one small change; then 125,141 bytes (+1.4 KB: R-CAM-06's camera privacy
 * indicator, src/browser/privacy-indicator.ts and its policy facts, 1,017 bytes of it; R-DOM-04's
 * gamepad freeze over cross-origin overlay content; the rooms' lazy recipes); then 126,281 bytes
 * (+1.1 KB: cube layers composited, mono and stereo, from cube maps and texture arrays; the camera
 * indicator's every-frame check that fails closed; the room as part of the device state); then
 * 127,384 bytes (+0.7 KB: three hostile reviews' mends: R-DOM-04 through shadow roots and frames
 * with attachShadow's roots recorded; the badge and the prompt legible on screen: visual viewport,
 * page scale, staggered occlusion observers, the badge zoomed against a phone's page scale); then
 * 128,445 bytes (+1.1 KB: four more hostile reviews' mends: Trusted UI counted only in the top
 * layer and at its own size, zoomed against the page's zoom on html and a phone's page scale;
 * listeners kept across document.open() with a sentinel that ends an immersive session when the
 * page took them; a document's origin from self.origin; pose limits through anchors and hit
 * results; the session's visibility read every frame; layers of a second WebGL context). The
 * split that would reach 45 KB keeps at least the page side in the first script: 56 KB gzip
 * (bench/startup.ts, the page side alone). Lower it when the bundle shrinks; never raise it
 * without saying what was added.
 */
const XRGATE_GZIP_LIMIT = 126 * 1024;

const gzipSize = (file: string): number => gzipSync(readFileSync(file)).length;

/** The modules (paths relative to the package) esbuild put into a bundle. */
function modulesOf(bundle: string): string[] {
  const meta = JSON.parse(readFileSync(join(DIST, 'meta', `${bundle}.json`), 'utf8')) as {
    outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
  };
  const output = meta.outputs[`dist/${bundle}.js`];
  if (!output) throw new Error(`no dist/${bundle}.js in its metafile`);
  return Object.entries(output.inputs)
    .filter(([, v]) => v.bytesInOutput > 0)
    .map(([path]) => path);
}

describe.skipIf(!built && process.env.CI !== 'true')('bundle sizes (dist/, after npm run build)', () => {
  it('prints the gzip size of every entry; dist/xrgate.js is within its budget', () => {
    const entries = [
      'xrgate.js',
      'xrgate-test.js',
      ...readdirSync(join(DIST, 'extension'))
        .filter((f) => f.endsWith('.js'))
        .sort()
        .map((f) => `extension/${f}`),
      'esm/index.js',
    ];
    const rows = entries.map((e) => {
      const file = join(DIST, e);
      return { entry: `dist/${e}`, bytes: readFileSync(file).length, gzip: gzipSize(file) };
    });
    const width = Math.max(...rows.map((r) => r.entry.length));
    console.log(
      [
        `${'entry'.padEnd(width)}  ${'bytes'.padStart(9)}  ${'gzip'.padStart(9)}`,
        ...rows.map(
          (r) => `${r.entry.padEnd(width)}  ${String(r.bytes).padStart(9)}  ${String(r.gzip).padStart(9)}`,
        ),
        `dist/xrgate.js budget: ${XRGATE_GZIP_LIMIT} bytes gzip`,
      ].join('\n'),
    );
    expect(rows.every((r) => r.gzip > 0)).toBe(true);
    const xrgate = rows.find((r) => r.entry === 'dist/xrgate.js');
    expect(xrgate?.gzip).toBeLessThanOrEqual(XRGATE_GZIP_LIMIT);
  });

  it('the WebXR Test API and the scripted host are in dist/xrgate-test.js only', () => {
    const testOnly = (m: string) => m.startsWith('src/test-api/') || m.startsWith('src/host/scripted');
    const production = modulesOf('xrgate');
    const test = modulesOf('xrgate-test');
    expect(production.filter(testOnly)).toEqual([]);
    expect(test.filter(testOnly)).toEqual(
      expect.arrayContaining([
        'src/test-api/index.ts',
        'src/test-api/XRTest.ts',
        'src/host/scripted.ts',
        'src/host/scripted-page.ts',
      ]),
    );
    // The production bundle still has what it keeps: the prompt, the overlay, the offer control,
    // the policy engine and the simulated devices.
    expect(production).toEqual(
      expect.arrayContaining([
        'src/browser/prompt.ts',
        'src/browser/overlay.ts',
        'src/browser/offer-control.ts',
        'src/policy/session-request.ts',
        'src/policy/consent.ts',
        'src/device/simulated.ts',
      ]),
    );
  });

  it('opaque framebuffers and their WebGL rules are in dist/xrgate-test.js only (dist/xrgate.js presents on the canvas)', () => {
    const opaque = ['src/api/opaque-framebuffer.ts', 'src/browser/webgl-opaque.ts'];
    expect(modulesOf('xrgate').filter((m) => opaque.includes(m))).toEqual([]);
    expect(modulesOf('xrgate-test')).toEqual(expect.arrayContaining(opaque));
    // The WebGL brand checks stay in both (XRWebGLLayer's context argument).
    expect(modulesOf('xrgate')).toContain('src/api/webgl-brand.ts');
  });

  it('dist/xrgate.js carries nothing only Node, the extension or the MessageChannel transport needs', () => {
    const production = modulesOf('xrgate');
    expect(production.filter((m) => m.startsWith('src/extension/') || m.startsWith('src/cli/'))).toEqual([]);
    // The transport over a MessageChannel is createUserAgent's option (the extension has its own).
    const code = readFileSync(join(DIST, 'xrgate.js'), 'utf8');
    expect(code).not.toContain('MessageChannel is not available here');
    expect(production.filter((m) => m.includes('node_modules/'))).toEqual([]);
  });
});
