// Seed 002 in the script bundle, where the embedder opts in (install({ navigation: 'same-origin' })):
// the bundle keeps, in this tab's sessionStorage, the URL of the document being left and whether it
// held an immersive session; the next document of the same origin reads it (once) as the previous
// document's record. sessionStorage is per origin and per tab, so a record never crosses origins:
// only same-origin continuation can be granted. The record lives in storage the page itself can
// write, so a page can forge "the previous page was immersive" for its own origin: that is why it
// is an embedder's choice, off by default. The extension takes the same facts from
// chrome.webNavigation, out of the page's reach.

import {
  JSONParse,
  JSONStringify,
  ObjectGetOwnPropertyDescriptor,
  ReflectApply,
  String,
} from '../primordials.js';
import { EventIsTrusted, listen } from '../primordials-dom.js';

const KEY = 'xrgate:navigation';

// sessionStorage and its methods as they were at load.
const storage: Storage | null = (() => {
  try {
    return (globalThis as { sessionStorage?: Storage }).sessionStorage ?? null;
  } catch {
    return null; // storage blocked (sandboxed or opaque origin)
  }
})();
const StorageProto = (globalThis as { Storage?: { prototype: Storage } }).Storage?.prototype;
const getItem = StorageProto?.getItem;
const setItem = StorageProto?.setItem;
const removeItem = StorageProto?.removeItem;
const hrefAtLoad: string = (() => {
  try {
    return String(globalThis.location?.href ?? '');
  } catch {
    return '';
  }
})();

export interface PreviousDocumentRecord {
  readonly url: string;
  readonly immersive: boolean;
  /**
   * Where the previous document's last navigation was headed (the Navigation API's trusted
   * `navigate` event): a load at another URL came through a redirect, which Navigation Timing
   * hides when a hop was cross-origin (R-NAV-08).
   */
  readonly destination: string | null;
}

// The Navigation API as it was at load (Chromium): the destination of this document's navigation
// away, from trusted `navigate` events only.
let destination: string | null = null;
const navigationAtLoad = (globalThis as { navigation?: EventTarget }).navigation;
const destinationGetter = (() => {
  const NavigateEventCtor = (globalThis as { NavigateEvent?: { prototype: object } }).NavigateEvent;
  const desc = NavigateEventCtor
    ? ObjectGetOwnPropertyDescriptor(NavigateEventCtor.prototype, 'destination')
    : undefined;
  return desc?.get;
})();
const destinationUrlGetter = (() => {
  const D = (globalThis as { NavigationDestination?: { prototype: object } }).NavigationDestination;
  const desc = D ? ObjectGetOwnPropertyDescriptor(D.prototype, 'url') : undefined;
  return desc?.get;
})();

/** Keeps the destination of this document's navigations (trusted events only). */
export function watchNavigationDestination(): void {
  if (!navigationAtLoad || !destinationGetter || !destinationUrlGetter) return;
  listen(navigationAtLoad, 'navigate', (e: Event) => {
    if (!EventIsTrusted(e)) return;
    try {
      const d = ReflectApply(destinationGetter, e, []);
      destination = String(ReflectApply(destinationUrlGetter, d, []));
    } catch {
      destination = null;
    }
  });
}

/** The previous document's record, taken (removed) so that it counts for one load only. */
export function takePreviousDocumentRecord(): PreviousDocumentRecord | null {
  if (!storage || !getItem || !removeItem) return null;
  try {
    const raw = ReflectApply(getItem, storage, [KEY]) as string | null;
    ReflectApply(removeItem, storage, [KEY]);
    if (typeof raw !== 'string') return null;
    const v = JSONParse(raw) as { url?: unknown; immersive?: unknown; destination?: unknown } | null;
    if (v === null || typeof v !== 'object' || typeof v.url !== 'string') return null;
    return {
      url: v.url,
      immersive: v.immersive === true,
      destination: typeof v.destination === 'string' ? v.destination : null,
    };
  } catch {
    return null;
  }
}

/** Writes this document's record as it goes away (`immersive`: it holds an immersive session). */
export function writeDocumentRecord(immersive: boolean): void {
  if (!storage || !setItem) return;
  try {
    ReflectApply(setItem, storage, [KEY, JSONStringify({ url: hrefAtLoad, immersive, destination })]);
  } catch {
    // quota or blocked storage: no record, no grant
  }
}
