// NavigationFacts from what a user agent itself saw of a navigation in one browsing context
// (seed 002): how it was started, the URLs it passed through, whether the document it replaced held
// an immersive session, and whether the target was visited before in this browsing session. The
// Node user agent (ua.navigate) records these; nothing comes from the page. Pure.

import {
  ArrayIsArray,
  ArrayPrototypeIncludes,
  ArrayPrototypeJoin,
  ArrayPrototypePush,
  String,
} from '../primordials.js';
import { readField } from './input.js';
import type { NavigationFacts, NavigationTrigger, NavigationType } from './navigation.js';
import { absoluteURL, isPotentiallyTrustworthyOrigin, type Origin, originOf } from './origin.js';

/** How a navigation was started (ua.navigate's `via`). */
export type NavigationVia =
  /** The user followed a link in the previous document. */
  | 'link'
  /** The previous document navigated itself (location.href = …). */
  | 'location'
  /** A client-side redirect by the previous document as it loaded (meta refresh, location.replace). */
  | 'redirect'
  /** Back or forward in the browsing context's history. */
  | 'history'
  /** The user opened a bookmark. */
  | 'bookmark'
  /** The user typed the URL in the address bar. */
  | 'typed';

export const NAVIGATION_VIAS: readonly NavigationVia[] = [
  'link',
  'location',
  'redirect',
  'history',
  'bookmark',
  'typed',
];

export interface UserAgentNavigationRecord {
  /** The URL of the document the navigation replaced; null for the first document of the context. */
  readonly previousUrl: string | null;
  readonly url: string;
  readonly via: NavigationVia;
  /** Server redirect hops between the two (each a URL the user agent fetched). */
  readonly through: readonly string[];
  /** The previous document held an active immersive session when the navigation began. */
  readonly previousHadImmersiveSession: boolean;
  /** The target URL was visited earlier in this browsing context. */
  readonly visitedBefore: boolean;
}

const BY_DOCUMENT: readonly NavigationVia[] = ['link', 'location', 'redirect'];

/** The facts of R-NAV-07..15 for a navigation the user agent recorded itself. */
export function navigationFactsFromUserAgentRecord(record: UserAgentNavigationRecord): NavigationFacts {
  const newOrigin: Origin = originOf(record.url);
  const previousOrigin: Origin | null = record.previousUrl === null ? null : originOf(record.previousUrl);
  const via = record.via;
  let trigger: NavigationTrigger;
  let navigationType: NavigationType = 'navigate';
  if (via === 'link') trigger = 'link';
  else if (via === 'location' || via === 'redirect') trigger = 'script';
  else if (via === 'history') {
    trigger = 'history';
    navigationType = 'back_forward';
  } else if (via === 'bookmark') trigger = 'bookmark';
  else trigger = 'typed';
  let insecureOnTheWay = false;
  for (let i = 0; i < record.through.length; i++) {
    if (!isPotentiallyTrustworthyOrigin(originOf(record.through[i]!))) insecureOnTheWay = true;
  }
  const byDocument = ArrayPrototypeIncludes(BY_DOCUMENT, via);
  return {
    previousOrigin,
    newOrigin,
    redirectCount: record.through.length + (via === 'redirect' ? 1 : 0),
    navigationType,
    trigger,
    previousPageHadImmersiveSession: record.previousHadImmersiveSession,
    navigatedFromInsideImmersiveSession: record.previousHadImmersiveSession && byDocument,
    // The user is in the headset: the page they left was showing an immersive session.
    userInHeadset: record.previousHadImmersiveSession,
    sameBrowsingSession: record.visitedBefore,
    platformLetsWebTriggerIntents: false,
    userAllowsOrigin: false,
    launchedByUser: false,
    insecureOriginOnTheWay: insecureOnTheWay,
  };
}

/**
 * ua.navigate's arguments, read: an absolute URL, a known `via` (default 'link'), absolute hop URLs.
 * A string is the problem, in words a developer can act on.
 */
export function readNavigationRequest(
  url: unknown,
  options: unknown,
): { readonly url: string; readonly via: NavigationVia; readonly through: readonly string[] } | string {
  const target = absoluteURL(url);
  if (target === null) {
    return `ua.navigate(): the URL must be absolute, such as 'https://app.example/next' (got ${String(url)})`;
  }
  const viaRaw = readField(options, 'via');
  const via = viaRaw === undefined ? 'link' : viaRaw;
  if (typeof via !== 'string' || !ArrayPrototypeIncludes(NAVIGATION_VIAS, via)) {
    return `ua.navigate(): via must be one of ${ArrayPrototypeJoin(NAVIGATION_VIAS, ', ')} (got ${String(via)})`;
  }
  const throughRaw = readField(options, 'through');
  const through: string[] = [];
  if (throughRaw !== undefined) {
    if (!ArrayIsArray(throughRaw)) return 'ua.navigate(): through must be a list of URLs (the redirect hops)';
    for (let i = 0; i < throughRaw.length; i++) {
      const hop = absoluteURL(throughRaw[i]);
      if (hop === null)
        return `ua.navigate(): through[${i}] must be an absolute URL (got ${String(throughRaw[i])})`;
      ArrayPrototypePush(through, hop);
    }
  }
  return { url: target, via: via as NavigationVia, through };
}
