// The extension service worker's state (src/extension/ua/browser-state.ts) in Node: the
// browser-wide immersive lock, consent per origin (never written for incognito documents), prompt
// answers only from a prompt frame in the same tab and only once, navigation records, device
// state per tab; and the policy's reading of a browser navigation record.

import { describe, expect, it } from 'vitest';
import { BrowserState } from '../../src/extension/ua/browser-state.js';
import type { ConsentQuestion, ConsentRecord } from '../../src/policy/consent.js';
import { navigationFactsFromBrowserRecord } from '../../src/policy/navigation.js';
import { originOf } from '../../src/policy/origin.js';
import { memoryStore } from './memory-store.js';

function doc(id: number, tabId: number, url: string, incognito = false) {
  const sent: Record<string, unknown>[] = [];
  return {
    id,
    tabId,
    frameId: 0,
    url,
    incognito,
    send: (m: unknown) => sent.push(m as Record<string, unknown>),
    sent,
  };
}

const record = (origin: string, feature: string): ConsentRecord =>
  ({
    origin,
    browsingContext: 'persistent',
    mode: 'immersive-vr',
    feature,
    state: 'granted',
    kind: 'explicit',
    at: 0,
    expiresAt: null,
    duration: 'persistent',
    persisted: true,
  }) as ConsentRecord;

const question: ConsentQuestion = {
  origin: 'https://a.example',
  mode: 'immersive-vr',
  features: [{ name: 'local-floor', required: true, reveals: 'your height' }],
};

describe('BrowserState', () => {
  it('one immersive lock for the whole browser, whatever the origin; released with its document', async () => {
    const st = new BrowserState({ storage: memoryStore() });
    await st.openDocument(doc(1, 10, 'https://a.example/'));
    await st.openDocument(doc(2, 11, 'https://b.example/'));
    expect(st.acquireLock(1)).toBe(true);
    expect(st.acquireLock(2)).toBe(false);
    expect(st.lockHolder()).toEqual({ tabId: 10, frameId: 0, origin: 'https://a.example' });
    st.releaseLock(2); // not the holder: nothing happens
    expect(st.acquireLock(2)).toBe(false);
    st.closeDocument(1);
    expect(st.acquireLock(2)).toBe(true);
    expect(st.acquireLock(99)).toBe(false); // an unknown document never holds it
  });

  it("consent: a document saves only its own origin's persisted records; incognito ones never reach storage", async () => {
    const storage = memoryStore();
    const st = new BrowserState({ storage });
    await st.openDocument(doc(1, 10, 'https://a.example/page'));
    await st.saveConsent(1, [
      record('https://a.example', 'local-floor'),
      record('https://evil.example', 'hand-tracking'),
      { ...record('https://a.example', 'bounded-floor'), persisted: false },
    ]);
    expect([...storage.data.keys()]).toEqual(['consent:https://a.example']);
    expect((storage.data.get('consent:https://a.example') as ConsentRecord[]).map((r) => r.feature)).toEqual([
      'local-floor',
    ]);
    const welcome = await st.openDocument(doc(2, 12, 'https://a.example/other'));
    expect(welcome.consent.map((r) => r.feature)).toEqual(['local-floor']);
    // Incognito: remembered for the life of the worker only, never written.
    const before = storage.writes;
    await st.openDocument(doc(3, 13, 'https://c.example/', true));
    await st.saveConsent(3, [record('https://c.example', 'local-floor')]);
    expect(storage.writes).toBe(before);
    expect(storage.data.has('consent:https://c.example')).toBe(false);
    expect((await st.consentFor('https://c.example', true)).length).toBe(1);
    expect((await st.consentFor('https://c.example', false)).length).toBe(0);
  });

  it("consent is keyed by Chrome's record of the document's origin: an opaque one ('null') gets and keeps nothing", async () => {
    const storage = memoryStore();
    const st = new BrowserState({ storage });
    await st.openDocument(doc(1, 10, 'https://a.example/page'));
    await st.saveConsent(1, [record('https://a.example', 'local-floor')]);
    // A sandboxed document at the site's URL: Chrome records 'null'.
    const sandboxed = { ...doc(2, 10, 'https://a.example/page'), senderOrigin: 'null' };
    expect((await st.openDocument(sandboxed)).consent).toEqual([]);
    const before = storage.writes;
    await st.saveConsent(2, [record('null', 'hand-tracking'), record('https://a.example', 'bounded-floor')]);
    expect(storage.writes).toBe(before);
    expect(await st.consentFor('null', false)).toEqual([]);
    // An about:srcdoc document: its URL has no origin, Chrome records its parent's.
    const srcdoc = { ...doc(3, 10, 'about:srcdoc'), senderOrigin: 'https://a.example' };
    expect((await st.openDocument(srcdoc)).consent.map((r) => r.feature)).toEqual(['local-floor']);
  });

  it("R-TUI-11: a trusted Escape in any frame of a tab ends that tab's immersive session, never another tab's", async () => {
    const st = new BrowserState({ storage: memoryStore() });
    const holder = doc(1, 10, 'https://a.example/');
    const frame = { ...doc(2, 10, 'https://a.example/frame'), frameId: 3 };
    const elsewhere = doc(3, 11, 'https://b.example/');
    for (const d of [holder, frame, elsewhere]) await st.openDocument(d);
    expect(st.acquireLock(1)).toBe(true);
    st.userEscape(3);
    expect(holder.sent.filter((m) => m.t === 'end-immersive')).toHaveLength(0);
    st.userEscape(2);
    expect(holder.sent.filter((m) => m.t === 'end-immersive')).toHaveLength(1);
    // Nobody holds the lock: nothing to end.
    st.releaseLock(1);
    st.userEscape(2);
    expect(holder.sent.filter((m) => m.t === 'end-immersive')).toHaveLength(1);
  });

  it("R-TUI-11: a focused frame whose listeners a page took ends its tab's session, and keeps no tab from the next one", async () => {
    const st = new BrowserState({ storage: memoryStore() });
    const holder = doc(1, 10, 'https://a.example/');
    const other = doc(2, 11, 'https://b.example/');
    for (const d of [holder, other]) await st.openDocument(d);
    expect(st.acquireLock(1)).toBe(true);
    st.listenersTakenInTab(11);
    expect(holder.sent.filter((m) => m.t === 'end-immersive')).toHaveLength(0);
    st.listenersTakenInTab(10);
    expect(holder.sent.filter((m) => m.t === 'end-immersive')).toHaveLength(1);
    st.releaseLock(1);
    // Nothing kept: the tab may start another (a frame focused again ends it again).
    expect(st.acquireLock(1)).toBe(true);
  });

  it('revoking tells every document of the origin and removes the stored records', async () => {
    const storage = memoryStore();
    const st = new BrowserState({ storage });
    const a = doc(1, 10, 'https://a.example/');
    const other = doc(2, 11, 'https://b.example/');
    await st.openDocument(a);
    await st.openDocument(other);
    await st.saveConsent(1, [
      record('https://a.example', 'local-floor'),
      record('https://a.example', 'bounded-floor'),
    ]);
    await st.revoke('https://a.example', 'local-floor');
    expect((storage.data.get('consent:https://a.example') as ConsentRecord[]).map((r) => r.feature)).toEqual([
      'bounded-floor',
    ]);
    expect(a.sent).toContainEqual({ t: 'revoke', feature: 'local-floor' });
    expect(other.sent).toEqual([]);
    await st.revoke('https://a.example', null);
    expect(storage.data.has('consent:https://a.example')).toBe(false);
  });

  it('a prompt answer counts only from a prompt frame in the same tab, once; a vanished frame refuses', async () => {
    const st = new BrowserState({ storage: memoryStore() });
    const a = doc(1, 10, 'https://a.example/');
    await st.openDocument(a);
    const token = 'a'.repeat(32);
    expect(st.registerPrompt(1, 'short', question)).toBe(false);
    expect(st.registerPrompt(1, token, question)).toBe(true);
    expect(st.promptQuestion(token, 11)).toBeNull(); // another tab's frame
    expect(st.promptAnswer(token, 10, 'once')).toBe(false); // not shown yet
    expect(st.promptQuestion(token, 10)).toEqual(question);
    expect(st.promptQuestion(token, 10)).toBeNull(); // only once
    expect(st.promptAnswer(token, 10, 'grant-everything')).toBe(false);
    expect(st.promptAnswer(token, 10, 'once')).toBe(true);
    expect(st.promptAnswer(token, 10, 'remember')).toBe(false); // answered already
    expect(a.sent).toEqual([
      {
        t: 'answer',
        token,
        answer: { granted: { 'local-floor': true }, kind: 'explicit', duration: 'session' },
      },
    ]);
    const second = 'b'.repeat(32);
    st.registerPrompt(1, second, question);
    st.promptQuestion(second, 10);
    st.promptGone(second);
    expect(a.sent[1]).toEqual({
      t: 'answer',
      token: second,
      answer: { granted: { 'local-floor': false }, kind: 'explicit', duration: 'browsing-context' },
    });
  });

  it('navigation records: the frame left, whether it held the lock, transition and qualifiers', async () => {
    const st = new BrowserState({ storage: memoryStore() });
    st.committed({
      tabId: 5,
      frameId: 0,
      url: 'https://a.example/',
      transitionType: 'typed',
      transitionQualifiers: [],
    });
    await st.openDocument(doc(1, 5, 'https://a.example/'));
    expect(st.acquireLock(1)).toBe(true);
    st.beforeNavigate(5, 0);
    st.closeDocument(1);
    st.committed({
      tabId: 5,
      frameId: 0,
      url: 'https://b.example/x',
      transitionType: 'link',
      transitionQualifiers: [],
    });
    const welcome = await st.openDocument(doc(2, 5, 'https://b.example/x#frag'));
    expect(welcome.navigation).toEqual({
      transitionType: 'link',
      transitionQualifiers: [],
      previousUrl: 'https://a.example/',
      previousHadImmersiveSession: true,
      startedByPreviousDocument: true,
    });
    // A document whose URL is not the committed one gets no record (no stale facts).
    expect((await st.openDocument(doc(3, 5, 'https://c.example/'))).navigation).toBeNull();
    st.committed({
      tabId: 5,
      frameId: 0,
      url: 'https://c.example/',
      transitionType: 'link',
      transitionQualifiers: ['server_redirect', 'from_address_bar'],
    });
    const typedRedirect = st.navigationOf(5, 0)!;
    expect(typedRedirect.startedByPreviousDocument).toBe(false);
    expect(typedRedirect.previousHadImmersiveSession).toBe(false);
  });

  it('device state per tab: a panel patch reaches every document of the tab, checked field by field', async () => {
    const st = new BrowserState({ storage: memoryStore() });
    const a = doc(1, 10, 'https://a.example/');
    const b = doc(2, 11, 'https://a.example/');
    await st.openDocument(a);
    await st.openDocument(b);
    const next = st.setDevice(10, { floorHeight: 1.42, preset: 'nope', headset: { position: [0, 'x', 0] } });
    expect(next.floorHeight).toBe(1.42);
    expect(next.preset).toBe('quest-3');
    expect(next.headset.position).toEqual([0, 0, 0]);
    expect(a.sent).toEqual([{ t: 'device', state: next }]);
    expect(b.sent).toEqual([]);
  });

  it("the room (surroundings) per tab: a known room or null reaches every document of the tab and the tab's next document; anything else is ignored", async () => {
    const st = new BrowserState({ storage: memoryStore(), defaultPreset: 'phone-ar' });
    const a = doc(1, 10, 'https://a.example/');
    const frame = { ...doc(2, 10, 'https://b.example/'), frameId: 3 };
    const other = doc(3, 11, 'https://a.example/');
    await st.openDocument(a);
    await st.openDocument(frame);
    await st.openDocument(other);
    // An AR-capable device starts in the living room.
    expect(st.deviceFor(10).environment).toBe('living-room');
    const next = st.setDevice(10, { environment: 'empty-room' });
    expect(next.environment).toBe('empty-room');
    expect(a.sent).toEqual([{ t: 'device', state: next }]);
    expect(frame.sent).toEqual([{ t: 'device', state: next }]);
    expect(other.sent).toEqual([]);
    expect(st.deviceFor(11).environment).toBe('living-room');
    // Hostile values: an unknown name, an inherited name, a non-string, a getter, an object
    // whose toString names a room: the room stays.
    const getter = Object.defineProperty({}, 'environment', { get: () => 'office', enumerable: true });
    const hostile: unknown[] = [
      { environment: 'kitchen' },
      { environment: '__proto__' },
      { environment: 'toString' },
      { environment: 7 },
      { environment: ['office'] },
      { environment: { toString: () => 'office' } },
      { environment: undefined },
      getter,
      Object.create({ environment: 'office' }),
      'office',
      null,
    ];
    for (const patch of hostile) expect(st.setDevice(10, patch).environment).toBe('empty-room');
    // None at all.
    expect(st.setDevice(10, { environment: null }).environment).toBeNull();
    // The tab's next document (a reload) starts in the room the tab is in.
    st.closeDocument(1);
    const reloaded = await st.openDocument(doc(4, 10, 'https://a.example/'));
    expect(reloaded.device.environment).toBeNull();
    st.setDevice(10, { environment: 'office' });
    expect((await st.openDocument(doc(5, 10, 'https://a.example/'))).device.environment).toBe('office');
    // Another device starts in its own room: a headset with passthrough in the living room, a
    // VR-only one in none (and its panel offers no room).
    expect(st.setDevice(10, { preset: 'quest-3' }).environment).toBe('living-room');
    expect(st.setDevice(10, { preset: 'pico-4' }).environment).toBeNull();
  });
});

describe('navigationFactsFromBrowserRecord', () => {
  const origin = originOf('https://b.example/');
  const base = {
    transitionType: 'link',
    transitionQualifiers: [] as string[],
    previousUrl: 'https://a.example/',
    previousHadImmersiveSession: true,
    startedByPreviousDocument: true,
  };
  it('maps transitions to triggers, qualifiers to redirects and history', () => {
    expect(navigationFactsFromBrowserRecord(base, origin)).toMatchObject({
      trigger: 'link',
      navigationType: 'navigate',
      redirectCount: 0,
      previousPageHadImmersiveSession: true,
      navigatedFromInsideImmersiveSession: true,
      sameBrowsingSession: false,
    });
    expect(
      navigationFactsFromBrowserRecord({ ...base, transitionQualifiers: ['client_redirect'] }, origin),
    ).toMatchObject({ trigger: 'script', redirectCount: 1 });
    expect(
      navigationFactsFromBrowserRecord({ ...base, transitionType: 'auto_bookmark' }, origin).trigger,
    ).toBe('bookmark');
    expect(
      navigationFactsFromBrowserRecord({ ...base, transitionQualifiers: ['forward_back'] }, origin),
    ).toMatchObject({ trigger: 'history', navigationType: 'back_forward', sameBrowsingSession: true });
    expect(
      navigationFactsFromBrowserRecord(
        { ...base, transitionType: 'link', transitionQualifiers: ['from_address_bar'] },
        origin,
      ).trigger,
    ).toBe('typed');
    // Unknown transition types give no signal that stands in for activation.
    expect(navigationFactsFromBrowserRecord({ ...base, transitionType: 'teleport' }, origin).trigger).toBe(
      'script',
    );
    expect(
      navigationFactsFromBrowserRecord({ ...base, previousUrl: null }, origin).previousOrigin,
    ).toBeNull();
  });
  it('a hostile record (getters, polluted prototype) reads conservatively', () => {
    (Object.prototype as Record<string, unknown>).previousHadImmersiveSession = true;
    try {
      const facts = navigationFactsFromBrowserRecord(
        { transitionType: 'typed', transitionQualifiers: ['server_redirect'] } as never,
        origin,
      );
      expect(facts.previousPageHadImmersiveSession).toBe(false);
      expect(facts.redirectCount).toBe(1);
    } finally {
      delete (Object.prototype as Record<string, unknown>).previousHadImmersiveSession;
    }
  });
});

describe('the camera privacy indicator per tab (R-CAM-06)', () => {
  it('on while a document of the tab has a camera session, naming the origins Chrome recorded; off when they end or go', async () => {
    const drawn: { tabId: number; origins: readonly string[] | null }[] = [];
    const state = new BrowserState({ storage: memoryStore(), cameraIndicator: (s) => drawn.push(s) });
    const top = doc(1, 7, 'https://a.example/app');
    const frame = { ...doc(2, 7, 'https://b.example/embed'), frameId: 3 };
    const other = doc(3, 8, 'https://c.example/');
    for (const d of [top, frame, other]) await state.openDocument(d);

    state.cameraInUse(1, true);
    expect(drawn).toEqual([{ tabId: 7, origins: ['https://a.example'] }]);
    // A second camera session of the same document changes nothing the user sees.
    state.cameraInUse(1, true);
    expect(drawn).toHaveLength(1);
    // Not a boolean, or an unknown document: nothing.
    state.cameraInUse(1, 'yes');
    state.cameraInUse(99, true);
    expect(drawn).toHaveLength(1);
    state.cameraInUse(2, true);
    expect(drawn.at(-1)).toEqual({ tabId: 7, origins: ['https://a.example', 'https://b.example'] });
    expect(state.cameraOrigins(8)).toBeNull();

    // One of the first document's two sessions ends: still on; the other ends: only b.example's.
    state.cameraInUse(1, false);
    expect(state.cameraOrigins(7)).toEqual(['https://a.example', 'https://b.example']);
    state.cameraInUse(1, false);
    expect(drawn.at(-1)).toEqual({ tabId: 7, origins: ['https://b.example'] });
    // More ends than starts never go below zero; such an end draws the tab's state again (a worker
    // that restarted never saw the start, and the browser kept the badge of the one before).
    const draws = drawn.length;
    state.cameraInUse(1, false);
    expect(drawn.length).toBe(draws + 1);
    expect(drawn.at(-1)).toEqual({ tabId: 7, origins: ['https://b.example'] });
    state.cameraInUse(1, true);
    expect(state.cameraOrigins(7)).toEqual(['https://a.example', 'https://b.example']);
    // The documents go (navigation, a closed frame) without saying their sessions ended: off.
    state.closeDocument(1);
    state.closeDocument(2);
    expect(drawn.at(-1)).toEqual({ tabId: 7, origins: null });
    // A document without a camera session going draws nothing.
    const count = drawn.length;
    state.closeDocument(3);
    expect(drawn).toHaveLength(count);
  });
});

describe('navigation records when the worker missed a commit', () => {
  it("the document a frame leaves is known from its port when the worker never saw the frame's commit (it was starting)", async () => {
    const st = new BrowserState({ storage: memoryStore() });
    // No committed() for this frame: the worker started after the page loaded.
    const page = doc(1, 5, 'https://a.example/immersive.html');
    await st.openDocument(page);
    expect(st.acquireLock(1)).toBe(true);
    st.beforeNavigate(5, 0);
    st.closeDocument(1);
    st.committed({
      tabId: 5,
      frameId: 0,
      url: 'https://a.example/next.html',
      transitionType: 'link',
      transitionQualifiers: [],
    });
    expect(st.navigationOf(5, 0)).toMatchObject({
      previousUrl: 'https://a.example/immersive.html',
      previousHadImmersiveSession: true,
      startedByPreviousDocument: true,
    });
  });
});
