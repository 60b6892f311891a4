// "Automatic" immersive sessions after a navigation (REQUIREMENTS.md §13, R-NAV; seed S2).
// The current WebXR spec has no such mechanism: without transient activation (or a web-app launch)
// requestSession rejects with SecurityError (R-INTENT-05). A host that implements a non-standard
// grant (`sessiongranted`, `offerSession`, R-NAV-20/21) asks this module whether a navigation may
// stand in for the user activation. The answer is off unless the UA profile opts in (R-NAV-22,
// AMB-28). Pure: every fact is an argument; no DOM, clock, randomness or global state.
//
// Privacy (R-NAV-10): for a cross-origin transition the answer never depends on the previous page's
// state (did it have an immersive session, was the navigation made from inside it) or on the
// client's state (is the user in a headset, same browsing session). Every cross-origin link, script
// or typed navigation gets the same denial, and a cross-origin history/background-tab return is
// decided on the new origin alone (the user's per-origin setting). Hosts should still surface a
// denial to the page as the ordinary "no user activation" SecurityError and keep this decision's
// reason and requirement for the audit log: an R-NAV-07 denial says the previous origin was insecure.

import {
  ArrayIsArray,
  ArrayPrototypeIncludes,
  ArrayPrototypePush,
  NumberIsSafeInteger,
  ObjectFreeze,
  SafeSet,
  String,
} from '../primordials.js';
import { allow, type Decision, type Denied, deny, type RequirementId } from './decision.js';
import { readField, UNREADABLE } from './input.js';
import { isPotentiallyTrustworthyOrigin, type Origin, originOf, sameOrigin } from './origin.js';
import type { UAProfile } from './profile.js';

/** A visual mitigation applied to an automatically created session (R-NAV-16). */
export type NavigationMitigation = 'start-blurred' | 'interstitial';

/** Navigation Timing's `type` (PerformanceNavigationTiming.type). */
export type NavigationType = 'navigate' | 'reload' | 'back_forward' | 'prerender';

/** What started the navigation (the scenarios of R-NAV-02). */
export type NavigationTrigger =
  /** The user followed a link on a page (R-NAV-02 1.1). */
  | 'link'
  /** The page navigated itself, e.g. `location.href = …` (R-NAV-02 1.2). */
  | 'script'
  /** The user typed the URL in the UA's address bar. */
  | 'typed'
  /** The user opened a bookmark (R-NAV-02 4). */
  | 'bookmark'
  /** An installed web app was opened (R-NAV-02 5); see `launchedByUser`. */
  | 'installed-app'
  /** A native launcher or deep link (R-NAV-02 6). */
  | 'native-launcher'
  /** A native app opened the page through an intent (R-NAV-02 7). */
  | 'native-intent'
  /** History traversal, back or forward (R-NAV-02 2). */
  | 'history'
  /** The user selected a background tab (R-NAV-02 3). */
  | 'background-tab';

/** What the host knows about the navigation that loaded the page asking for a session. */
export interface NavigationFacts {
  /**
   * The origin of the document the navigation replaced or the user left; `null` when there was
   * none (bookmark or launcher opened in a new context, native intent). Must be present: a missing
   * value is refused, never read as `null`.
   */
  readonly previousOrigin: Origin | null;
  /** The origin of the page that would start the session. */
  readonly newOrigin: Origin;
  /** Redirects on the way to the page (HTTP and client-side). Anything but a safe integer ≥ 0 counts as a redirect. */
  readonly redirectCount: number;
  readonly navigationType: NavigationType;
  readonly trigger: NavigationTrigger;
  /** The previous page had an active immersive session when the navigation started. */
  readonly previousPageHadImmersiveSession: boolean;
  /** The navigation was made from inside that active immersive session. */
  readonly navigatedFromInsideImmersiveSession: boolean;
  /** The user is wearing the headset now. */
  readonly userInHeadset: boolean;
  /** The page was visited earlier in the same browsing session (history, background tab). */
  readonly sameBrowsingSession: boolean;
  /** The platform lets web content trigger native intents (true on Android). R-NAV-09. */
  readonly platformLetsWebTriggerIntents: boolean;
  /** A user setting allows automatic sessions for the new origin. R-NAV-15. */
  readonly userAllowsOrigin: boolean;
  /**
   * For 'installed-app': the user explicitly launched the app (not a mere origin match with an
   * installed app, R-INTENT-04). The host supplies a one-shot token per top-level load (AMB-35).
   */
  readonly launchedByUser: boolean;
  /**
   * An insecure (http) origin was passed through on the way (a redirect hop), R-NAV-07. Optional:
   * absent reads as false (the redirect itself is refused by R-NAV-08 anyway).
   */
  readonly insecureOriginOnTheWay?: boolean;
}

/** Which signal let the navigation stand in for user activation. */
export type NavigationSignal =
  | 'bookmark'
  | 'installed-app'
  | 'native-launcher'
  | 'history'
  | 'background-tab'
  | 'same-origin-immersive-navigation'
  | 'user-allowed-origin';

export interface NavigationGrant {
  /** The profile's mitigations, which the host must apply to the new session (R-NAV-16, R-NAV-22). */
  readonly mitigations: readonly NavigationMitigation[];
  readonly signal: NavigationSignal;
}

/** The part of NavigationFacts that a Navigation Timing entry can give. */
export interface NavigationTimingFacts {
  readonly navigationType: NavigationType;
  readonly redirectCount: number;
}

// ---------------------------------------------------------------------------------------------
// Defensive readers. Builtins are captured at load; a later monkey-patch does not change answers.

const isArray = ArrayIsArray;
const isSafeInteger = NumberIsSafeInteger;

/** A boolean fact: the value when it is a boolean, else `fallback` (the conservative answer). */
function readFlag(obj: unknown, key: string, fallback: boolean): boolean {
  const v = readField(obj, key);
  return typeof v === 'boolean' ? v : fallback;
}

/** A redirect count: a safe integer ≥ 0, else 1 (an unreadable count counts as a redirect). */
function readRedirectCount(obj: unknown, key: string): number {
  const v = readField(obj, key);
  return typeof v === 'number' && isSafeInteger(v) && v >= 0 ? v : 1;
}

function readString(obj: unknown, key: string): string | undefined {
  const v = readField(obj, key);
  return typeof v === 'string' ? v : undefined;
}

/** A copy of an Origin (the shapes of origin.ts), or undefined when it is not one. */
function readOrigin(v: unknown): Origin | undefined {
  const kind = readField(v, 'kind');
  if (kind === 'tuple') {
    const scheme = readString(v, 'scheme');
    const host = readString(v, 'host');
    const port = readField(v, 'port');
    const domain = readField(v, 'domain');
    if (scheme === undefined || host === undefined) return undefined;
    if (port !== null && !(typeof port === 'number' && isSafeInteger(port) && port >= 0 && port <= 65535))
      return undefined;
    if (domain !== null && domain !== undefined && typeof domain !== 'string') return undefined;
    return ObjectFreeze({ kind, scheme, host, port, domain: domain ?? null });
  }
  if (kind === 'opaque') {
    const id = readString(v, 'id');
    const fromScheme = readField(v, 'fromScheme');
    if (id === undefined) return undefined;
    if (fromScheme !== null && fromScheme !== undefined && typeof fromScheme !== 'string') return undefined;
    return ObjectFreeze({ kind, id, fromScheme: fromScheme ?? null });
  }
  return undefined;
}

const navigationTypes: SafeSet<string> = new SafeSet(['navigate', 'reload', 'back_forward', 'prerender']);
const triggers: SafeSet<string> = new SafeSet([
  'link',
  'script',
  'typed',
  'bookmark',
  'installed-app',
  'native-launcher',
  'native-intent',
  'history',
  'background-tab',
]);
const mitigationNames: SafeSet<string> = new SafeSet(['start-blurred', 'interstitial']);
/** Longest mitigation list accepted (there are two names; duplicates are tolerated up to this). */
const MAX_MITIGATIONS = 16;

/** The profile's mitigations, deduplicated and frozen; undefined when the list is malformed. */
function readMitigations(profile: unknown): readonly NavigationMitigation[] | undefined {
  const list = readField(profile, 'navigationMitigations');
  try {
    if (!isArray(list)) return undefined;
  } catch {
    return undefined; // a revoked proxy
  }
  const length = readField(list, 'length', 1);
  if (typeof length !== 'number' || !isSafeInteger(length) || length < 0 || length > MAX_MITIGATIONS)
    return undefined;
  const out: NavigationMitigation[] = [];
  for (let i = 0; i < length; i++) {
    const m = readField(list, String(i), 1);
    if (typeof m !== 'string' || !mitigationNames.has(m)) return undefined;
    if (!ArrayPrototypeIncludes(out, m)) ArrayPrototypePush(out, m as NavigationMitigation);
  }
  return ObjectFreeze(out);
}

interface ReadFacts {
  readonly previousOrigin: Origin | null;
  readonly newOrigin: Origin;
  readonly redirectCount: number;
  readonly navigationType: NavigationType;
  readonly trigger: NavigationTrigger;
  readonly previousPageHadImmersiveSession: boolean;
  readonly navigatedFromInsideImmersiveSession: boolean;
  readonly userInHeadset: boolean;
  readonly sameBrowsingSession: boolean;
  readonly platformLetsWebTriggerIntents: boolean;
  readonly userAllowsOrigin: boolean;
  readonly launchedByUser: boolean;
  readonly insecureOriginOnTheWay: boolean;
}

/**
 * The facts, read once. Structural facts (origins, trigger, navigation type) must be well formed,
 * else the name of the bad field is returned. Flags fall back to their conservative value.
 */
function readFacts(facts: unknown): ReadFacts | string {
  if (facts === null || typeof facts !== 'object') return 'facts';
  const newOrigin = readOrigin(readField(facts, 'newOrigin'));
  if (newOrigin === undefined) return 'newOrigin';
  const prevRaw = readField(facts, 'previousOrigin');
  const previousOrigin = prevRaw === null ? null : readOrigin(prevRaw);
  if (previousOrigin === undefined) return 'previousOrigin';
  const navigationType = readField(facts, 'navigationType');
  if (typeof navigationType !== 'string' || !navigationTypes.has(navigationType)) return 'navigationType';
  const trigger = readField(facts, 'trigger');
  if (typeof trigger !== 'string' || !triggers.has(trigger)) return 'trigger';
  return {
    previousOrigin,
    newOrigin,
    redirectCount: readRedirectCount(facts, 'redirectCount'),
    navigationType: navigationType as NavigationType,
    trigger: trigger as NavigationTrigger,
    previousPageHadImmersiveSession: readFlag(facts, 'previousPageHadImmersiveSession', false),
    navigatedFromInsideImmersiveSession: readFlag(facts, 'navigatedFromInsideImmersiveSession', false),
    userInHeadset: readFlag(facts, 'userInHeadset', false),
    sameBrowsingSession: readFlag(facts, 'sameBrowsingSession', false),
    platformLetsWebTriggerIntents: readFlag(facts, 'platformLetsWebTriggerIntents', true),
    userAllowsOrigin: readFlag(facts, 'userAllowsOrigin', false),
    launchedByUser: readFlag(facts, 'launchedByUser', false),
    insecureOriginOnTheWay: readFlag(facts, 'insecureOriginOnTheWay', false),
  };
}

// ---------------------------------------------------------------------------------------------
// The decision.

const ACTION = 'requestSession() for an immersive session without user activation after a navigation';
const USE_ACTIVATION =
  "Request the session from a user activation (an explicit 'Enter VR/AR' control), which works in every UA.";

function refuse(reason: string, requirement: RequirementId, fix: string = USE_ACTIVATION): Denied {
  return deny('SecurityError', { action: ACTION, reason, fix, requirement });
}

function malformed(what: string, requirement: RequirementId): Denied {
  return deny('TypeError', {
    action: 'mayStartImmersiveAfterNavigation(facts, profile)',
    reason: `${what} is missing or malformed, so no navigation signal can be trusted`,
    fix: 'The host must pass well-formed NavigationFacts and a UAProfile.',
    requirement,
  });
}

function grant(
  reason: string,
  requirement: RequirementId,
  signal: NavigationSignal,
  mitigations: readonly NavigationMitigation[],
): Decision<NavigationGrant> {
  return allow(reason, requirement, ObjectFreeze({ mitigations, signal }));
}

/** Triggers that come from a page (or the address bar) rather than a significant user action. */
const pageTriggers: SafeSet<NavigationTrigger> = new SafeSet<NavigationTrigger>(['link', 'script', 'typed']);
/** Triggers that return to a page visited before (R-NAV-14). */
const returnTriggers: SafeSet<NavigationTrigger> = new SafeSet<NavigationTrigger>([
  'history',
  'background-tab',
]);

/**
 * May the page that this navigation loaded start an immersive session without user activation?
 *
 * Order: the host option (R-NAV-22); malformed input (TypeError); the prohibitions — insecure
 * origin (R-NAV-07), redirect (R-NAV-08), native intent on a platform where web content can trigger
 * intents (R-NAV-09), cross-origin transition whose answer would rest on the previous page's or the
 * client's state (R-NAV-10), navigation from outside an active immersive session with no
 * significant user action (R-NAV-11); the signals — bookmark, user-launched installed app, native
 * launcher (R-NAV-13), same-origin navigation from inside an immersive session (R-NAV-10), history
 * or background-tab return in the same browsing session while in the headset (R-NAV-14), a user
 * setting for the origin (R-NAV-15); otherwise refused (R-INTENT-05, or R-INTENT-04 for an
 * installed app that was not launched by the user). Denials are 'SecurityError', what
 * requestSession rejects with when activation is missing. An allowed decision carries the profile's
 * mitigations (R-NAV-16); the host must also still resolve and consent features (R-NAV-22).
 */
export function mayStartImmersiveAfterNavigation(
  facts: NavigationFacts,
  profile: UAProfile,
): Decision<NavigationGrant> {
  // (0) The host option, off by default.
  const enabled = readField(profile, 'automaticSessionsOnNavigation');
  if (enabled === UNREADABLE) return malformed('profile', 'R-NAV-22');
  if (enabled !== true) {
    return refuse(
      'automatic immersive sessions after navigation are off in this UA profile (a non-standard host option, off by default)',
      'R-NAV-22',
      'A host can opt in with defineProfile({ name, automaticSessionsOnNavigation: true }); pages should request the session from a user activation.',
    );
  }
  const mitigations = readMitigations(profile);
  if (mitigations === undefined) return malformed('profile.navigationMitigations', 'R-NAV-16');
  const f = readFacts(facts);
  if (typeof f === 'string') return malformed(f === 'facts' ? 'facts' : `facts.${f}`, 'R-NAV-22');

  const prev = f.previousOrigin;
  const next = f.newOrigin;

  // Prohibited scenarios.
  if (
    !isPotentiallyTrustworthyOrigin(next) ||
    (prev !== null && !isPotentiallyTrustworthyOrigin(prev)) ||
    f.insecureOriginOnTheWay === true
  ) {
    return refuse(
      'an insecure origin is involved (the previous and the new origin must both be potentially trustworthy)',
      'R-NAV-07',
      'Serve every page of the flow from a secure (https) origin.',
    );
  }
  if (f.redirectCount !== 0) {
    return refuse(
      'the page was loaded through a redirect',
      'R-NAV-08',
      `Link to the final URL directly. ${USE_ACTIVATION}`,
    );
  }
  if (f.trigger === 'native-intent' && f.platformLetsWebTriggerIntents) {
    return refuse(
      'the page was opened by a native intent on a platform where web content can trigger intents',
      'R-NAV-09',
    );
  }
  const crossOrigin = prev !== null && !sameOrigin(prev, next);
  const fromPage = pageTriggers.has(f.trigger);
  const returning = returnTriggers.has(f.trigger);
  if (crossOrigin && (fromPage || (returning && !f.userAllowsOrigin))) {
    return refuse(
      "the transition is cross-origin, and the answer must not depend on the previous page's or the client's state",
      'R-NAV-10',
      `Keep the immersive flow on one origin (e.g. a single-page app), or: ${USE_ACTIVATION}`,
    );
  }
  const fromInsideSession =
    prev !== null && f.previousPageHadImmersiveSession && f.navigatedFromInsideImmersiveSession;
  if (fromPage && !fromInsideSession) {
    return refuse(
      'the navigation was not made from inside an active immersive session and was not a significant user action (bookmark, installed app, launcher)',
      'R-NAV-11',
    );
  }

  // Allowed signals.
  if (f.trigger === 'bookmark' || f.trigger === 'native-launcher') {
    return grant(`the user opened the page from a ${f.trigger}`, 'R-NAV-13', f.trigger, mitigations);
  }
  if (f.trigger === 'installed-app' && f.launchedByUser) {
    return grant('the user launched the installed web app', 'R-NAV-13', 'installed-app', mitigations);
  }
  if (fromPage) {
    // Same origin (cross-origin was refused above) and from inside an active immersive session.
    return grant(
      'same-origin navigation from inside an active immersive session',
      'R-NAV-10',
      'same-origin-immersive-navigation',
      mitigations,
    );
  }
  if (
    returning &&
    !crossOrigin &&
    f.userInHeadset &&
    f.sameBrowsingSession &&
    (f.trigger === 'background-tab' || f.navigationType === 'back_forward')
  ) {
    const signal = f.trigger === 'history' ? 'history' : 'background-tab';
    return grant(
      `return to a page of the same browsing session (${signal}) while the user is in the headset`,
      'R-NAV-14',
      signal,
      mitigations,
    );
  }
  if (f.userAllowsOrigin) {
    return grant(
      'a user setting allows automatic sessions for this origin',
      'R-NAV-15',
      'user-allowed-origin',
      mitigations,
    );
  }
  if (f.trigger === 'installed-app') {
    return refuse(
      'the installed web app was not launched by the user (an origin match with an installed app is not a launch)',
      'R-INTENT-04',
    );
  }
  return refuse('no signal lets this navigation stand in for user activation', 'R-INTENT-05');
}

const legacyTypes: readonly NavigationType[] = ['navigate', 'reload', 'back_forward'];

/**
 * The navigation type and redirect count from a Navigation Timing entry
 * (`performance.getEntriesByType('navigation')[0]`) or a `{ type, redirectCount }` object.
 * Hostile or unreadable input gives conservative facts: an unreadable, negative or non-integer
 * `redirectCount` counts as one redirect (so the answer is an R-NAV-08 denial), an unknown `type`
 * reads as 'navigate' (no history signal), and an entry whose `entryType` is not 'navigation' gives
 * both. The legacy PerformanceNavigation codes 0, 1, 2 are understood.
 *
 * Caveat: Navigation Timing reports `redirectCount` 0 when any redirect was cross-origin, and does
 * not count client-side redirects (meta refresh); page script can also replace performance
 * entries. A browser host must read the entry from the UA's own records, and a host that knows the
 * redirect chain should pass its own count.
 */
export function navigationFactsFromTiming(entry: unknown): NavigationTimingFacts {
  const conservative: NavigationTimingFacts = ObjectFreeze({ navigationType: 'navigate', redirectCount: 1 });
  const entryType = readField(entry, 'entryType');
  if (entryType === UNREADABLE || (entryType !== undefined && entryType !== 'navigation'))
    return conservative;
  const type = readField(entry, 'type');
  let navigationType: NavigationType = 'navigate';
  if (typeof type === 'string' && navigationTypes.has(type)) navigationType = type as NavigationType;
  else if (typeof type === 'number' && isSafeInteger(type) && type >= 0 && type < legacyTypes.length)
    navigationType = legacyTypes[type] as NavigationType;
  return ObjectFreeze({ navigationType, redirectCount: readRedirectCount(entry, 'redirectCount') });
}

/**
 * What a browser's own navigation records say about a document's load, as Chromium's
 * chrome.webNavigation reports them (onCommitted: transitionType and transitionQualifiers), with
 * the browser's knowledge of the page the navigation left and whether that page held an immersive
 * session when the navigation began. The Chromium extension's service worker records these; a page
 * cannot forge them (R-NAV: facts the user agent knows, not the page).
 */
export interface BrowserNavigationRecord {
  /** chrome.webNavigation TransitionType: link, typed, auto_bookmark, reload, form_submit, … */
  readonly transitionType: string;
  /** chrome.webNavigation TransitionQualifier[]: client_redirect, server_redirect, forward_back, from_address_bar. */
  readonly transitionQualifiers: readonly string[];
  /** The URL of the document this navigation replaced in the same frame (or the opener's), if any. */
  readonly previousUrl: string | null;
  /** The previous document held an immersive session when the navigation began. */
  readonly previousHadImmersiveSession: boolean;
  /** The navigation was started by that document (a link or script) rather than by the user's browser UI. */
  readonly startedByPreviousDocument: boolean;
}

/**
 * NavigationFacts from a browser's record of the navigation (R-NAV-01..15 read them). Unknown
 * transition types read as a script navigation (no signal that stands in for activation); a
 * redirect qualifier counts as a redirect (R-NAV-08); facts a browser extension cannot know (the
 * user's per-origin setting, an installed-app launch, Android intents) take their safe value.
 */
export function navigationFactsFromBrowserRecord(
  record: BrowserNavigationRecord,
  newOrigin: Origin,
): NavigationFacts {
  const type = readField(record, 'transitionType');
  const qualifiersRaw = readField(record, 'transitionQualifiers');
  const qualifiers: string[] = [];
  if (ArrayIsArray(qualifiersRaw)) {
    for (let i = 0; i < qualifiersRaw.length; i++) {
      const q = readField(qualifiersRaw, `${i}`);
      if (typeof q === 'string') ArrayPrototypePush(qualifiers, q);
    }
  }
  const has = (q: string) => ArrayPrototypeIncludes(qualifiers, q);
  const redirected = has('server_redirect') || has('client_redirect');
  const backForward = has('forward_back');
  const previousUrl = readField(record, 'previousUrl');
  const hadImmersive = readField(record, 'previousHadImmersiveSession') === true;
  const byDocument = readField(record, 'startedByPreviousDocument') === true;
  let navigationType: NavigationType = 'navigate';
  let trigger: NavigationTrigger = 'script';
  if (backForward) {
    navigationType = 'back_forward';
    trigger = 'history';
  } else if (type === 'reload') {
    navigationType = 'reload';
    trigger = 'history';
  } else if (has('from_address_bar') || type === 'typed' || type === 'generated' || type === 'keyword') {
    trigger = 'typed';
  } else if (type === 'auto_bookmark') {
    trigger = 'bookmark';
  } else if (type === 'link' || type === 'form_submit' || type === 'manual_subframe') {
    trigger = has('client_redirect') ? 'script' : 'link';
  }
  return ObjectFreeze({
    previousOrigin: typeof previousUrl === 'string' && previousUrl !== '' ? originOf(previousUrl) : null,
    newOrigin,
    redirectCount: redirected ? 1 : 0,
    navigationType,
    trigger,
    previousPageHadImmersiveSession: hadImmersive,
    navigatedFromInsideImmersiveSession: hadImmersive && byDocument,
    // The user was in the headset: the page they left was showing an immersive session.
    userInHeadset: hadImmersive,
    sameBrowsingSession: navigationType !== 'navigate',
    platformLetsWebTriggerIntents: false,
    userAllowsOrigin: false,
    launchedByUser: false,
  });
}
