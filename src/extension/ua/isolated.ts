// The Chromium extension's isolated-world content script (document_start, every frame): the
// user-agent side of xrgate for this document. Chrome gives an isolated world its own JavaScript
// globals and its own DOM wrappers, so nothing a page patches reaches what runs here: facts
// (activation, focus, visibility, secure context, permissions policy) are read through this
// world's bindings, decisions are made with src/policy, and the page side's messages are requests
// to check, never facts. What the whole browser holds once (the immersive device lock, consent
// records, navigation records, the device's state, the audit log) is in the service worker.
//
// Trusted UI: the consent prompt is an extension page in an iframe (prompt.html) the page cannot
// script, in the top layer; it judges its own visibility (IntersectionObserver v2) and sends its
// answer to the service worker, which forwards it here.

import { type PersistentAnchorBacking, PersistentAnchorStore } from '../../agent/anchors.js';
import { serveDocumentPort } from '../../agent/channel.js';
import type { DocumentAgent } from '../../agent/document-agent.js';
import { UserAgentSide } from '../../agent/user-agent-side.js';
import { showPrivacyIndicator } from '../../browser/privacy-indicator.js';
import {
  DeviceDriver,
  type DeviceState,
  defaultDeviceState,
  readDeviceState,
} from '../../device/device-state.js';
import type { RigidPose } from '../../device/types.js';
import { BrowserHost } from '../../host/browser.js';
import type { OfferControl, OfferControlRequest } from '../../host/host.js';
import type { ConsentAnswer, ConsentQuestion, ConsentRecord, ConsentStorage } from '../../policy/consent.js';
import { AuditLog } from '../../policy/decision.js';
import { type BrowserNavigationRecord, navigationFactsFromBrowserRecord } from '../../policy/navigation.js';
import { defineProfile, profiles } from '../../policy/profile.js';
import {
  afterUncancellable,
  DocumentPrototypeHasFocus,
  keepListening,
  onKeptListenersTaken,
} from '../../primordials-dom.js';
import { HANDSHAKE_EVENT, PORT_DOCUMENT, READY_EVENT } from '../names.js';
import { type KeptAnchor, readKeptAnchor, readKeptAnchors } from './persistent-anchors.js';

declare const chrome: {
  runtime: {
    connect(info: { name: string }): ChromePort;
    getURL(path: string): string;
  };
  extension?: { inIncognitoContext?: boolean };
};
interface ChromePort {
  postMessage(m: unknown): void;
  onMessage: { addListener(fn: (m: unknown) => void): void };
  onDisconnect: { addListener(fn: () => void): void };
  disconnect(): void;
}

const WELCOME_TIMEOUT_MS = 3000;
const incognito = chrome.extension?.inIncognitoContext === true;

// --- the page side's port, taken at document_start ---------------------------------------------
let pagePort: MessagePort | null = null;
const onHandshake = (e: Event) => {
  // The main-world script's event (script-dispatched, so never isTrusted): it is the first one
  // because it comes at document_start, before any page script; the listener goes after it.
  if (!(e instanceof MessageEvent)) return;
  const port = e.ports[0];
  if (!port || pagePort) return;
  e.stopImmediatePropagation();
  e.preventDefault();
  pagePort = port;
  window.removeEventListener(HANDSHAKE_EVENT, onHandshake, true);
  begin();
};
window.addEventListener(HANDSHAKE_EVENT, onHandshake, true);
// Escape is the user's way out of immersive content (R-TUI-11); only the browser's own event.
// Added now, at document_start, so that it runs before any capturing listener of the page's (which
// could stop it); kept across the page's document.open(), which removes every listener of the
// window. The key reaches the focused frame only: in a frame without the tab's immersive session
// (the page moved the focus into a frame of its own) the worker ends the session where it is.
keepListening(
  window,
  'keydown',
  (e) => {
    if (!e.isTrusted || (e as KeyboardEvent).key !== 'Escape') return;
    if (onEndImmersive?.() !== true) tell({ t: 'user-escape' });
  },
  { capture: true },
);
// This frame's page took the window's listeners (document.open(), its own first): while this frame
// has the focus, the user's Escape may not reach us, so the worker ends the tab's immersive session
// whenever it gets the focus (watched four times a second from then on; R-TUI-11).
let focusWatch = false;
onKeptListenersTaken(() => {
  if (focusWatch) return;
  focusWatch = true;
  let focused = false;
  const check = () => {
    const now = DocumentPrototypeHasFocus ? DocumentPrototypeHasFocus(document) === true : false;
    if (now && !focused) tell({ t: 'listeners-taken' });
    focused = now;
    afterUncancellable(check, 250);
  };
  check();
});
// If the main-world script ran first, it waits for this.
window.dispatchEvent(new Event(READY_EVENT));

// --- the service worker -------------------------------------------------------------------------
let sw: ChromePort | null = null;
let welcome: {
  device: DeviceState;
  consent: ConsentRecord[];
  navigation: BrowserNavigationRecord | null;
  automaticSessions: boolean;
  anchors: { origin: string; records: readonly KeptAnchor[] };
} | null = null;
const swWaiters: ((m: Record<string, unknown>) => boolean)[] = [];
let onDevice: ((s: DeviceState) => void) | null = null;
let onRevoke: ((feature: string | null) => void) | null = null;
/** Ends this document's immersive session, if it has one (set once the user agent runs). */
let onEndImmersive: (() => boolean | undefined) | null = null;
let onAnchorForgotten: ((handle: string) => void) | null = null;
let onAnchorKept: ((m: Record<string, unknown>) => void) | null = null;
const answers = new Map<string, (a: unknown) => void>();

/** Connected once already: a new port is a restarted worker, which knows nothing of this document. */
let everConnected = false;
/** Camera privacy indicators this document shows (sessions granted 'camera-access', not ended). */
let camerasInUse = 0;

function connectWorker(): void {
  const again = everConnected;
  everConnected = true;
  sw = chrome.runtime.connect({ name: PORT_DOCUMENT });
  if (again) {
    // A restarted worker: this document opens again (Chrome's record of it, as the first time),
    // and what the browser's UI shows for it is told again (R-CAM-06's toolbar badge).
    sw.postMessage({ t: 'hello', href: location.href });
    for (let i = 0; i < camerasInUse; i++) sw.postMessage({ t: 'camera', on: true });
  }
  sw.onMessage.addListener((raw) => {
    const m = raw as Record<string, unknown>;
    if (m === null || typeof m !== 'object') return;
    for (let i = 0; i < swWaiters.length; i++) {
      if (swWaiters[i]!(m)) {
        swWaiters.splice(i, 1);
        return;
      }
    }
    if (m.t === 'device' && onDevice) onDevice(m.state as DeviceState);
    else if (m.t === 'revoke' && onRevoke) onRevoke(typeof m.feature === 'string' ? m.feature : null);
    else if (m.t === 'end-immersive' && onEndImmersive) onEndImmersive();
    else if (m.t === 'anchor-forgotten' && onAnchorForgotten && typeof m.handle === 'string')
      onAnchorForgotten(m.handle);
    else if (m.t === 'anchor-kept' && onAnchorKept) onAnchorKept(m);
    else if (m.t === 'answer' && typeof m.token === 'string') {
      const resolve = answers.get(m.token);
      answers.delete(m.token);
      resolve?.(m.answer);
    }
  });
  sw.onDisconnect.addListener(() => {
    // The worker restarted: whatever it held for this document is gone (the lock included), and
    // every prompt waiting on it is a refusal.
    sw = null;
    for (const [token, resolve] of answers) {
      answers.delete(token);
      resolve(null); // a refusal (a prompt) or a dismissal (an offer)
    }
  });
}

function ask(message: Record<string, unknown>, reply: string): Promise<Record<string, unknown> | null> {
  return new Promise((resolve) => {
    if (!sw) connectWorker();
    const timer = setTimeout(() => {
      const i = swWaiters.indexOf(match);
      if (i >= 0) swWaiters.splice(i, 1);
      resolve(null);
    }, WELCOME_TIMEOUT_MS);
    const match = (m: Record<string, unknown>) => {
      if (m.t !== reply) return false;
      clearTimeout(timer);
      resolve(m);
      return true;
    };
    swWaiters.push(match);
    sw!.postMessage(message);
  });
}

function tell(message: Record<string, unknown>): void {
  if (!sw) connectWorker();
  sw!.postMessage(message);
}

// --- Trusted UI: the prompt frame -----------------------------------------------------------------

function randomToken(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const PROMPT_STYLE = `:host { all: initial !important; position: fixed !important; inset: 0 !important; display: flex !important;
  align-items: center !important; justify-content: center !important; width: auto !important; height: auto !important;
  margin: 0 !important; padding: 0 !important; border: 0 !important; background: rgba(10,12,20,.55) !important;
  opacity: 1 !important; visibility: visible !important; filter: none !important; transform: none !important;
  clip-path: none !important; z-index: 2147483647 !important; pointer-events: auto !important; }
iframe { width: min(460px, 94vw); height: min(380px, 90vh); border: 0; border-radius: 12px; background: #fff;
  box-shadow: 0 12px 40px rgba(0,0,0,.35); color-scheme: light; }`;

let promptQueue: Promise<unknown> = Promise.resolve();

/**
 * Shows the extension's trusted frame (prompt.html#<token>) in the top layer, in a closed shadow
 * root styled by `style`, and registers `question` with the worker. `finish(raw)` is called once:
 * with the worker's answer, with `gone` when the page removed the frame, or by `close(raw)`.
 * It takes the frame down and gives the focus back to the document if the frame had it (as a
 * browser's own prompt does; otherwise a session started from it would start hidden).
 */
function trustedFrame(
  style: string,
  title: string,
  question: unknown,
  gone: unknown,
  finish: (raw: unknown) => void,
): { close(raw: unknown): void } {
  const token = randomToken();
  const host = document.createElement('div');
  const root = host.attachShadow({ mode: 'closed' });
  const css = document.createElement('style');
  css.textContent = style;
  const frame = document.createElement('iframe');
  frame.src = chrome.runtime.getURL(`prompt.html#${token}`);
  frame.setAttribute('title', title);
  frame.setAttribute('allow', '');
  root.append(css, frame);
  host.setAttribute('popover', 'manual');
  let done = false;
  const close = (raw: unknown) => {
    if (done) return;
    done = true;
    answers.delete(token);
    observer.disconnect();
    try {
      host.hidePopover();
    } catch {
      // already hidden or removed by the page
    }
    const hadFocus = document.activeElement === host;
    host.remove();
    if (hadFocus) window.focus();
    finish(raw);
  };
  answers.set(token, close);
  // A page that removes the frame answers `gone` (the frame's own unload tells the worker as well).
  const observer = new MutationObserver(() => {
    if (!host.isConnected) {
      tell({ t: 'prompt-cancel', token });
      close(gone);
    }
  });
  observer.observe(document.documentElement, { childList: true });
  tell({ t: 'prompt', token, question });
  document.documentElement.append(host);
  host.showPopover();
  return {
    close(raw) {
      if (!done) tell({ t: 'prompt-cancel', token });
      close(raw);
    },
  };
}

const REFUSAL: ConsentAnswer = { granted: {}, kind: 'explicit', duration: 'browsing-context' };

/** Asks the user in the extension's prompt frame; resolves with the answer (a refusal if it goes away). */
function extensionPrompt(question: ConsentQuestion): Promise<ConsentAnswer> {
  const run = () =>
    new Promise<ConsentAnswer>((resolve) => {
      trustedFrame(PROMPT_STYLE, 'xrgate permission request', question, null, (raw) =>
        resolve(raw !== null && typeof raw === 'object' ? (raw as ConsentAnswer) : REFUSAL),
      );
    });
  const next = promptQueue.then(run, run);
  promptQueue = next.catch(() => undefined);
  return next;
}

const OFFER_STYLE = `:host { all: initial !important; position: fixed !important; inset: 12px 0 auto 0 !important;
  display: flex !important; justify-content: center !important; margin: 0 !important; padding: 0 !important;
  border: 0 !important; background: transparent !important; opacity: 1 !important; visibility: visible !important;
  filter: none !important; transform: none !important; clip-path: none !important; z-index: 2147483647 !important;
  pointer-events: auto !important; width: auto !important; height: auto !important; }
iframe { width: min(420px, 94vw); height: 64px; border: 0; border-radius: 32px; background: #10131c; color-scheme: light; }`;

/** The spec profile with seed 002 on: a navigation may stand in for activation, after the interstitial. */
const NAVIGATION_PROFILE = defineProfile({
  name: 'extension-automatic-sessions',
  automaticSessionsOnNavigation: true,
  navigationMitigations: ['interstitial', 'start-blurred'],
});

/**
 * The navigation interstitial (R-NAV-16): the extension's frame shows the new origin with Continue
 * and Leave. Leave goes back where the user came from.
 */
function extensionInterstitial(request: { readonly origin: string }): Promise<'continue' | 'leave'> {
  return new Promise((resolve) => {
    trustedFrame(
      OFFER_STYLE,
      'xrgate: continue into immersive content?',
      { kind: 'interstitial', origin: request.origin, mode: 'immersive-vr' },
      'dismiss',
      (raw) => {
        if (raw === 'enter') {
          resolve('continue');
          return;
        }
        resolve('leave');
        if (raw === 'dismiss') history.back();
      },
    );
  });
}

/** The offerSession() control (R-NAV-21): the same extension frame, asking "Enter VR?". */
function extensionOffer(request: OfferControlRequest): OfferControl {
  let frame: { close(raw: unknown): void } | null = null;
  const answer = new Promise<'pressed' | 'dismissed'>((resolve) => {
    frame = trustedFrame(
      OFFER_STYLE,
      'xrgate: enter immersive mode',
      { kind: 'offer', origin: request.origin, mode: request.mode },
      'dismiss',
      (raw) => {
        if (raw !== 'withdrawn') resolve(raw === 'enter' ? 'pressed' : 'dismissed');
      },
    );
  });
  return { answer, withdraw: () => frame?.close('withdrawn') };
}

// --- the user-agent side ----------------------------------------------------------------------------

async function begin(): Promise<void> {
  const w = await ask({ t: 'hello', href: location.href }, 'welcome');
  if (w) {
    welcome = {
      device: readDeviceState(w.device, defaultState()),
      consent: Array.isArray(w.consent) ? (w.consent as ConsentRecord[]) : [],
      navigation: (w.navigation as BrowserNavigationRecord | null) ?? null,
      automaticSessions:
        (w.settings as { automaticSessionsOnNavigation?: unknown } | undefined)
          ?.automaticSessionsOnNavigation === true,
      anchors: {
        origin:
          typeof (w.anchors as { origin?: unknown })?.origin === 'string'
            ? (w.anchors as { origin: string }).origin
            : 'null',
        records: readKeptAnchors((w.anchors as { records?: unknown })?.records),
      },
    };
  }
  const driver = new DeviceDriver(welcome?.device ?? defaultState());
  const storage: ConsentStorage = {
    load: () => welcome?.consent ?? [],
    save: (records) => tell({ t: 'consent', records: records.filter((r) => r.persisted) }),
  };
  const navigation = welcome?.navigation ?? null;
  // An opaque origin (a sandboxed document, even at a site's URL) keeps no answer: it has no
  // origin of its own to remember it for (the worker keeps none for "null" either).
  const keep = incognito || self.origin === 'null' ? null : storage;
  const host: BrowserHost = new BrowserHost({
    consentProvider: extensionPrompt,
    offerControl: extensionOffer,
    promptsUser: true,
    presentsInDocument: true,
    sessionSupported: 'granted',
    storage: keep,
    privateMode: incognito,
    immersiveLock: async () => {
      // Without the worker there is no way to know what the rest of the browser holds: refuse.
      const r = await ask({ t: 'lock' }, 'lock');
      if (!r || r.granted !== true) return null;
      return () => tell({ t: 'unlock' });
    },
    navigationFacts: () => (navigation ? navigationFactsFromBrowserRecord(navigation, host.origin()) : null),
    showInterstitial: extensionInterstitial,
    privacyIndicator: (request) => {
      // R-CAM-06: the browser's indicator (the action's badge, drawn by the worker with the origin
      // Chrome recorded for this document) and the in-page badge (closed shadow root, top layer).
      const badge = showPrivacyIndicator(request);
      camerasInUse++;
      tell({ t: 'camera', on: true });
      let shown = true;
      return {
        // The in-page badge's own check: the toolbar's badge is out of the page's reach, but its
        // action may be unpinned or hidden (fullscreen), so camera images wait on the page's one.
        shown: () => shown && badge.shown(),
        remove() {
          if (!shown) return;
          shown = false;
          badge.remove();
          camerasInUse--;
          tell({ t: 'camera', on: false });
        },
      };
    },
  });
  const persistentAnchors = new PersistentAnchorStore({
    // The origin's persistent anchors as the worker kept them (their origin: Chrome's record of
    // this document's), all here before the page side's first message is served (below), so that
    // restorePersistentAnchor() never looks at a map still loading: a handle not in it is unknown.
    // spec(anchors): #dom-xrsession-restorepersistentanchor step 2
    records: (welcome?.anchors.records ?? []).map((r) => ({
      handle: r.handle,
      origin: welcome!.anchors.origin,
      pose: r.pose,
    })),
    backing: anchorBacking(),
  });
  onAnchorForgotten = (handle) => {
    if (welcome) persistentAnchors.forgotten(handle, welcome.anchors.origin);
  };
  onAnchorKept = (m) => {
    // Another document of this origin made it (the worker's word, checked again here).
    const record = readKeptAnchor({ handle: m.handle, pose: m.pose });
    if (welcome && record) persistentAnchors.learned(record.handle, welcome.anchors.origin, record.pose);
  };
  const audit = new AuditLog({ now: () => performance.now() });
  audit.subscribe((record) => tell({ t: 'audit', record }));
  const ua = new UserAgentSide({
    // Seed 002 only where the user turned it on (the panel's setting, browser-wide).
    profile: welcome?.automaticSessions ? NAVIGATION_PROFILE : profiles.spec,
    audit,
    now: () => performance.now(),
    storage: keep,
    privateMode: incognito,
    persistentAnchors,
  });
  let device = driver.device;
  ua.connect(device);
  onDevice = (state) => {
    const replaced = driver.apply(readDeviceState(state, driver.state));
    if (replaced) {
      ua.disconnect(device);
      device = driver.device;
      ua.connect(device);
    }
  };
  let agent: DocumentAgent | null = null;
  onRevoke = (feature) => {
    if (agent) ua.consent.revoke(agent.origin(), feature === null ? {} : { feature });
  };
  serveDocumentPort(pagePort as unknown as Parameters<typeof serveDocumentPort>[0], (sink) => {
    agent = ua.openDocument(host, sink);
    return agent;
  });
  onEndImmersive = () => agent?.endImmersive();
}

/** How often, at most, a moving persistent anchor's pose is sent to the worker (ms). */
const ANCHOR_MOVE_INTERVAL_MS = 1000;

/**
 * The worker keeps this document's persistent anchors (for the origin Chrome recorded for it): a
 * new handle and a deletion are told at once; a moving anchor's pose at most once a second.
 */
function anchorBacking(): PersistentAnchorBacking {
  const moved = new Map<string, RigidPose>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    for (const [handle, pose] of moved) tell({ t: 'anchor-move', handle, pose: plainPose(pose) });
    moved.clear();
  };
  return {
    persist(handle, _origin, pose) {
      moved.delete(handle);
      tell({ t: 'anchor-persist', handle, pose: plainPose(pose) });
    },
    move(handle, _origin, pose) {
      moved.set(handle, pose);
      if (timer === null) timer = setTimeout(flush, ANCHOR_MOVE_INTERVAL_MS);
    },
    forget(handle) {
      moved.delete(handle);
      tell({ t: 'anchor-forget', handle });
    },
  };
}

function plainPose(p: RigidPose) {
  return {
    position: { x: p.position.x, y: p.position.y, z: p.position.z },
    orientation: { x: p.orientation.x, y: p.orientation.y, z: p.orientation.z, w: p.orientation.w },
  };
}

function defaultState(): DeviceState {
  return defaultDeviceState('quest-3');
}
