// What one browser holds once, in the extension's service worker (service-worker.ts wires Chrome's
// events to it; this module has no chrome.* dependency, so tests drive it in Node):
// - the immersive device lock across every tab and frame (AMB-11, R-SESSION-05): one immersive
//   session in the whole browser, whatever the origins;
// - consent records per origin in extension storage no page can read or write (R-CONSENT-06/10):
//   nothing is written for an incognito document;
// - navigation records from chrome.webNavigation (transition type and qualifiers, the previous
//   document and whether it held an immersive session), handed to the document that committed;
// - the simulated device's state per tab (the devtools panel edits it; every frame of the tab
//   drives its device from it);
// - the audit log per tab, for the panel;
// - pending consent prompts: an answer counts only from the extension's own prompt frame in the
//   same tab (the frame checks its own visibility before it sends one);
// - the camera privacy indicator per tab (R-CAM-06): the toolbar badge of the extension's action,
//   browser UI no page can reach, on while a document of the tab has a session granted
//   'camera-access', naming the origins Chrome recorded for those documents;
// - persistent anchors per origin (R-ANCHOR-06/08/09, persistent-anchors.ts): in storage no page can
//   reach (incognito: memory only), handed to each document of the origin in `welcome`, so that a
//   handle survives a reload; the origin is Chrome's record of the document's, never a message's.
// Every message from a document's isolated world is checked again here: the isolated world is the
// extension's own code, but a compromised renderer is a reason browsers check in the browser
// process too.

import { type DeviceState, defaultDeviceState, readDeviceState } from '../../device/device-state.js';
import type { ConsentAnswer, ConsentQuestion, ConsentRecord } from '../../policy/consent.js';
import type { AuditRecord } from '../../policy/decision.js';
import type { BrowserNavigationRecord } from '../../policy/navigation.js';
import { originOf, serializeOrigin } from '../../policy/origin.js';
import { type KeptAnchor, PersistentAnchorKeeper, readKeptAnchor } from './persistent-anchors.js';

export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

/** A document's isolated world, connected to the service worker. */
export interface DocumentEndpoint {
  readonly id: number;
  readonly tabId: number;
  readonly frameId: number;
  readonly url: string;
  readonly incognito: boolean;
  /**
   * The document's origin as Chrome recorded it for the port (MessageSender.origin: 'null' for an
   * opaque origin, such as a sandboxed frame's); absent: the origin of `url`.
   */
  readonly senderOrigin?: string;
  send(message: unknown): void;
}

export interface PanelEndpoint {
  readonly id: number;
  readonly tabId: number;
  send(message: unknown): void;
}

export type PromptChoice = 'block' | 'once' | 'remember';

/** What the tab's camera indicator shows: null when no document of the tab uses the camera. */
export interface CameraIndicatorState {
  readonly tabId: number;
  readonly origins: readonly string[] | null;
}

interface DocumentEntry extends DocumentEndpoint {
  readonly origin: string;
  /** Whose persistent anchors this document has (Chrome's record of its origin). */
  readonly anchorOrigin: string;
  session: string | null;
  /** Sessions of this document granted 'camera-access' and not yet ended. */
  cameraSessions: number;
}

interface PendingPrompt {
  readonly token: string;
  readonly documentId: number;
  readonly tabId: number;
  readonly question: ConsentQuestion | OfferQuestion;
  shown: boolean;
}

export interface WelcomeMessage {
  readonly t: 'welcome';
  readonly device: DeviceState;
  readonly consent: readonly ConsentRecord[];
  readonly navigation: BrowserNavigationRecord | null;
  readonly settings: ExtensionSettings;
  /** The persistent anchors of the document's origin (none for an opaque origin). */
  readonly anchors: { readonly origin: string; readonly records: readonly KeptAnchor[] };
}

const AUDIT_CAPACITY = 500;
const key = (tabId: number, frameId: number) => `${tabId}:${frameId}`;

function originText(url: string): string {
  try {
    return serializeOrigin(originOf(url));
  } catch {
    return 'null';
  }
}

/** What an offerSession() control shows (R-NAV-21). */
export interface OfferQuestion {
  /** 'offer': offerSession's control (R-NAV-21); 'interstitial': the navigation interstitial (R-NAV-16). */
  readonly kind: 'offer' | 'interstitial';
  readonly origin: string;
  readonly mode: string;
}

/** Browser-wide settings of the extension (a headset browser's choices). */
export interface ExtensionSettings {
  /** Seed 002: a navigation may stand in for user activation (R-NAV-22), with the interstitial. */
  readonly automaticSessionsOnNavigation: boolean;
}

function isOffer(q: unknown): q is OfferQuestion {
  const kind = q !== null && typeof q === 'object' ? (q as { kind?: unknown }).kind : undefined;
  return kind === 'offer' || kind === 'interstitial';
}

/** The answer a prompt's choice gives for every feature it asked about. */
export function answerFor(question: ConsentQuestion, choice: PromptChoice): ConsentAnswer {
  const granted: Record<string, boolean> = {};
  for (const f of question.features) granted[f.name] = choice !== 'block';
  return {
    granted,
    kind: 'explicit',
    duration: choice === 'remember' ? 'persistent' : choice === 'once' ? 'session' : 'browsing-context',
  };
}

export class BrowserState {
  readonly #storage: KeyValueStore;
  readonly #docs = new Map<number, DocumentEntry>();
  readonly #panels = new Map<number, PanelEndpoint>();
  readonly #devices = new Map<number, DeviceState>();
  readonly #audit = new Map<number, AuditRecord[]>();
  readonly #prompts = new Map<string, PendingPrompt>();
  /** Incognito consent: in memory only, gone with the service worker (R-CONSENT-10). */
  readonly #incognitoConsent = new Map<string, ConsentRecord[]>();
  /** The last committed URL of each frame, and what its navigation was. */
  readonly #committedUrl = new Map<string, string>();
  readonly #navigations = new Map<string, BrowserNavigationRecord & { readonly url: string }>();
  /** Set by onBeforeNavigate: the frame's document then, and whether it held the lock. */
  readonly #leaving = new Map<string, { url: string | null; immersive: boolean }>();
  /** New tabs opened from a document (onCreatedNavigationTarget): the opener's URL and state. */
  readonly #openers = new Map<number, { url: string | null; immersive: boolean }>();
  #lock: number | null = null;
  readonly #defaultPreset: DeviceState['preset'];
  readonly #cameraIndicator: (state: CameraIndicatorState) => void;
  readonly #anchors: PersistentAnchorKeeper;

  constructor(options: {
    storage: KeyValueStore;
    defaultPreset?: DeviceState['preset'];
    /** Draws a tab's camera indicator (the service worker: the action's badge and title). */
    cameraIndicator?: (state: CameraIndicatorState) => void;
  }) {
    this.#storage = options.storage;
    this.#defaultPreset = options.defaultPreset ?? 'quest-3';
    this.#cameraIndicator = options.cameraIndicator ?? (() => {});
    this.#anchors = new PersistentAnchorKeeper(options.storage);
  }

  // --- documents ------------------------------------------------------------------------------

  async openDocument(ep: DocumentEndpoint): Promise<WelcomeMessage> {
    // Chrome's record of the document's origin, not its URL's: a sandboxed document at a site's
    // URL is opaque ("null"), and so gets none of the site's grants or anchors.
    const origin = typeof ep.senderOrigin === 'string' ? ep.senderOrigin : originText(ep.url);
    const entry: DocumentEntry = Object.assign(Object.create(null), ep, {
      origin,
      anchorOrigin: origin,
      session: null,
      cameraSessions: 0,
    });
    // Keep the endpoint's send bound to it.
    entry.send = (m: unknown) => ep.send(m);
    this.#docs.set(ep.id, entry);
    const nav = this.#navigations.get(key(ep.tabId, ep.frameId));
    const navigation =
      nav && sameDocumentUrl(nav.url, ep.url)
        ? {
            transitionType: nav.transitionType,
            transitionQualifiers: nav.transitionQualifiers,
            previousUrl: nav.previousUrl,
            previousHadImmersiveSession: nav.previousHadImmersiveSession,
            startedByPreviousDocument: nav.startedByPreviousDocument,
          }
        : null;
    return {
      t: 'welcome',
      device: this.deviceFor(ep.tabId),
      consent: await this.consentFor(entry.origin, ep.incognito),
      navigation,
      settings: await this.settings(),
      anchors: {
        origin: entry.anchorOrigin,
        records: await this.#anchors.list(entry.anchorOrigin, ep.incognito),
      },
    };
  }

  /** The browser-wide settings (chrome.storage). */
  async settings(): Promise<ExtensionSettings> {
    const raw = (await this.#storage.get('settings')) as Partial<ExtensionSettings> | undefined;
    return Object.freeze({
      automaticSessionsOnNavigation: raw?.automaticSessionsOnNavigation === true,
    });
  }

  /** Changes a setting (the panel); documents loaded afterwards use it. */
  async setSettings(patch: unknown): Promise<ExtensionSettings> {
    const current = await this.settings();
    const p = (patch !== null && typeof patch === 'object' ? patch : {}) as Record<string, unknown>;
    const next: ExtensionSettings = Object.freeze({
      automaticSessionsOnNavigation:
        typeof p.automaticSessionsOnNavigation === 'boolean'
          ? p.automaticSessionsOnNavigation
          : current.automaticSessionsOnNavigation,
    });
    await this.#storage.set('settings', { ...next });
    return next;
  }

  closeDocument(id: number): void {
    const doc = this.#docs.get(id);
    if (!doc) return;
    this.#docs.delete(id);
    if (this.#lock === id) this.#lock = null;
    for (const [token, p] of this.#prompts) if (p.documentId === id) this.#prompts.delete(token);
    // A document that is gone uses no camera, whatever it said last.
    if (doc.cameraSessions > 0) this.#drawCameraIndicator(doc.tabId);
    this.#notifyPanels(doc.tabId);
  }

  // --- the camera privacy indicator (R-CAM-06) --------------------------------------------------

  /**
   * A document's session granted 'camera-access' began (`on`) or ended. The origin shown is the one
   * Chrome recorded for the document's port, never one a message names.
   */
  cameraInUse(id: number, on: unknown): void {
    const doc = this.#docs.get(id);
    if (!doc || typeof on !== 'boolean') return;
    const before = doc.cameraSessions;
    doc.cameraSessions = on ? before + 1 : before > 0 ? before - 1 : 0;
    // An end this worker never saw begin (it restarted meanwhile) draws too: the browser kept the
    // badge the worker before drew.
    if (before > 0 !== doc.cameraSessions > 0 || (!on && before === 0)) this.#drawCameraIndicator(doc.tabId);
  }

  /** The origins of the tab's documents that use the camera now (sorted, each once), or null. */
  cameraOrigins(tabId: number): readonly string[] | null {
    const origins = new Set<string>();
    for (const d of this.#docs.values()) if (d.tabId === tabId && d.cameraSessions > 0) origins.add(d.origin);
    return origins.size > 0 ? [...origins].sort() : null;
  }

  #drawCameraIndicator(tabId: number): void {
    this.#cameraIndicator({ tabId, origins: this.cameraOrigins(tabId) });
  }

  documents(): readonly DocumentEndpoint[] {
    return [...this.#docs.values()];
  }

  // --- the immersive device lock ----------------------------------------------------------------

  /** One immersive session in the whole browser (AMB-11): true when `id` now holds the lock. */
  acquireLock(id: number): boolean {
    if (!this.#docs.has(id)) return false;
    if (this.#lock !== null && this.#lock !== id && this.#docs.has(this.#lock)) return false;
    this.#lock = id;
    this.#notifyPanels(this.#docs.get(id)!.tabId);
    return true;
  }

  releaseLock(id: number): void {
    if (this.#lock !== id) return;
    this.#lock = null;
    const doc = this.#docs.get(id);
    if (doc) this.#notifyPanels(doc.tabId);
  }

  /**
   * The user pressed Escape (a trusted keydown, seen by the isolated world of document `id`): the
   * immersive session of that tab ends, whichever of its frames holds it (R-TUI-11). The key
   * reaches the focused frame only, and a page can move the focus into a frame of its own.
   */
  userEscape(id: number): void {
    const from = this.#docs.get(id);
    if (from) this.userEscapeInTab(from.tabId);
  }

  /**
   * A frame of tab `tabId` whose page took the user agent's listeners on its window (document.open(),
   * a listener of its own first) has the focus: the user's Escape may not reach us there, so the
   * tab's immersive session ends (R-TUI-11). Nothing is kept: a frame that does so before any
   * session (ad scripts and loaders write about:blank frames that way) costs nothing until it is
   * focused during one.
   */
  listenersTakenInTab(tabId: number): void {
    this.userEscapeInTab(tabId);
  }

  /** The same, from a frame of tab `tabId` that never opened as a document (no page script runs in it). */
  userEscapeInTab(tabId: number): void {
    const holder = this.#lock === null ? undefined : this.#docs.get(this.#lock);
    if (holder && holder.tabId === tabId) holder.send({ t: 'end-immersive' });
  }

  lockHolder(): { tabId: number; frameId: number; origin: string } | null {
    const doc = this.#lock === null ? undefined : this.#docs.get(this.#lock);
    return doc ? { tabId: doc.tabId, frameId: doc.frameId, origin: doc.origin } : null;
  }

  setSession(id: number, mode: string | null): void {
    const doc = this.#docs.get(id);
    if (!doc) return;
    doc.session = mode;
    this.#notifyPanels(doc.tabId);
  }

  // --- consent ----------------------------------------------------------------------------------

  async consentFor(origin: string, incognito: boolean): Promise<ConsentRecord[]> {
    // An opaque origin keeps nothing: every sandboxed or data: document of every site is "null".
    if (origin === 'null') return [];
    if (incognito) return [...(this.#incognitoConsent.get(origin) ?? [])];
    const stored = await this.#storage.get(`consent:${origin}`);
    return Array.isArray(stored) ? (stored as ConsentRecord[]).filter((r) => r && r.origin === origin) : [];
  }

  /** A document's persisted records: only its own origin's are kept; incognito ones never reach storage. */
  async saveConsent(id: number, records: unknown): Promise<void> {
    const doc = this.#docs.get(id);
    if (!doc || !Array.isArray(records) || doc.origin === 'null') return;
    const own = (records as ConsentRecord[]).filter(
      (r) => r !== null && typeof r === 'object' && r.origin === doc.origin && r.persisted === true,
    );
    if (doc.incognito) this.#incognitoConsent.set(doc.origin, own);
    else if (own.length === 0) await this.#storage.remove(`consent:${doc.origin}`);
    else await this.#storage.set(`consent:${doc.origin}`, own);
    this.#notifyPanels(doc.tabId);
  }

  /** The user revoked grants in the panel (like a browser's site settings). */
  async revoke(origin: string, feature: string | null, incognito = false): Promise<void> {
    const records = await this.consentFor(origin, incognito);
    const kept = feature === null ? [] : records.filter((r) => r.feature !== feature);
    if (incognito) this.#incognitoConsent.set(origin, kept);
    else if (kept.length === 0) await this.#storage.remove(`consent:${origin}`);
    else await this.#storage.set(`consent:${origin}`, kept);
    for (const doc of this.#docs.values()) {
      if (doc.origin === origin && doc.incognito === incognito) doc.send({ t: 'revoke', feature });
    }
    for (const p of this.#panels.values()) void this.#snapshotTo(p);
  }

  // --- persistent anchors (R-ANCHOR-06/08/09) ---------------------------------------------------

  /** The persistent anchors of `origin` (what a document of it gets in `welcome`). */
  persistentAnchors(origin: string, incognito = false): Promise<readonly KeptAnchor[]> {
    return this.#anchors.list(origin, incognito);
  }

  /**
   * A document made a persistent handle (requestPersistentHandle): kept for the document's own
   * origin, if the handle and pose are valid and the origin is under its cap. True when kept.
   */
  async persistAnchor(id: number, handle: unknown, pose: unknown): Promise<boolean> {
    const doc = this.#docs.get(id);
    if (!doc) return false;
    const kept = await this.#anchors.persist(doc.anchorOrigin, doc.incognito, handle, pose);
    // The origin's other open documents learn it (persistentAnchors lists it, restore finds it,
    // the origin's cap counts it) without a reload.
    const record = kept ? readKeptAnchor({ handle, pose }) : null;
    if (record !== null)
      this.#tellOrigin(doc, { t: 'anchor-kept', handle: record.handle, pose: record.pose });
    return kept;
  }

  /** A tracked anchor with a handle moved: only a handle the document's origin has is updated. */
  moveAnchor(id: number, handle: unknown, pose: unknown): Promise<boolean> {
    const doc = this.#docs.get(id);
    if (!doc) return Promise.resolve(false);
    return this.#anchors.move(doc.anchorOrigin, doc.incognito, handle, pose);
  }

  /**
   * A document deleted a persistent handle (deletePersistentAnchor): gone from its origin's store,
   * and from the other open documents of the origin (they would otherwise restore it until reloaded).
   */
  async forgetAnchor(id: number, handle: unknown): Promise<boolean> {
    const doc = this.#docs.get(id);
    if (!doc) return false;
    const forgotten = await this.#anchors.forget(doc.anchorOrigin, doc.incognito, handle);
    if (forgotten) this.#tellOrigin(doc, { t: 'anchor-forgotten', handle });
    return forgotten;
  }

  /**
   * Tells the other open documents of `doc`'s anchor origin (the same incognito state) of a change
   * to its persistent anchors (only an origin that may keep any ever has one).
   */
  #tellOrigin(doc: DocumentEntry, message: Record<string, unknown>): void {
    for (const other of this.#docs.values()) {
      if (other.id !== doc.id && other.anchorOrigin === doc.anchorOrigin && other.incognito === doc.incognito)
        other.send(message);
    }
  }

  // --- prompts ----------------------------------------------------------------------------------

  registerPrompt(id: number, token: unknown, question: ConsentQuestion | OfferQuestion): boolean {
    const doc = this.#docs.get(id);
    if (!doc || typeof token !== 'string' || token.length < 16 || this.#prompts.has(token)) return false;
    this.#prompts.set(token, { token, documentId: id, tabId: doc.tabId, question, shown: false });
    return true;
  }

  /** The prompt frame asks for its question: only a frame in the same tab, only once. */
  promptQuestion(token: unknown, tabId: number): ConsentQuestion | OfferQuestion | null {
    const p = typeof token === 'string' ? this.#prompts.get(token) : undefined;
    if (!p || p.tabId !== tabId || p.shown) return null;
    p.shown = true;
    return p.question;
  }

  /**
   * The prompt frame's answer (it checked that it was visible and armed); forwarded to the document.
   * A consent question takes 'block' | 'once' | 'remember'; an offerSession() control (R-NAV-21)
   * takes 'enter' | 'dismiss'.
   */
  promptAnswer(token: unknown, tabId: number, choice: unknown): boolean {
    const p = typeof token === 'string' ? this.#prompts.get(token) : undefined;
    if (!p || p.tabId !== tabId || !p.shown) return false;
    if (isOffer(p.question)) {
      if (choice !== 'enter' && choice !== 'dismiss') return false;
      this.#prompts.delete(p.token);
      this.#docs.get(p.documentId)?.send({ t: 'answer', token: p.token, answer: choice });
      return true;
    }
    if (choice !== 'block' && choice !== 'once' && choice !== 'remember') return false;
    this.#prompts.delete(p.token);
    this.#docs
      .get(p.documentId)
      ?.send({ t: 'answer', token: p.token, answer: answerFor(p.question, choice) });
    return true;
  }

  /** The prompt frame went away without an answer (the page removed it, the tab closed): a refusal. */
  promptGone(token: unknown): void {
    const p = typeof token === 'string' ? this.#prompts.get(token) : undefined;
    if (!p) return;
    this.#prompts.delete(p.token);
    const answer = isOffer(p.question) ? 'dismiss' : answerFor(p.question, 'block');
    this.#docs.get(p.documentId)?.send({ t: 'answer', token: p.token, answer });
  }

  cancelPrompt(id: number, token: unknown): void {
    const p = typeof token === 'string' ? this.#prompts.get(token) : undefined;
    if (p && p.documentId === id) this.#prompts.delete(p.token);
  }

  // --- navigation -------------------------------------------------------------------------------

  /** chrome.webNavigation.onBeforeNavigate: what the frame showed when the navigation began. */
  beforeNavigate(tabId: number, frameId: number): void {
    const k = key(tabId, frameId);
    let immersive = false;
    // The frame's document as its port told (Chrome's record of the sender's URL): where the
    // worker missed the frame's commit (it was starting), the document it is leaving is still known.
    let open: string | null = null;
    for (const doc of this.#docs.values()) {
      if (doc.tabId !== tabId || doc.frameId !== frameId) continue;
      open = doc.url;
      if (this.#lock === doc.id) immersive = true;
    }
    this.#leaving.set(k, { url: this.#committedUrl.get(k) ?? open, immersive });
  }

  /** chrome.webNavigation.onCreatedNavigationTarget: a new tab opened by a document. */
  createdNavigationTarget(sourceTabId: number, sourceFrameId: number, tabId: number): void {
    const k = key(sourceTabId, sourceFrameId);
    let immersive = false;
    for (const doc of this.#docs.values()) {
      if (doc.tabId === sourceTabId && doc.frameId === sourceFrameId && this.#lock === doc.id)
        immersive = true;
    }
    this.#openers.set(tabId, { url: this.#committedUrl.get(k) ?? null, immersive });
  }

  /** chrome.webNavigation.onCommitted. */
  committed(details: {
    tabId: number;
    frameId: number;
    url: string;
    transitionType: string;
    transitionQualifiers: readonly string[];
  }): void {
    const k = key(details.tabId, details.frameId);
    const opener = details.frameId === 0 ? this.#openers.get(details.tabId) : undefined;
    if (opener) this.#openers.delete(details.tabId);
    const leaving = this.#leaving.get(k) ??
      opener ?? { url: this.#committedUrl.get(k) ?? null, immersive: false };
    this.#leaving.delete(k);
    const qualifiers = [...details.transitionQualifiers];
    const browserUI =
      qualifiers.includes('from_address_bar') ||
      qualifiers.includes('forward_back') ||
      ['typed', 'auto_bookmark', 'generated', 'keyword', 'reload', 'start_page'].includes(
        details.transitionType,
      );
    this.#navigations.set(k, {
      url: details.url,
      transitionType: details.transitionType,
      transitionQualifiers: qualifiers,
      previousUrl: leaving.url && !leaving.url.startsWith('about:') ? leaving.url : null,
      previousHadImmersiveSession: leaving.immersive,
      startedByPreviousDocument: !browserUI,
    });
    this.#committedUrl.set(k, details.url);
  }

  navigationOf(tabId: number, frameId: number): (BrowserNavigationRecord & { url: string }) | null {
    return this.#navigations.get(key(tabId, frameId)) ?? null;
  }

  tabClosed(tabId: number): void {
    for (const k of [...this.#committedUrl.keys()])
      if (k.startsWith(`${tabId}:`)) this.#committedUrl.delete(k);
    for (const k of [...this.#navigations.keys()]) if (k.startsWith(`${tabId}:`)) this.#navigations.delete(k);
    this.#devices.delete(tabId);
    this.#audit.delete(tabId);
  }

  // --- devices ----------------------------------------------------------------------------------

  deviceFor(tabId: number): DeviceState {
    let d = this.#devices.get(tabId);
    if (!d) {
      d = defaultDeviceState(this.#defaultPreset);
      this.#devices.set(tabId, d);
    }
    return d;
  }

  /** The panel (or a replay) changed the device of a tab: every frame of the tab drives it. */
  setDevice(tabId: number, patch: unknown): DeviceState {
    const next = readDeviceState(patch, this.deviceFor(tabId));
    this.#devices.set(tabId, next);
    for (const doc of this.#docs.values()) if (doc.tabId === tabId) doc.send({ t: 'device', state: next });
    for (const p of this.#panels.values()) if (p.tabId === tabId) p.send({ t: 'device', state: next });
    return next;
  }

  // --- audit ------------------------------------------------------------------------------------

  audit(id: number, record: unknown): void {
    const doc = this.#docs.get(id);
    if (!doc || record === null || typeof record !== 'object') return;
    const r = record as AuditRecord;
    const entry = {
      seq: Number(r.seq),
      at: Number(r.at),
      action: String(r.action),
      origin: doc.origin,
      allowed: r.allowed === true,
      reason: String(r.reason),
      requirement: String(r.requirement),
      ...(r.errorName ? { errorName: String(r.errorName) } : {}),
    } as AuditRecord;
    let list = this.#audit.get(doc.tabId);
    if (!list) {
      list = [];
      this.#audit.set(doc.tabId, list);
    }
    list.push(entry);
    if (list.length > AUDIT_CAPACITY) list.splice(0, list.length - AUDIT_CAPACITY);
    for (const p of this.#panels.values()) if (p.tabId === doc.tabId) p.send({ t: 'audit', record: entry });
  }

  // --- panels -----------------------------------------------------------------------------------

  async attachPanel(p: PanelEndpoint): Promise<void> {
    this.#panels.set(p.id, p);
    await this.#snapshotTo(p);
  }

  detachPanel(id: number): void {
    this.#panels.delete(id);
  }

  async snapshot(tabId: number): Promise<unknown> {
    const docs = [...this.#docs.values()].filter((d) => d.tabId === tabId);
    const top = docs.find((d) => d.frameId === 0) ?? docs[0];
    const origins = [...new Set(docs.map((d) => d.origin))];
    const incognito = top?.incognito === true;
    const grants: ConsentRecord[] = [];
    for (const o of origins) grants.push(...(await this.consentFor(o, incognito)));
    const nav = this.navigationOf(tabId, 0);
    return {
      t: 'snapshot',
      tabId,
      device: this.deviceFor(tabId),
      origin: top?.origin ?? null,
      documents: docs.map((d) => ({ frameId: d.frameId, origin: d.origin, session: d.session })),
      grants,
      audit: this.#audit.get(tabId) ?? [],
      navigation: nav,
      lock: this.lockHolder(),
      incognito,
      settings: await this.settings(),
    };
  }

  async #snapshotTo(p: PanelEndpoint): Promise<void> {
    p.send(await this.snapshot(p.tabId));
  }

  #notifyPanels(tabId: number): void {
    for (const p of this.#panels.values()) if (p.tabId === tabId) void this.#snapshotTo(p);
  }
}

/** The committed URL and the document's URL name the same document (fragment aside). */
function sameDocumentUrl(a: string, b: string): boolean {
  const strip = (u: string) => {
    const i = u.indexOf('#');
    return i < 0 ? u : u.slice(0, i);
  };
  return strip(a) === strip(b);
}
