// Permissions asked for during a session (AMB-06).
// - The spec's rule (profile.midSessionConsent 'shutdown', default): a consent prompt for a non-XR
//   API while an immersive session is active first shuts the session down, unless the consent
//   predates the session (R-CONSENT-05, R-LIFE-10).
// - The S4 upper bound (R-UPPER-11): the app declares at requestSession the whole set of
//   permissions it may ask for (R-UPPER-03), as extra names in optionalFeatures ('microphone',
//   'camera', 'geolocation', 'notifications': a browser without the proposal ignores unknown
//   optional features, so the app stays portable; envelopeFromFeatures). A later request for
//   anything outside that envelope is rejected with NotAllowedError, what getUserMedia rejects with
//   (R-UPPER-06); inside it the UA prompts (at session start or at use, profile.envelopePrompt) or
//   uses an earlier answer (R-UPPER-04/05). A declared envelope puts its session under the bound
//   whatever the profile; profile 'upper-bound' also bounds sessions that declared none (empty).
// Pure: every fact is an argument; no DOM, clock, randomness or global state.

import {
  ArrayIsArray,
  ArrayPrototypeIncludes,
  ArrayPrototypePush,
  JSONStringify,
  NumberIsSafeInteger,
  ObjectFreeze,
  ObjectHasOwn,
  SafeMap,
  String,
  StringPrototypeSlice,
} from '../primordials.js';
import { allow, type Decision, type Denied, deny } from './decision.js';
import { readField, UNREADABLE } from './input.js';
import type { UAProfile } from './profile.js';

/** The proposal's permission constants (R-UPPER-03), plus geolocation. Values are Permissions API names where one exists. */
export const MICROPHONE = 'microphone';
export const CAMERA_DATA = 'camera';
export const GEOLOCATION = 'geolocation';
export const NOTIFICATIONS = 'notifications';
export const IMMERSIVE_MODE = 'immersive-mode';
export const HEADSET_POSE = 'headset-pose';

export type EnvelopePermission =
  | typeof MICROPHONE
  | typeof CAMERA_DATA
  | typeof GEOLOCATION
  | typeof NOTIFICATIONS
  | typeof IMMERSIVE_MODE
  | typeof HEADSET_POSE;

/** Every name an envelope may list. */
export const ENVELOPE_PERMISSIONS: readonly EnvelopePermission[] = ObjectFreeze([
  MICROPHONE,
  CAMERA_DATA,
  GEOLOCATION,
  NOTIFICATIONS,
  IMMERSIVE_MODE,
  HEADSET_POSE,
]);

/** The envelope names an app declares in optionalFeatures: the browser's own permission APIs. */
export const DECLARABLE_IN_FEATURES: readonly EnvelopePermission[] = ObjectFreeze([
  MICROPHONE,
  CAMERA_DATA,
  GEOLOCATION,
  NOTIFICATIONS,
]);

/** The longest permission list accepted (duplicates included). */
export const MAX_ENVELOPE_LIST_LENGTH = 64;

/** The upper bound declared at requestSession: deduplicated, in first-seen order, frozen. */
export interface PermissionEnvelope {
  readonly permissions: readonly EnvelopePermission[];
}

/** What the host does with a permission request made during (or outside) a session. */
export type MidSessionAction = 'prompt' | 'shutdown-then-prompt' | 'use-existing-consent' | 'reject';

export interface MidSessionConsent {
  readonly action: MidSessionAction;
}

export interface MidSessionConsentFacts {
  /** The capability asked for: an envelope name (MICROPHONE, …) or another permission name. */
  readonly capability: string;
  /** An immersive session is active now. Anything but a boolean counts as true. */
  readonly activeImmersiveSession: boolean;
  /** The user granted this capability before the active session was created. Anything but a boolean counts as false. */
  readonly consentGrantedBeforeSession: boolean;
  /** The envelope declared at requestSession, or null when none was declared. */
  readonly envelope: PermissionEnvelope | null;
}

// ---------------------------------------------------------------------------------------------
// Defensive readers. Builtins are captured at load; a later monkey-patch does not change answers.

const isArray = ArrayIsArray;
const isSafeInteger = NumberIsSafeInteger;
const stringify = JSONStringify;

const known: SafeMap<string, string> = new SafeMap([
  [MICROPHONE, 'MICROPHONE'],
  [CAMERA_DATA, 'CAMERA_DATA'],
  [GEOLOCATION, 'GEOLOCATION'],
  [NOTIFICATIONS, 'NOTIFICATIONS'],
  [IMMERSIVE_MODE, 'IMMERSIVE_MODE'],
  [HEADSET_POSE, 'HEADSET_POSE'],
]);
const knownList = [...known.values()].join(', ');
/** Longest capability name accepted. */
const MAX_NAME_LENGTH = 256;

/** A short, safe description of a value for a message (never calls the value's own methods). */
function describe(v: unknown): string {
  if (typeof v !== 'string') return v === null ? 'null' : `a value of type ${typeof v}`;
  return stringify(v.length > 40 ? `${StringPrototypeSlice(v, 0, 40)}…` : v);
}

type ListRead = { readonly ok: readonly EnvelopePermission[] } | { readonly bad: string };

/** Whether a read failed (an own `bad`: xrgate's own result objects, never a prototype's). */
function isBad(read: ListRead): read is { readonly bad: string } {
  return ObjectHasOwn(read, 'bad');
}

/** Reads a list of envelope names: an array of at most MAX_ENVELOPE_LIST_LENGTH known names. */
function readList(list: unknown, what: string): ListRead {
  try {
    if (!isArray(list)) return { bad: `${what} is ${describe(list)}, not an array` };
  } catch {
    return { bad: `${what} cannot be read` }; // a revoked proxy
  }
  const length = readField(list, 'length', 1);
  if (typeof length !== 'number' || !isSafeInteger(length) || length < 0)
    return { bad: `${what} has no readable length` };
  if (length > MAX_ENVELOPE_LIST_LENGTH)
    return { bad: `${what} has ${length} entries (at most ${MAX_ENVELOPE_LIST_LENGTH})` };
  const out: EnvelopePermission[] = [];
  for (let i = 0; i < length; i++) {
    const name = readField(list, String(i), 1);
    if (name === UNREADABLE) return { bad: `${what}[${i}] cannot be read` };
    if (typeof name !== 'string' || !known.has(name))
      return { bad: `${what}[${i}] is ${describe(name)}, not a known permission name` };
    if (!ArrayPrototypeIncludes(out, name)) ArrayPrototypePush(out, name as EnvelopePermission);
  }
  return { ok: ObjectFreeze(out) };
}

/** An envelope read back from an untrusted value: null (none declared), the names, or a problem. */
function readEnvelope(envelope: unknown): ListRead | null {
  if (envelope === null || envelope === undefined) return null;
  if (typeof envelope !== 'object') return { bad: `the envelope is ${describe(envelope)}, not an object` };
  return readList(readField(envelope, 'permissions'), 'envelope.permissions');
}

// ---------------------------------------------------------------------------------------------
// The S4 upper bound.

/**
 * Validates the permission list declared at requestSession (R-UPPER-03) and records it as the upper
 * bound for the session (R-UPPER-04). Duplicates are dropped (first occurrence kept); any unknown
 * name, a non-array, an unreadable entry or more than MAX_ENVELOPE_LIST_LENGTH entries gives a
 * TypeError decision. An empty list is a valid envelope that allows nothing.
 */
export function declarePermissionEnvelope(list: unknown): Decision<PermissionEnvelope> {
  const read = readList(list, 'the permission list');
  if (isBad(read)) {
    return deny('TypeError', {
      action: 'requestSession() with a permission list',
      reason: read.bad,
      fix: `List only the permission constants ${knownList}.`,
      requirement: 'R-UPPER-03',
    });
  }
  const envelope: PermissionEnvelope = ObjectFreeze({ permissions: read.ok });
  return allow('the permission list is recorded as the upper bound for the session', 'R-UPPER-04', envelope);
}

function outsideEnvelope(capability: string, reason: string, fix: string): Denied {
  return deny('NotAllowedError', {
    action: `A request for ${describe(capability)}`,
    reason,
    fix,
    requirement: 'R-UPPER-06',
  });
}

/**
 * Is a capability inside the declared envelope? Outside (or no envelope declared, or a name no
 * envelope can list) → 'NotAllowedError' (R-UPPER-06). Inside → allowed: the UA may prompt or use
 * an earlier answer (R-UPPER-05). A non-string capability or a malformed envelope → TypeError.
 */
export function checkAgainstEnvelope(envelope: PermissionEnvelope | null, capability: string): Decision {
  if (typeof capability !== 'string' || capability === '' || capability.length > MAX_NAME_LENGTH) {
    return deny('TypeError', {
      action: 'checkAgainstEnvelope(envelope, capability)',
      reason: `the capability is ${describe(capability)}, not a permission name`,
      requirement: 'R-UPPER-06',
    });
  }
  const read = readEnvelope(envelope);
  if (read !== null && isBad(read)) {
    return deny('TypeError', {
      action: 'checkAgainstEnvelope(envelope, capability)',
      reason: read.bad,
      fix: 'Pass the envelope returned by declarePermissionEnvelope, or null.',
      requirement: 'R-UPPER-11',
    });
  }
  const constant = known.get(capability);
  if (constant === undefined) {
    return outsideEnvelope(
      capability,
      'it is not a permission a requestSession permission list can declare, so it is outside every envelope',
      `A permission list can hold only ${knownList}.`,
    );
  }
  if (read === null) {
    return outsideEnvelope(
      capability,
      'no permission list was declared at requestSession, so the upper bound is empty',
      `Declare the permissions the app may need, including ${constant}, in the list passed to requestSession.`,
    );
  }
  if (!ArrayPrototypeIncludes(read.ok, capability)) {
    return outsideEnvelope(
      capability,
      'it is not in the permission list declared at requestSession (the upper bound for the session)',
      `Add ${constant} to the list passed to requestSession; the list cannot grow during the session.`,
    );
  }
  return allow(
    `${constant} is inside the declared envelope; the UA may prompt or use an earlier answer`,
    'R-UPPER-05',
  );
}

// ---------------------------------------------------------------------------------------------
// Mid-session consent, under either policy.

const values: Readonly<Record<MidSessionAction, MidSessionConsent>> = ObjectFreeze({
  prompt: ObjectFreeze({ action: 'prompt' }),
  'shutdown-then-prompt': ObjectFreeze({ action: 'shutdown-then-prompt' }),
  'use-existing-consent': ObjectFreeze({ action: 'use-existing-consent' }),
  reject: ObjectFreeze({ action: 'reject' }),
});

/**
 * The action a mid-session consent decision asks for: its value's action when allowed, 'reject'
 * when denied (a denial carries the error, and no value).
 */
export function midSessionAction(d: Decision<MidSessionConsent>): MidSessionAction {
  return d.allowed ? d.value.action : values.reject.action;
}

/**
 * What the host does when a permission (camera, microphone, geolocation, …) is requested:
 * - profile.midSessionConsent 'shutdown' (default, R-CONSENT-05 / R-LIFE-10): no active immersive
 *   session → 'prompt' (the ordinary permission flow); consent granted before the session →
 *   'use-existing-consent'; else 'shutdown-then-prompt'.
 * - 'upper-bound' (R-UPPER-11): with an envelope, or during an active session, a capability outside
 *   the envelope (none declared = empty) → denied NotAllowedError (R-UPPER-06); inside it →
 *   'use-existing-consent' when consent predates the session, else 'prompt' (R-UPPER-05; while a
 *   session is active the prompt must be trusted immersive UI, R-UPPER-02). With no session and no
 *   envelope the ordinary flow applies ('prompt').
 * An allowed decision carries `value.action`; a denial carries the error and no value
 * (`midSessionAction` gives 'reject' for it). Malformed facts or profile → TypeError decision. An
 * unreadable `activeImmersiveSession` counts as true, an unreadable `consentGrantedBeforeSession` as
 * false.
 */
export function midSessionConsentDecision(
  facts: MidSessionConsentFacts,
  profile: UAProfile,
): Decision<MidSessionConsent> {
  const policy = readField(profile, 'midSessionConsent');
  if (policy !== 'shutdown' && policy !== 'upper-bound') {
    return deny('TypeError', {
      action: 'midSessionConsentDecision(facts, profile)',
      reason: `profile.midSessionConsent is ${describe(policy === UNREADABLE ? undefined : policy)}, not 'shutdown' or 'upper-bound'`,
      requirement: 'AMB-06',
    });
  }
  const capability = readField(facts, 'capability');
  if (typeof capability !== 'string' || capability === '' || capability.length > MAX_NAME_LENGTH) {
    return deny('TypeError', {
      action: 'midSessionConsentDecision(facts, profile)',
      reason: `facts.capability is ${describe(capability === UNREADABLE ? undefined : capability)}, not a permission name`,
      requirement: policy === 'shutdown' ? 'R-CONSENT-05' : 'R-UPPER-11',
    });
  }
  const activeRaw = readField(facts, 'activeImmersiveSession');
  const active = typeof activeRaw === 'boolean' ? activeRaw : true;
  const priorRaw = readField(facts, 'consentGrantedBeforeSession');
  const consentBefore = typeof priorRaw === 'boolean' ? priorRaw : false;
  const envelopeRaw = readField(facts, 'envelope');
  if (envelopeRaw === UNREADABLE) {
    return deny('TypeError', {
      action: 'midSessionConsentDecision(facts, profile)',
      reason: 'facts.envelope cannot be read',
      requirement: 'R-UPPER-11',
    });
  }
  const declared = envelopeRaw !== null && envelopeRaw !== undefined;

  // The spec's rule, for sessions that declared no envelope (a declared one opts into the bound).
  if (policy === 'shutdown' && !declared) {
    if (!active) {
      return allow(
        'no immersive session is active: the ordinary permission flow applies',
        'R-CONSENT-05',
        values.prompt,
      );
    }
    if (consentBefore) {
      return allow(
        'consent was granted before the immersive session was created: the session need not end',
        'R-CONSENT-05',
        values['use-existing-consent'],
      );
    }
    return allow(
      'a consent prompt during an active immersive session: shut the session down before showing it',
      'R-CONSENT-05',
      values['shutdown-then-prompt'],
    );
  }

  if (!active && !declared) {
    return allow(
      'no immersive session and no declared envelope: the ordinary permission flow applies',
      'R-UPPER-11',
      values.prompt,
    );
  }
  const check = checkAgainstEnvelope(envelopeRaw as PermissionEnvelope | null, capability);
  if (!check.allowed) return check;
  if (consentBefore) {
    return allow(
      'inside the declared envelope, and the user approved it before: grant without a prompt',
      'R-UPPER-05',
      values['use-existing-consent'],
    );
  }
  return allow(
    active
      ? 'inside the declared envelope: the UA may prompt, through trusted immersive UI'
      : 'inside the declared envelope: the UA may prompt',
    'R-UPPER-05',
    values.prompt,
  );
}

/**
 * The envelope an app declared in requestSession's optionalFeatures (R-UPPER-03): the names of
 * DECLARABLE_IN_FEATURES found there, and the features without them (what WebXR resolves). No such
 * name: no envelope (null), the spec's mid-session rule applies. Only optionalFeatures declare: a
 * browser without the proposal would refuse an unknown required feature.
 */
export function envelopeFromFeatures(optionalFeatures: readonly string[]): {
  readonly envelope: PermissionEnvelope | null;
  readonly features: readonly string[];
} {
  const names: EnvelopePermission[] = [];
  const features: string[] = [];
  for (let i = 0; i < optionalFeatures.length; i++) {
    const f = optionalFeatures[i]!;
    if (ArrayPrototypeIncludes(DECLARABLE_IN_FEATURES, f)) {
      if (!ArrayPrototypeIncludes(names, f)) ArrayPrototypePush(names, f as EnvelopePermission);
    } else {
      ArrayPrototypePush(features, f);
    }
  }
  return ObjectFreeze({
    envelope: names.length === 0 ? null : ObjectFreeze({ permissions: ObjectFreeze(names) }),
    features: ObjectFreeze(features),
  });
}
