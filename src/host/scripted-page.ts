// The scripted host inside a real page (dist/xrgate-test.js): test control comes from script
// (the WebXR Test API and xrgate's hooks), and the page's own facts — origin, secure context,
// permissions policy, document visibility, real clicks — still count. Facts are combined so that
// a script can only take permissions away from what the page allows, never add to them.

import { type ActivationState, activate } from '../policy/activation.js';
import { ObjectGetOwnPropertyDescriptor, ReflectApply, ReflectGetPrototypeOf } from '../primordials.js';
import type { HostPolicyFeature } from './host.js';
import { ScriptedHost, type ScriptedHostOptions } from './scripted.js';

// Everything below is captured while xrgate loads, before page scripts run: the DOM accessors and
// methods used later are called through these, never looked up on objects a page may patch.

const win = globalThis as unknown as Window & typeof globalThis;
const doc: Document | undefined = win.document;
const perf = win.performance;
const perfNow = perf.now.bind(perf);

type Getter = (this: unknown) => unknown;
/** The accessor of `key` found on `obj` or its prototypes now: its getter, or its value as a constant. */
function accessorAtLoad(obj: object | null | undefined, key: PropertyKey): Getter | undefined {
  for (let o = obj; o !== null && o !== undefined; o = ReflectGetPrototypeOf(o)) {
    const d = ObjectGetOwnPropertyDescriptor(o, key);
    if (d === undefined) continue;
    if (d.get) return d.get as Getter;
    const value: unknown = d.value;
    return () => value;
  }
  return undefined;
}
/** getter.call(self), through the captured Reflect.apply. */
function read(getter: Getter | undefined, self: unknown): unknown {
  return getter ? ReflectApply(getter, self, []) : undefined;
}

const visibilityGetter = doc
  ? ObjectGetOwnPropertyDescriptor(Document.prototype, 'visibilityState')?.get
  : undefined;
const userActivation = (win.navigator as (Navigator & { userActivation?: object }) | undefined)
  ?.userActivation;
const uaIsActive = userActivation
  ? ObjectGetOwnPropertyDescriptor(ReflectGetPrototypeOf(userActivation) as object, 'isActive')?.get
  : undefined;
// location, location.href and top are [LegacyUnforgeable] (own accessors of window and of its
// Location); isSecureContext is an attribute of the global object.
const locationAtLoad = read(accessorAtLoad(win, 'location'), win) as object | undefined;
const hrefGetter = locationAtLoad ? accessorAtLoad(locationAtLoad, 'href') : undefined;
const isSecureContextGetter = accessorAtLoad(win, 'isSecureContext');
const topGetter = accessorAtLoad(win, 'top');
const addEventListener =
  typeof EventTarget === 'function'
    ? (EventTarget.prototype.addEventListener as (this: unknown, type: string, listener: () => void) => void)
    : undefined;

interface PolicyReader {
  allowsFeature(feature: string): boolean;
}
const pagePolicy: PolicyReader | null = (() => {
  const d = doc as
    | (Document & { permissionsPolicy?: PolicyReader; featurePolicy?: PolicyReader })
    | undefined;
  const p = d?.permissionsPolicy ?? d?.featurePolicy ?? null;
  return p && typeof p.allowsFeature === 'function' ? p : null;
})();
const allowsFeature = pagePolicy?.allowsFeature;

export class PageScriptedHost extends ScriptedHost {
  constructor(options: ScriptedHostOptions = {}) {
    super({
      url: read(hrefGetter, locationAtLoad) as string | undefined,
      secureContext: read(isSecureContextGetter, win) === true,
      requireBaseLayer: true,
      ...options,
    });
    if (doc && addEventListener) {
      ReflectApply(addEventListener, doc, [
        'visibilitychange',
        () => this.setDocumentVisibility(this.#pageVisibility()),
      ]);
      ReflectApply(addEventListener, win, ['pagehide', () => this.unload()]);
    }
  }

  #pageVisibility(): 'visible' | 'hidden' {
    return doc && visibilityGetter && ReflectApply(visibilityGetter, doc, []) === 'hidden'
      ? 'hidden'
      : 'visible';
  }

  override isFeatureAllowed(feature: HostPolicyFeature): boolean {
    if (!super.isFeatureAllowed(feature)) return false;
    if (!pagePolicy) {
      try {
        return read(topGetter, win) === win;
      } catch {
        return false;
      }
    }
    try {
      return ReflectApply(allowsFeature as PolicyReader['allowsFeature'], pagePolicy, [feature]) === true;
    } catch {
      return false;
    }
  }

  override documentVisibility(): 'visible' | 'hidden' {
    return super.documentVisibility() === 'hidden' || this.#pageVisibility() === 'hidden'
      ? 'hidden'
      : 'visible';
  }

  override activation(): ActivationState {
    // A real click (test_driver.click) counts as much as simulateUserActivation.
    if (userActivation && uaIsActive && ReflectApply(uaIsActive, userActivation, []) === true)
      return activate(perfNow());
    return super.activation();
  }
}
