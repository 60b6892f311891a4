// Consent: grants per (origin, browsing context, mode, feature) — never per device alone (AMB-08);
// duration (R-CONSENT-03), revocation and `change` (AMB-29), private mode; the Permissions API
// answers for "xr" (spec #xr-permission-query-algorithm, #xr-permission-request-algorithm) and
// "xr-session-supported" (#issessionsupported-fingerprinting). The clock, randomness and storage
// are injected; nothing here touches a page.

import {
  ArrayIsArray,
  ArrayPrototypeFilter,
  ArrayPrototypeIncludes,
  ArrayPrototypeMap,
  ArrayPrototypePush,
  ArrayPrototypeSlice,
  ArrayPrototypeSome,
  JSONStringify,
  MathFloor,
  ObjectFreeze,
  ObjectHasOwn,
  ReflectApply,
  SafeMap,
  Set,
  SetPrototypeAdd,
  TypeError,
} from '../primordials.js';
import { allow, type Decision, deny, type RequirementId } from './decision.js';
import type { EnvelopePermission } from './envelope.js';
import { type FeatureDescriptor, featureInfo, isFeatureDescriptor, type XRSessionMode } from './features.js';
import { readOption } from './input.js';
import {
  type ConsentDuration,
  consentDurationFor,
  type SessionSupportedStrategy,
  type UAProfile,
} from './profile.js';
import type { ResolvedFeatures } from './resolve-features.js';

export type ConsentKind = 'explicit' | 'implicit';
export type PermissionState = 'granted' | 'denied' | 'prompt';

export interface ConsentKey {
  /** Serialized origin (origin.ts serializeOrigin). */
  readonly origin: string;
  readonly browsingContext: string;
  readonly mode: XRSessionMode;
  readonly feature: FeatureDescriptor;
}

export interface ConsentRecord extends ConsentKey {
  readonly state: 'granted' | 'denied';
  readonly kind: ConsentKind;
  readonly at: number;
  /** null: until the browsing context (or session) ends. */
  readonly expiresAt: number | null;
  readonly duration: ConsentDuration;
  /** Set for 'session' duration: the grant ends with this session. */
  readonly sessionId?: string;
  readonly persisted: boolean;
}

/** Where persisted grants live (IndexedDB in a browser, a file or memory in Node). */
export interface ConsentStorage {
  load(): readonly ConsentRecord[];
  save(records: readonly ConsentRecord[]): void;
  /** For storage that loads asynchronously: called once with the records when they arrive. */
  onLoad?(callback: (records: readonly ConsentRecord[]) => void): void;
}

export interface ConsentChange {
  readonly origin: string;
  readonly mode: XRSessionMode | null;
  readonly features: readonly FeatureDescriptor[];
  readonly cause: 'revoked' | 'expired' | 'browsing-context-ended' | 'session-ended' | 'granted' | 'denied';
}

export interface ConsentStoreOptions {
  readonly now: () => number;
  readonly profile: UAProfile;
  /** Persist only when the host provides storage and allows it (R-CONSENT-03). */
  readonly storage?: ConsentStorage | null;
  /** Private browsing: nothing is ever persisted (R-CONSENT-10). */
  readonly privateMode?: boolean;
}

const PERSISTENT_CONTEXT = '*';

function keyOf(
  origin: string,
  browsingContext: string,
  mode: XRSessionMode,
  feature: FeatureDescriptor,
): string {
  return JSONStringify([origin, browsingContext, mode, feature]);
}

function keyString(k: ConsentKey): string {
  return keyOf(k.origin, k.browsingContext, k.mode, k.feature);
}

/** The list without repeats, in first-seen order. */
function unique<T>(list: readonly T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < list.length; i++) {
    const v = list[i]!;
    if (!ArrayPrototypeIncludes(out, v)) ArrayPrototypePush(out, v);
  }
  return out;
}

/**
 * Whether the feature needs explicit consent: its spec requires it (an own field of its frozen
 * row), or the profile lists it (strict: local-floor, bounded-floor, unbounded; AMB-07).
 */
function explicitRequired(feature: string, profile: UAProfile): boolean {
  const info = featureInfo(feature);
  if (info !== undefined && ObjectHasOwn(info, 'explicitRequired') && info.explicitRequired === true)
    return true;
  return ArrayPrototypeIncludes(profile.explicitConsentFeatures, feature);
}

export class ConsentStore {
  readonly #now: () => number;
  readonly #profile: UAProfile;
  readonly #storage: ConsentStorage | null;
  readonly #private: boolean;
  readonly #records = new SafeMap<string, ConsentRecord>();
  #listeners: ((c: ConsentChange) => void)[] = [];

  constructor(options: ConsentStoreOptions) {
    // Every option is read with readOption: a polluted Object.prototype supplies none of them (no
    // storage, no onLoad hook, no private mode, no profile that the host did not pass).
    const now = readOption(options, 'now');
    if (typeof now !== 'function') throw new TypeError('ConsentStore needs a clock: { now }');
    this.#now = now as () => number;
    this.#profile = readOption(options, 'profile') as UAProfile;
    this.#private = readOption(options, 'privateMode') === true;
    this.#storage = this.#private
      ? null
      : ((readOption(options, 'storage') as ConsentStorage | undefined) ?? null);
    if (this.#storage) {
      let loaded: readonly ConsentRecord[] = [];
      try {
        loaded = this.#storage.load();
      } catch {
        loaded = [];
      }
      this.#importPersisted(loaded);
      // Storage that loads asynchronously (IndexedDB) hands its records over when they arrive.
      const onLoad = readOption(this.#storage, 'onLoad');
      if (onLoad !== undefined && onLoad !== null) {
        ReflectApply(onLoad as ConsentStorage['onLoad'] & object, this.#storage, [
          (records: readonly ConsentRecord[]) => this.#importPersisted(records),
        ]);
      }
    }
  }

  #importPersisted(loaded: unknown): void {
    if (!ArrayIsArray(loaded)) return;
    const list = loaded as readonly unknown[];
    for (let i = 0; i < list.length; i++) {
      // A hole is no record (Array.prototype, polluted, must not supply one).
      if (!ObjectHasOwn(list, i)) continue;
      const r = list[i] as ConsentRecord;
      if (!r) continue;
      // Each field read once, never from a polluted Object.prototype.
      const origin = readOption(r, 'origin');
      const feature = readOption(r, 'feature');
      const mode = readOption(r, 'mode');
      const state = readOption(r, 'state');
      if (
        typeof origin === 'string' &&
        isFeatureDescriptor(feature) &&
        typeof mode === 'string' &&
        (state === 'granted' || state === 'denied') &&
        readOption(r, 'persisted') === true
      ) {
        const key = keyOf(origin, PERSISTENT_CONTEXT, mode as XRSessionMode, feature);
        if (!this.#records.has(key)) {
          // A stored record that does not say it was explicit counts as implicit.
          const kind: ConsentKind = readOption(r, 'kind') === 'explicit' ? 'explicit' : 'implicit';
          this.#records.set(
            key,
            ObjectFreeze({
              ...r,
              origin,
              mode: mode as XRSessionMode,
              feature,
              state,
              kind,
              browsingContext: PERSISTENT_CONTEXT,
              persisted: true,
            }),
          );
        }
      }
    }
  }

  /** A snapshot of the records (a loop may delete while it runs). */
  #values(): ConsentRecord[] {
    const out: ConsentRecord[] = [];
    this.#records.forEach((r) => {
      ArrayPrototypePush(out, r);
    });
    return out;
  }

  /** A snapshot of the map's keys, in its order. */
  #keys(): string[] {
    const out: string[] = [];
    this.#records.forEach((_r, k) => {
      ArrayPrototypePush(out, k);
    });
    return out;
  }

  get privateMode(): boolean {
    return this.#private;
  }

  /** Records a consent answer for one feature. Returns the stored record. */
  record(
    key: ConsentKey,
    answer: {
      state: 'granted' | 'denied';
      kind: ConsentKind;
      duration?: ConsentDuration;
      sessionId?: string;
    },
  ): ConsentRecord {
    const at = this.#now();
    // The optional fields of the answer: never from a polluted Object.prototype.
    const duration =
      (readOption(answer, 'duration') as ConsentDuration | undefined) ??
      consentDurationFor(this.#profile, key.origin);
    const sessionId = readOption(answer, 'sessionId') as string | undefined;
    const persist = duration === 'persistent' && this.#storage !== null && !this.#private;
    const rec: ConsentRecord = ObjectFreeze({
      origin: key.origin,
      browsingContext: persist ? PERSISTENT_CONTEXT : key.browsingContext,
      mode: key.mode,
      feature: key.feature,
      state: answer.state,
      kind: answer.kind,
      at,
      expiresAt: typeof duration === 'object' ? at + (readOption(duration, 'ms') as number) : null,
      duration: duration === 'persistent' && !persist ? 'browsing-context' : duration,
      ...(sessionId === undefined ? {} : { sessionId }),
      persisted: persist,
    });
    this.#records.set(keyString(rec), rec);
    if (persist) this.#save();
    this.#emit({ origin: key.origin, mode: key.mode, features: [key.feature], cause: answer.state });
    return rec;
  }

  /** The live record for a key (browsing-context grant first, then a persisted one). Expired ones are dropped. */
  lookup(key: ConsentKey): ConsentRecord | null {
    for (let pass = 0; pass < 2; pass++) {
      const bc = pass === 0 ? key.browsingContext : PERSISTENT_CONTEXT;
      const k = keyOf(key.origin, bc, key.mode, key.feature);
      const r = this.#records.get(k);
      if (!r) continue;
      // A stored record without expiresAt never expires (a polluted Object.prototype cannot say otherwise).
      const expiresAt = readOption(r, 'expiresAt') as number | null | undefined;
      if (expiresAt !== null && this.#now() >= (expiresAt as number)) {
        this.#records.delete(k);
        if (r.persisted) this.#save();
        this.#emit({ origin: r.origin, mode: r.mode, features: [r.feature], cause: 'expired' });
        continue;
      }
      return r;
    }
    return null;
  }

  /** The features granted to (origin, browsing context) for a mode: "previously enabled" (AMB-08). */
  grantedFeatures(origin: string, browsingContext: string, mode: XRSessionMode): Set<FeatureDescriptor> {
    const out = new Set<FeatureDescriptor>();
    const records = this.#values();
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      if (r.origin !== origin || r.mode !== mode) continue;
      if (r.browsingContext !== browsingContext && r.browsingContext !== PERSISTENT_CONTEXT) continue;
      const live = this.lookup({ origin, browsingContext, mode, feature: r.feature });
      if (grantHonoured(live, this.#profile)) SetPrototypeAdd(out, r.feature);
    }
    return out;
  }

  /** Every live record (for a site-settings view). */
  list(origin?: string): readonly ConsentRecord[] {
    const out: ConsentRecord[] = [];
    const records = this.#values();
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      if (origin !== undefined && r.origin !== origin) continue;
      if (this.lookup(r)) ArrayPrototypePush(out, r);
    }
    return ObjectFreeze(out);
  }

  /** Revokes grants (R-TUI-03 (8), AMB-29): all of an origin's, or one mode's, or one feature's. */
  revoke(origin: string, filter: { mode?: XRSessionMode; feature?: string } = {}): number {
    const removed: ConsentRecord[] = [];
    // The filter's optional fields: a polluted Object.prototype must not narrow a revocation.
    const mode = readOption(filter, 'mode') as XRSessionMode | undefined;
    const feature = readOption(filter, 'feature') as string | undefined;
    const keys = this.#keys();
    const records = this.#values();
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const r = records[i]!;
      if (r.origin !== origin) continue;
      if (mode !== undefined && r.mode !== mode) continue;
      if (feature !== undefined && r.feature !== feature) continue;
      this.#records.delete(k);
      ArrayPrototypePush(removed, r);
    }
    if (ArrayPrototypeSome(removed, (r) => r.persisted)) this.#save();
    if (removed.length > 0) {
      this.#emit({
        origin,
        mode: mode ?? null,
        features: unique(ArrayPrototypeMap(removed, (r) => r.feature)),
        cause: 'revoked',
      });
    }
    return removed.length;
  }

  /** The browsing context ended: its grants end (R-CONSENT-03); persisted ones stay. */
  endBrowsingContext(browsingContext: string): void {
    this.#dropWhere((r) => r.browsingContext === browsingContext, 'browsing-context-ended');
  }

  /** A session ended: grants that lasted only for it end (duration 'session'). */
  endSession(sessionId: string): void {
    this.#dropWhere(
      (r) => readOption(r, 'sessionId') === sessionId && r.duration === 'session',
      'session-ended',
    );
  }

  /** The profile whose rules this store applies (its explicit-consent list, durations). */
  get profile(): UAProfile {
    return this.#profile;
  }

  onChange(listener: (c: ConsentChange) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('onChange needs a function');
    ArrayPrototypePush(this.#listeners, listener);
    return () => {
      this.#listeners = ArrayPrototypeFilter(this.#listeners, (l) => l !== listener);
    };
  }

  #dropWhere(pred: (r: ConsentRecord) => boolean, cause: ConsentChange['cause']): void {
    const byOrigin = new SafeMap<string, ConsentRecord[]>();
    const keys = this.#keys();
    const records = this.#values();
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const r = records[i]!;
      if (!pred(r)) continue;
      this.#records.delete(k);
      const list = byOrigin.get(r.origin) ?? [];
      ArrayPrototypePush(list, r);
      byOrigin.set(r.origin, list);
    }
    byOrigin.forEach((list, origin) => {
      this.#emit({ origin, mode: null, features: unique(ArrayPrototypeMap(list, (r) => r.feature)), cause });
    });
  }

  #save(): void {
    if (!this.#storage) return;
    try {
      this.#storage.save(ArrayPrototypeFilter(this.#values(), (r) => r.persisted));
    } catch {
      // Storage failure never grants anything; the in-memory state stays authoritative.
    }
  }

  #emit(change: ConsentChange): void {
    const listeners = ArrayPrototypeSlice(this.#listeners);
    for (let i = 0; i < listeners.length; i++) {
      const l = listeners[i]!;
      try {
        l(ObjectFreeze(change));
      } catch {
        // A listener's failure changes nothing.
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The consent prompt, as the policy sees it: a question and an answer, asked by the host.

export interface ConsentQuestion {
  readonly origin: string;
  readonly mode: XRSessionMode;
  /**
   * Every feature to ask about in one batched prompt (R-PERM-05, R-TUI-03 (5)); the user agent asks
   * about the "xr-session-supported" permission the same way (R-PERM-13).
   */
  readonly features: readonly {
    readonly name: FeatureDescriptor | 'xr-session-supported' | EnvelopePermission;
    readonly required: boolean;
    readonly reveals: string;
  }[];
}

export interface ConsentAnswer {
  /** Per feature: granted or not. A feature missing from the answer is not granted. */
  readonly granted: Readonly<Record<string, boolean>>;
  readonly kind: ConsentKind;
  /** How long the answer lasts ('session' = allow once). */
  readonly duration?: ConsentDuration;
}

export type ConsentProvider = (question: ConsentQuestion) => Promise<ConsentAnswer> | ConsentAnswer;

export interface XRPermissionDescriptor {
  readonly mode: XRSessionMode;
  readonly requiredFeatures: readonly string[];
  readonly optionalFeatures: readonly string[];
}

export interface XRPermissionResult {
  readonly state: 'granted' | 'denied';
  readonly granted: readonly FeatureDescriptor[];
  /** The envelope permissions the user allowed in the same prompt (R-UPPER-05, at session start). */
  readonly capabilities: readonly EnvelopePermission[];
}

/**
 * A remembered record grants its feature: it says "granted", and, for a feature whose spec requires
 * explicit consent (features.ts explicitRequired, e.g. 'hand-tracking'), it was explicit.
 */
function grantHonoured(rec: ConsentRecord | null | undefined, profile: UAProfile): boolean {
  if (rec?.state !== 'granted') return false;
  return rec.kind === 'explicit' || !explicitRequired(rec.feature, profile);
}

export interface RequestXRPermissionInput {
  readonly descriptor: XRPermissionDescriptor;
  /** The result of resolveRequestedFeatures for the descriptor. */
  readonly resolved: Decision<ResolvedFeatures>;
  readonly store: ConsentStore;
  readonly origin: string;
  readonly browsingContext: string;
  readonly provider: ConsentProvider;
  readonly sessionId?: string;
  /**
   * An implicit answer stands for explicit consent too (the WebXR Test API's simulated platform,
   * R-TEST-09, where no test can answer a prompt). Otherwise features whose spec requires explicit
   * consent are not granted by an implicit answer.
   */
  readonly implicitCountsAsExplicit?: boolean;
  /**
   * Permissions of the session's declared envelope to ask in the same prompt (profile.envelopePrompt
   * 'at-session-start', R-UPPER-05): one collapsed prompt. Their answers last for the session and
   * are not stored; like every powerful feature, only an explicit answer grants them.
   */
  readonly capabilities?: readonly EnvelopePermission[];
}

/** What the prompt says an envelope permission reveals. */
const CAPABILITY_REVEALS: Readonly<Record<EnvelopePermission, string>> = ObjectFreeze({
  microphone: 'what your microphone hears',
  camera: 'what your camera sees',
  geolocation: 'where you are',
  notifications: 'notifications from this site',
  'immersive-mode': 'immersive mode',
  'headset-pose': 'where your headset is',
});

/** What the prompt says an envelope permission reveals. */
export function capabilityReveals(name: EnvelopePermission): string {
  return ObjectHasOwn(CAPABILITY_REVEALS, name) ? CAPABILITY_REVEALS[name] : name;
}

// spec: #xr-permission-request-algorithm (R-PERM-04): resolve, prompt once for what still needs
// consent, deny if a required feature lacks it, record the grants (keyed by origin, AMB-08).
export async function requestXRPermission(
  input: RequestXRPermissionInput,
): Promise<Decision<XRPermissionResult>> {
  const { descriptor, resolved, store } = input;
  const action = `requestSession('${descriptor.mode}')`;
  if (!resolved.allowed) return resolved;
  const r = resolved.value;
  const granted = ArrayPrototypeSlice(r.granted);
  const key = (feature: FeatureDescriptor): ConsentKey => ({
    origin: input.origin,
    browsingContext: input.browsingContext,
    mode: descriptor.mode,
    feature,
  });
  // Remembered answers first: a remembered denial of a required feature needs no new prompt.
  const ask: { name: FeatureDescriptor; required: boolean; reveals: string }[] = [];
  const capabilityList = (readOption(input, 'capabilities') ?? []) as readonly EnvelopePermission[];
  const capabilities: EnvelopePermission[] = [];
  for (let pass = 0; pass < 2; pass++) {
    const required = pass === 0;
    const list = required ? r.consentRequired : r.consentOptional;
    for (let i = 0; i < list.length; i++) {
      const f = list[i]!;
      const rec = store.lookup(key(f));
      if (grantHonoured(rec, store.profile)) {
        ArrayPrototypePush(granted, f);
      } else if (rec?.state === 'denied') {
        if (required) {
          return deny('NotSupportedError', {
            action,
            reason: `the user declined '${f}' for this site earlier`,
            fix: 'The user can change this in the site settings; request it as optional instead.',
            requirement: 'R-PERM-04',
          });
        }
      } else {
        ArrayPrototypePush(ask, { name: f, required, reveals: featureInfo(f)?.reveals ?? f });
      }
    }
  }
  const xrAsked = ask.length;
  for (let i = 0; i < capabilityList.length; i++) {
    const c = capabilityList[i]!;
    ArrayPrototypePush(ask, {
      name: c as unknown as FeatureDescriptor,
      required: false,
      reveals: CAPABILITY_REVEALS[c] ?? c,
    });
  }
  if (ask.length > 0) {
    let answer: ConsentAnswer;
    try {
      answer = await input.provider({
        origin: input.origin,
        mode: descriptor.mode,
        features: ObjectFreeze(ask),
      });
    } catch {
      answer = { granted: {}, kind: 'explicit' };
    }
    // Fail safe: an answer that does not say it is explicit is implicit. The host's answer is read
    // with readOption: a polluted Object.prototype supplies no kind, grants or duration.
    const kind: ConsentKind = readOption(answer, 'kind') === 'explicit' ? 'explicit' : 'implicit';
    const answers = (readOption(answer, 'granted') ?? {}) as Readonly<Record<string, boolean>>;
    const answerDuration = readOption(answer, 'duration') as ConsentDuration | undefined;
    // Optional fields of the input: a polluted Object.prototype must not waive explicit consent.
    const implicitCountsAsExplicit = readOption(input, 'implicitCountsAsExplicit') === true;
    const sessionId = readOption(input, 'sessionId') as string | undefined;
    for (let i = 0; i < ask.length; i++) {
      const q = ask[i]!;
      let yes = false;
      try {
        yes = ObjectHasOwn(answers, q.name) && answers[q.name] === true;
      } catch {
        yes = false;
      }
      if (i >= xrAsked) {
        // An envelope permission: granted for this session by an explicit answer only.
        if (yes && (kind === 'explicit' || implicitCountsAsExplicit))
          ArrayPrototypePush(capabilities, q.name as unknown as EnvelopePermission);
        continue;
      }
      // A feature whose spec requires explicit consent is not granted by an implicit answer.
      const needsExplicit =
        kind === 'implicit' && explicitRequired(q.name, store.profile) && !implicitCountsAsExplicit;
      if (yes && needsExplicit) {
        if (q.required) {
          return deny('NotSupportedError', {
            action,
            reason: `'${q.name}' needs the user's explicit consent, and the answer was implicit`,
            fix: 'Ask through a prompt the user answers (the host\'s consent provider must answer with kind "explicit").',
            requirement: 'R-PERM-04',
          });
        }
        continue;
      }
      store.record(key(q.name), {
        state: yes ? 'granted' : 'denied',
        kind,
        ...(answerDuration === undefined ? {} : { duration: answerDuration }),
        ...(sessionId === undefined ? {} : { sessionId }),
      });
      if (yes) {
        ArrayPrototypePush(granted, q.name);
      } else if (q.required) {
        return deny('NotSupportedError', {
          action,
          reason: `the user did not consent to the required feature '${q.name}'`,
          fix: 'Request it as an optional feature and adapt when it is missing from enabledFeatures.',
          requirement: 'R-PERM-04',
        });
      }
    }
  }
  return allow('the "xr" permission is granted', 'R-PERM-04', {
    state: 'granted' as const,
    granted: ObjectFreeze(unique(granted)),
    capabilities: ObjectFreeze(capabilities),
  });
}

export interface QueryXRPermissionInput {
  readonly descriptor: XRPermissionDescriptor;
  /** The stored permission state for the descriptor (derived from per-feature records, AMB-29). */
  readonly storedState: PermissionState;
  readonly spatialTrackingAllowed: boolean;
  /** The "xr-session-supported" state for the mode (R-PERM-16). */
  readonly sessionSupportedState: PermissionState;
  /** Does a device support the mode? Called only where the answer may depend on it (R-PERM-16). */
  readonly deviceSupportsMode: () => boolean;
  /** Resolve the requested features; called only where allowed (R-PERM-16). */
  readonly resolve: () => Decision<ResolvedFeatures>;
}

export interface XRPermissionQueryResult {
  readonly state: PermissionState;
  readonly granted: readonly FeatureDescriptor[];
  readonly requirement: RequirementId;
}

// spec: #xr-permission-query-algorithm (R-PERM-03) with the xrgate guards of R-PERM-16 and AMB-19.
export function queryXRPermission(input: QueryXRPermissionInput): XRPermissionQueryResult {
  const { descriptor } = input;
  const gated =
    descriptor.mode !== 'inline' &&
    (!input.spatialTrackingAllowed || input.sessionSupportedState !== 'granted');
  if (gated) {
    // Answer from stored state only; no device enumeration (R-PERM-16).
    return ObjectFreeze({
      state: input.storedState === 'denied' ? 'denied' : 'prompt',
      granted: ObjectFreeze([]),
      requirement: 'R-PERM-16',
    });
  }
  if (!input.deviceSupportsMode()) {
    return ObjectFreeze({ state: 'denied', granted: ObjectFreeze([]), requirement: 'AMB-19' });
  }
  if (input.storedState === 'denied') {
    return ObjectFreeze({ state: 'denied', granted: ObjectFreeze([]), requirement: 'R-PERM-03' });
  }
  const resolved = input.resolve();
  if (!resolved.allowed) {
    return ObjectFreeze({ state: 'denied', granted: ObjectFreeze([]), requirement: 'R-PERM-03' });
  }
  const r = resolved.value;
  const state: PermissionState =
    r.consentRequired.length === 0 && r.consentOptional.length === 0 ? 'granted' : 'prompt';
  return ObjectFreeze({
    state,
    granted: ObjectFreeze(ArrayPrototypeSlice(r.granted)),
    requirement: 'R-PERM-03',
  });
}

/** The stored "xr" state of a descriptor, derived from per-feature records (AMB-29). */
export function storedXRPermissionState(
  store: ConsentStore,
  origin: string,
  browsingContext: string,
  descriptor: XRPermissionDescriptor,
): PermissionState {
  const required = descriptor.requiredFeatures;
  for (let i = 0; i < required.length; i++) {
    const f = required[i]!;
    // A string that is not a known descriptor has no record (records are only kept for known ones).
    if (!isFeatureDescriptor(f)) continue;
    if (store.lookup({ origin, browsingContext, mode: descriptor.mode, feature: f })?.state === 'denied') {
      return 'denied';
    }
  }
  return 'prompt';
}

// ---------------------------------------------------------------------------------------------
// "xr-session-supported" (R-PERM-09..14, R-ADJ-13).

export type UAClass = 'never-supports' | 'usually-supports' | 'variable';

export interface SessionSupportedInput {
  readonly mode: XRSessionMode;
  readonly strategy: SessionSupportedStrategy;
  /** Does the selected device support the mode? null: no device. */
  readonly deviceSupportsMode: boolean | null;
  readonly uaClass?: UAClass;
  /** The user's answer if known (stored or just prompted). */
  readonly consent: 'granted' | 'denied' | 'unknown';
  /** Randomness in [0, 1), injected. */
  readonly random: () => number;
  readonly profile: UAProfile;
}

export type SessionSupportedOutcome =
  | {
      readonly action: 'answer';
      readonly supported: boolean;
      readonly delayMs: number;
      readonly requirement: RequirementId;
    }
  | { readonly action: 'prompt'; readonly requirement: RequirementId };

export function decideSessionSupported(input: SessionSupportedInput): SessionSupportedOutcome {
  const present = input.deviceSupportsMode === true;
  const answer = (supported: boolean, requirement: RequirementId, delayMs = 0): SessionSupportedOutcome =>
    ObjectFreeze({ action: 'answer', supported, delayMs, requirement });
  // uaClass is optional: a polluted Object.prototype must not answer for every page.
  const uaClass = readOption(input, 'uaClass');
  if (uaClass === 'never-supports') return answer(false, 'R-PERM-11');
  if (uaClass === 'usually-supports') return answer(true, 'R-PERM-12');
  switch (input.strategy) {
    case 'truthful':
      return answer(present, 'R-TEST-09');
    case 'always-true':
      return answer(true, 'R-PERM-13');
    case 'explicit-consent':
      if (input.consent === 'unknown') return ObjectFreeze({ action: 'prompt', requirement: 'R-PERM-13' });
      return answer(input.consent === 'granted' && present, 'R-PERM-13');
    case 'prompt-or-random-delay': {
      if (!present) {
        let r = 0;
        try {
          r = input.random();
        } catch {
          r = 0.5;
        }
        if (!(r >= 0 && r < 1)) r = 0.5;
        return answer(false, 'R-ADJ-13', MathFloor(r * input.profile.sessionSupportedMaxDelayMs));
      }
      if (input.consent === 'unknown') return ObjectFreeze({ action: 'prompt', requirement: 'R-PERM-13' });
      return answer(input.consent === 'granted', 'R-PERM-13');
    }
  }
}

/** Mid-session consent (R-CONSENT-05) is in envelope.ts; immersive intent defaults live with the host. */
export function describeFeaturesForPrompt(features: readonly string[]): string[] {
  return ArrayPrototypeMap(features, (f) => {
    const info = featureInfo(f);
    return info ? `${f}: ${info.reveals}` : f;
  });
}
