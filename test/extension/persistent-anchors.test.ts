// Persistent anchors in the extension's service worker (R-ANCHOR-06/08/09; src/extension/ua/
// persistent-anchors.ts through BrowserState), in Node: kept per origin in the extension's storage
// and handed to the origin's next document in `welcome` (a handle survives a reload); the origin is
// the one Chrome recorded for the port, so origin B can neither see, restore, move nor delete
// origin A's handles, and an opaque origin keeps none; incognito documents' anchors are never
// written; storage is read as hostile (corrupt records dropped); at most 32 per origin, enforced
// here too. And the user-agent side's store telling its backing of every change.

import { describe, expect, it } from 'vitest';
import { PersistentAnchorStore } from '../../src/agent/anchors.js';
import { BrowserState } from '../../src/extension/ua/browser-state.js';
import { readKeptAnchors } from '../../src/extension/ua/persistent-anchors.js';
import { PERSISTENT_ANCHORS_PER_ORIGIN, persistentHandle } from '../../src/policy/anchors.js';
import { memoryStore } from './memory-store.js';

function doc(
  id: number,
  url: string,
  options: { incognito?: boolean; senderOrigin?: string; tab?: number } = {},
) {
  const sent: Record<string, unknown>[] = [];
  return {
    id,
    tabId: options.tab ?? 10 + id,
    frameId: 0,
    url,
    incognito: options.incognito === true,
    ...(options.senderOrigin !== undefined ? { senderOrigin: options.senderOrigin } : {}),
    send: (m: unknown) => sent.push(m as Record<string, unknown>),
    sent,
  };
}

const handle = () => persistentHandle(Math.random);
const pose = (x: number, y = 0, z = -1) => ({
  position: { x, y, z },
  orientation: { x: 0, y: Math.SQRT1_2, z: 0, w: Math.SQRT1_2 },
});
const A = 'https://a.example';
const B = 'https://b.example';

describe('persistent anchors in the extension worker', () => {
  it("an origin's handle reaches its next document (a reload), never another origin's", async () => {
    const storage = memoryStore();
    const st = new BrowserState({ storage });
    const a = doc(1, `${A}/app.html`);
    const b = doc(2, `${B}/app.html`);
    expect((await st.openDocument(a)).anchors).toEqual({ origin: A, records: [] });
    await st.openDocument(b);
    const h = handle();
    expect(await st.persistAnchor(1, h, pose(0.5))).toBe(true);
    expect([...storage.data.keys()]).toEqual([`anchors:${A}`]);
    // A's next document (the page reloaded) gets it, at the same pose.
    st.closeDocument(1);
    const again = await st.openDocument(doc(3, `${A}/other.html`));
    expect(again.anchors).toEqual({ origin: A, records: [{ handle: h, pose: pose(0.5) }] });
    // B knows nothing of it: not listed, not moved, not deleted.
    expect((await st.openDocument(doc(4, `${B}/x.html`))).anchors.records).toEqual([]);
    expect(await st.moveAnchor(2, h, pose(9))).toBe(false);
    expect(await st.forgetAnchor(2, h)).toBe(false);
    // B making a record with A's handle makes B's own (a compromised renderer): A's is untouched.
    expect(await st.persistAnchor(2, h, pose(7))).toBe(true);
    expect(await st.persistentAnchors(A)).toEqual([{ handle: h, pose: pose(0.5) }]);
    expect(await st.persistentAnchors(B)).toEqual([{ handle: h, pose: pose(7) }]);
    // A moves and deletes its own.
    expect(await st.moveAnchor(3, h, pose(0.6))).toBe(true);
    expect(await st.persistentAnchors(A)).toEqual([{ handle: h, pose: pose(0.6) }]);
    expect(await st.forgetAnchor(3, h)).toBe(true);
    expect(await st.persistentAnchors(A)).toEqual([]);
    expect(storage.data.has(`anchors:${A}`)).toBe(false);
    expect(await st.persistentAnchors(B)).toEqual([{ handle: h, pose: pose(7) }]);
    // A move never brings a deleted handle back (a stale document still tracking its anchor).
    expect(await st.moveAnchor(3, h, pose(0.7))).toBe(false);
    expect(await st.persistentAnchors(A)).toEqual([]);
  });

  it('a new handle and a deletion reach the other open documents of the origin only', async () => {
    const st = new BrowserState({ storage: memoryStore() });
    const a1 = doc(1, `${A}/one.html`);
    const a2 = doc(2, `${A}/two.html`);
    const b = doc(3, `${B}/b.html`);
    const aPrivate = doc(4, `${A}/p.html`, { incognito: true });
    for (const d of [a1, a2, b, aPrivate]) await st.openDocument(d);
    const h = handle();
    await st.persistAnchor(1, h, pose(1));
    await st.forgetAnchor(1, h);
    expect(a2.sent).toEqual([
      { t: 'anchor-kept', handle: h, pose: pose(1) },
      { t: 'anchor-forgotten', handle: h },
    ]);
    // One refused (a bad pose) is told to nobody.
    await st.persistAnchor(1, handle(), {
      position: { x: Number.NaN, y: 0, z: 0 },
      orientation: pose(1).orientation,
    });
    expect(a2.sent).toHaveLength(2);
    expect(a1.sent).toEqual([]);
    expect(b.sent).toEqual([]);
    expect(aPrivate.sent).toEqual([]);
  });

  it('the origin is the one Chrome recorded: an opaque origin (a sandboxed frame) keeps nothing', async () => {
    const storage = memoryStore();
    const st = new BrowserState({ storage });
    const h = handle();
    await st.openDocument(doc(1, `${A}/app.html`));
    await st.persistAnchor(1, h, pose(1));
    const writes = storage.writes;
    // Its URL is A's, its origin is opaque: none of A's anchors, and nothing it makes is written.
    const sandboxed = doc(2, `${A}/sandboxed.html`, { senderOrigin: 'null' });
    expect((await st.openDocument(sandboxed)).anchors).toEqual({ origin: 'null', records: [] });
    expect(await st.persistAnchor(2, handle(), pose(2))).toBe(false);
    expect(await st.forgetAnchor(2, h)).toBe(false);
    expect(storage.writes).toBe(writes);
    // An about:blank frame of A (Chrome records A as its origin) is A's.
    const blank = doc(3, 'about:blank', { senderOrigin: A });
    expect((await st.openDocument(blank)).anchors.records.map((r) => r.handle)).toEqual([h]);
  });

  it("incognito: kept in the worker only, never written; not the regular profile's, gone with the worker", async () => {
    const storage = memoryStore();
    const st = new BrowserState({ storage });
    const h = handle();
    await st.openDocument(doc(1, `${A}/app.html`, { incognito: true }));
    expect(await st.persistAnchor(1, h, pose(1))).toBe(true);
    expect(storage.writes).toBe(0);
    expect(storage.data.size).toBe(0);
    // The next incognito document of A has it; a regular one does not.
    expect(
      (await st.openDocument(doc(2, `${A}/app.html`, { incognito: true }))).anchors.records,
    ).toHaveLength(1);
    expect((await st.openDocument(doc(3, `${A}/app.html`))).anchors.records).toEqual([]);
    // A regular handle of A is not the incognito documents'.
    await st.persistAnchor(3, handle(), pose(3));
    expect(await st.persistentAnchors(A, true)).toEqual([{ handle: h, pose: pose(1) }]);
    expect(await st.forgetAnchor(2, h)).toBe(true);
    expect(storage.writes).toBe(1);
    // A restarted worker (a new BrowserState on the same storage) has no incognito anchor.
    await st.persistAnchor(2, handle(), pose(4));
    const restarted = new BrowserState({ storage });
    expect(
      (await restarted.openDocument(doc(5, `${A}/app.html`, { incognito: true }))).anchors.records,
    ).toEqual([]);
  });

  it('corrupt or hostile storage: every record that is not a handle with a finite rigid pose is dropped', async () => {
    const storage = memoryStore();
    const good = handle();
    const good2 = handle();
    const getterPose = { position: { x: 0, y: 0, z: 0 }, orientation: {} };
    Object.defineProperty(getterPose.orientation, 'w', { get: () => 1, enumerable: true });
    const inherited = Object.create({ handle: handle(), pose: pose(1) });
    storage.data.set(`anchors:${A}`, [
      { handle: good, pose: pose(1) },
      {
        handle: handle(),
        pose: { position: { x: Number.NaN, y: 0, z: 0 }, orientation: pose(0).orientation },
      },
      {
        handle: handle(),
        pose: { position: { x: Number.POSITIVE_INFINITY, y: 0, z: 0 }, orientation: pose(0).orientation },
      },
      { handle: handle(), pose: { position: { x: '1', y: 0, z: 0 }, orientation: pose(0).orientation } },
      { handle: handle(), pose: { position: { x: 1e9, y: 0, z: 0 }, orientation: pose(0).orientation } },
      { handle: handle(), pose: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 0 } } },
      { handle: handle(), pose: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 2 } } },
      { handle: handle(), pose: { position: [0, 0, 0], orientation: [0, 0, 0, 1] } },
      { handle: handle(), pose: getterPose },
      { handle: handle().toUpperCase(), pose: pose(1) },
      { handle: 'not-a-uuid', pose: pose(1) },
      { handle: '00000000-0000-1000-8000-000000000000', pose: pose(1) },
      { handle: 42, pose: pose(1) },
      { handle: good, pose: pose(2) },
      { pose: pose(1) },
      null,
      'x',
      inherited,
      { handle: good2, pose: { ...pose(3), extra: { evil: true } } },
    ]);
    storage.data.set(`anchors:${B}`, { 0: { handle: handle(), pose: pose(1) }, length: 1 });
    const st = new BrowserState({ storage });
    expect((await st.openDocument(doc(1, `${A}/x.html`))).anchors.records).toEqual([
      { handle: good, pose: pose(1) },
      { handle: good2, pose: pose(3) },
    ]);
    expect((await st.openDocument(doc(2, `${B}/x.html`))).anchors.records).toEqual([]);
    // A slightly unnormalized quaternion is kept, normalized.
    const [r] = readKeptAnchors([
      { handle: good, pose: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1.004 } } },
    ]);
    expect(r!.pose.orientation.w).toBe(1);
  });

  it('hostile messages: a handle or pose that is not one is refused, nothing written', async () => {
    const storage = memoryStore();
    const st = new BrowserState({ storage });
    await st.openDocument(doc(1, `${A}/x.html`));
    const hostile: [unknown, unknown][] = [
      ['not-a-uuid', pose(1)],
      [{ toString: () => handle() }, pose(1)],
      [handle(), { position: { x: Number.NaN, y: 0, z: 0 }, orientation: pose(0).orientation }],
      [
        handle(),
        {
          get position() {
            return { x: 0, y: 0, z: 0 };
          },
          orientation: pose(0).orientation,
        },
      ],
      [handle(), null],
      [handle(), 'pose'],
    ];
    for (const [h, p] of hostile) expect(await st.persistAnchor(1, h, p)).toBe(false);
    expect(await st.persistAnchor(99, handle(), pose(1))).toBe(false); // no such document
    expect(storage.writes).toBe(0);
  });

  it(`at most ${PERSISTENT_ANCHORS_PER_ORIGIN} per origin, in the worker too (stored lists beyond it are cut)`, async () => {
    const storage = memoryStore();
    const st = new BrowserState({ storage });
    await st.openDocument(doc(1, `${A}/x.html`));
    await st.openDocument(doc(2, `${B}/x.html`));
    const handles: string[] = [];
    for (let i = 0; i < PERSISTENT_ANCHORS_PER_ORIGIN; i++) {
      const h = handle();
      handles.push(h);
      expect(await st.persistAnchor(1, h, pose(i))).toBe(true);
    }
    expect(await st.persistAnchor(1, handle(), pose(99))).toBe(false);
    // Another origin has its own allowance; an existing handle still moves.
    expect(await st.persistAnchor(2, handle(), pose(1))).toBe(true);
    expect(await st.moveAnchor(1, handles[0], pose(50))).toBe(true);
    expect(await st.forgetAnchor(1, handles[1])).toBe(true);
    expect(await st.persistAnchor(1, handle(), pose(98))).toBe(true);
    expect(await st.persistentAnchors(A)).toHaveLength(PERSISTENT_ANCHORS_PER_ORIGIN);
    // Storage that holds more (written by hand, or by an older version) is cut to the cap on load.
    const many = Array.from({ length: 40 }, (_, i) => ({ handle: handle(), pose: pose(i) }));
    storage.data.set(`anchors:https://c.example`, many);
    const loaded = await new BrowserState({ storage }).persistentAnchors('https://c.example');
    expect(loaded.map((r) => r.handle)).toEqual(
      many.slice(0, PERSISTENT_ANCHORS_PER_ORIGIN).map((r) => r.handle),
    );
  });

  it('changes one after another: concurrent messages lose no record', async () => {
    const storage = memoryStore();
    const st = new BrowserState({ storage });
    await st.openDocument(doc(1, `${A}/x.html`));
    const hs = Array.from({ length: 10 }, handle);
    await Promise.all(hs.map((h, i) => st.persistAnchor(1, h, pose(i))));
    expect((storage.data.get(`anchors:${A}`) as { handle: string }[]).map((r) => r.handle)).toEqual(hs);
  });
});

describe("the user-agent side's PersistentAnchorStore and its backing", () => {
  it('starts with the records it is given; tells the backing of a new handle, a real move and a deletion, not of what it is told was forgotten', () => {
    const calls: unknown[][] = [];
    const h = handle();
    const store = new PersistentAnchorStore({
      records: [{ handle: h, origin: A, pose: pose(1) }],
      backing: {
        persist: (...a) => calls.push(['persist', ...a]),
        move: (...a) => calls.push(['move', ...a]),
        forget: (...a) => calls.push(['forget', ...a]),
      },
    });
    expect(store.handles(A)).toEqual([h]);
    expect(store.get(h)).toEqual({ origin: A, pose: pose(1) });
    store.update(h, A, pose(1)); // the same pose: nothing to tell
    store.update(h, B, pose(5)); // not B's
    store.update(h, A, pose(2));
    const h2 = handle();
    store.set(h2, A, pose(3));
    store.delete(h, B); // not B's
    store.delete(h, A);
    expect(store.forgotten(h2, A)).toBe(true);
    // Made by another document of the origin: known here, the backing not told; a handle this
    // store has already stays as it is.
    const h3 = handle();
    store.learned(h3, A, pose(4));
    store.learned(h3, A, pose(9));
    expect(store.get(h3)).toEqual({ origin: A, pose: pose(4) });
    expect(store.forgotten(h3, A)).toBe(true);
    expect(calls).toEqual([
      ['move', h, A, pose(2)],
      ['persist', h2, A, pose(3)],
      ['forget', h, A],
    ]);
    expect(store.handles(A)).toEqual([]);
  });
});
