// §DOM Overlays Module on xrgate's runtime in Node (no DOM: the overlay's element checks are the
// browser's, src/browser/dom-overlay.ts, shown by WPT dom-overlay/): the domOverlay member and the
// 'dom-overlay' feature (R-DOM-01), domOverlayState (R-DOM-02), and the primary actions a session
// gets when the device's pointer is on the overlay (R-DOM-03/04), through SessionDomOverlay with a
// scripted document. Spec: immersive-web/dom-overlays (#xrsessioninit, #dom-xrsession-domoverlaystate,
// #xrinputsource, #cross-origin-content-events).

import { describe, expect, it } from 'vitest';
import { type DomOverlayHost, SessionDomOverlay } from '../../src/api/dom-overlay.js';
import { XRSessionEvent } from '../../src/api/events.js';
import type { XRSession } from '../../src/api/XRSession.js';
import { createPhoneAR, SimulatedXRDevice } from '../../src/device/simulated.js';
import type { DeviceInputAction } from '../../src/device/types.js';
import type { UserAgent } from '../../src/user-agent.js';
import { expectAuditDenial, expectRejectName, keepFrames, makeUA, sleep } from './helpers.js';

type OverlaySession = XRSession & { readonly domOverlayState: { readonly type: string } | null };

function request(ua: UserAgent, init: Record<string, unknown>) {
  ua.host.click();
  return ua.xr!.requestSession('immersive-ar', init) as Promise<OverlaySession>;
}

const root = { element: 'root' };

describe('§XRSessionInit.domOverlay and the dom-overlay feature (R-DOM-01, R-DOM-08)', () => {
  it('required without a root: NotSupportedError, audited', async () => {
    const ua = makeUA({ device: 'phone-ar' });
    await expectRejectName(request(ua, { requiredFeatures: ['dom-overlay'] }), 'NotSupportedError');
    expectAuditDenial(ua, 'NotSupportedError', 'R-DOM-01');
  });

  it('optional without a root: the session starts without it (domOverlayState null)', async () => {
    const ua = makeUA({ device: 'phone-ar' });
    const s = await request(ua, { optionalFeatures: ['dom-overlay'] });
    expect(s.enabledFeatures).not.toContain('dom-overlay');
    expect(s.domOverlayState).toBeNull();
    await s.end();
  });

  it('a domOverlay that is not an XRDOMOverlayInit, or without its required root: TypeError', async () => {
    const ua = makeUA({ device: 'phone-ar' });
    await expectRejectName(request(ua, { requiredFeatures: ['dom-overlay'], domOverlay: 5 }), 'TypeError');
    await expectRejectName(request(ua, { requiredFeatures: ['dom-overlay'], domOverlay: {} }), 'TypeError');
    await expectRejectName(
      request(ua, { requiredFeatures: ['dom-overlay'], domOverlay: { root: null } }),
      'TypeError',
    );
  });
});

describe('§XRSession.domOverlayState (R-DOM-02)', () => {
  it("a handheld shows the overlay on the screen: { type: 'screen' }, the same object every time", async () => {
    const ua = makeUA({ device: createPhoneAR() });
    const s = await request(ua, { requiredFeatures: ['dom-overlay'], domOverlay: { root } });
    expect(s.enabledFeatures).toContain('dom-overlay');
    expect(s.domOverlayState).toEqual({ type: 'screen' });
    expect(s.domOverlayState).toBe(s.domOverlayState);
    expect(Object.isFrozen(s.domOverlayState)).toBe(true);
    await s.end();
  });

  it("a headset floats it: { type: 'floating' }; null without the feature", async () => {
    const headsetAR = new SimulatedXRDevice({
      supportedModes: ['immersive-ar'],
      capableFeatures: { 'immersive-ar': ['viewer', 'local', 'dom-overlay'] },
      interactionMode: 'world-space',
      views: createPhoneAR().frame().views,
    });
    const ua = makeUA({ device: headsetAR });
    const s = await request(ua, { optionalFeatures: ['dom-overlay'], domOverlay: { root } });
    expect(s.domOverlayState?.type).toBe('floating');
    await s.end();
    const plain = await request(ua, {});
    expect(plain.domOverlayState).toBeNull();
    await plain.end();
  });
});

/** A scripted document: what is at each point, and what the page's beforexrselect handlers do. */
function scriptedDocument(at: (x: number, y: number) => { element: object | null; crossOrigin: boolean }) {
  const fired: object[] = [];
  const cancelling = new Set<object>();
  const shown: string[] = [];
  const host: DomOverlayHost = {
    isElement: (v) => typeof v === 'object' && v !== null,
    show: () => shown.push('show'),
    hide: () => shown.push('hide'),
    hitTest: (_root, x, y) => at(x, y),
    fireBeforeXRSelect(element) {
      fired.push(element);
      return cancelling.has(element);
    },
  };
  return { host, fired, cancelling, shown };
}

const button = { element: 'button' };
const text = { element: 'text' };
const frame = { element: 'cross-origin iframe' };

function at(x: number) {
  if (x < 10) return { element: button, crossOrigin: false };
  if (x < 20) return { element: text, crossOrigin: false };
  if (x < 30) return { element: frame, crossOrigin: true };
  return { element: null, crossOrigin: false };
}

const start = (sourceId: number, x?: number): DeviceInputAction => ({
  sourceId,
  action: 'select',
  phase: 'start',
  ...(x === undefined ? {} : { overlayPoint: { x, y: 1 } }),
});
const end = (sourceId: number): DeviceInputAction => ({ sourceId, action: 'select', phase: 'end' });

describe('§primary actions on the overlay (R-DOM-03/04, R-DOM-06)', () => {
  it('R-DOM-03: beforexrselect first; cancelled, no selectstart/select/selectend for that action', () => {
    const doc = scriptedDocument(at);
    doc.cancelling.add(button);
    const o = new SessionDomOverlay('screen', root, doc.host, {});
    expect(o.filter([start(1, 5)])).toEqual([]);
    expect(doc.fired).toEqual([button]);
    expect(o.filter([end(1)])).toEqual([]);
    // Not cancelled (text): the action is the session's as usual.
    expect(o.filter([start(1, 15), end(1)])).toEqual([start(1, 15), end(1)]);
    expect(doc.fired).toEqual([button, text]);
    // In the world (no overlay point, or outside the overlay): no beforexrselect.
    expect(o.filter([start(2), end(2), start(3, 50)])).toEqual([start(2), end(2), start(3, 50)]);
    expect(doc.fired).toHaveLength(2);
  });

  it('R-DOM-04: on cross-origin content, no beforexrselect and no XR select, whatever the page does', () => {
    const doc = scriptedDocument(at);
    const o = new SessionDomOverlay('screen', root, doc.host, {});
    expect(o.filter([start(1, 25)])).toEqual([]);
    // The source's poses are withheld while the action lasts (the session's pose resolver reads this).
    expect(o.withheldSources.has(1)).toBe(true);
    expect(o.filter([])).toEqual([]);
    expect(o.withheldSources.has(1)).toBe(true);
    expect(o.filter([end(1)])).toEqual([]);
    expect(o.withheldSources.has(1)).toBe(true);
    o.filter([]);
    expect(o.withheldSources.has(1)).toBe(false);
    const click: DeviceInputAction = {
      sourceId: 1,
      action: 'select',
      phase: 'click',
      overlayPoint: { x: 25, y: 1 },
    };
    expect(o.filter([click])).toEqual([]);
    expect(o.withheldSources.has(1)).toBe(true);
    o.filter([]);
    expect(o.withheldSources.has(1)).toBe(false);
    expect(doc.fired).toEqual([]);
    // Squeeze is not the primary action: untouched.
    const squeeze: DeviceInputAction = { sourceId: 1, action: 'squeeze', phase: 'start' };
    expect(o.filter([squeeze])).toEqual([squeeze]);
  });

  it('R-DOM-06: shown at the start, removed at the end (once each)', () => {
    const doc = scriptedDocument(at);
    const o = new SessionDomOverlay('screen', root, doc.host, {});
    o.show();
    o.show();
    o.hide();
    o.hide();
    expect(doc.shown).toEqual(['show', 'hide']);
  });
});

describe('R-DOM-07: only the device makes XR selects', () => {
  it("a beforexrselect the page dispatches and cancels itself does not suppress the device's select", async () => {
    const device = createPhoneAR();
    const ua = makeUA({ device });
    const s = await request(ua, { requiredFeatures: ['dom-overlay'], domOverlay: { root } });
    const selects: string[] = [];
    s.addEventListener('select', () => selects.push('select'));
    const forged = new XRSessionEvent('beforexrselect', { session: s, cancelable: true } as {
      session: object;
    });
    s.addEventListener('beforexrselect', (e) => e.preventDefault());
    expect(s.dispatchEvent(forged)).toBe(false);
    const touch = device.addInputSource({ handedness: 'none', targetRayMode: 'screen' });
    const stop = keepFrames(s);
    await sleep(30);
    touch.select();
    await sleep(60);
    stop();
    expect(selects).toEqual(['select']);
    await s.end();
  });
});
