// The scripted host inside a real page (dist/xrgate-test.js): test control comes from script
// (the WebXR Test API and xrgate's hooks), and the page's own facts — origin, secure context,
// permissions policy, document visibility, real clicks — still count. Facts are combined so that
// a script can only take permissions away from what the page allows, never add to them.

import { type ActivationState, activate } from '../policy/activation.js';
import type { HostPolicyFeature } from './host.js';
import { ScriptedHost, type ScriptedHostOptions } from './scripted.js';

const win = globalThis as unknown as Window & typeof globalThis;
const doc: Document | undefined = win.document;
const perf = win.performance;
const perfNow = perf.now.bind(perf);
const visibilityGetter = doc
  ? Object.getOwnPropertyDescriptor(Document.prototype, 'visibilityState')?.get
  : undefined;
const userActivation = (win.navigator as (Navigator & { userActivation?: object }) | undefined)
  ?.userActivation;
const uaIsActive = userActivation
  ? Object.getOwnPropertyDescriptor(Object.getPrototypeOf(userActivation), 'isActive')?.get
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

export class PageScriptedHost extends ScriptedHost {
  constructor(options: ScriptedHostOptions = {}) {
    super({
      url: win.location.href,
      secureContext: win.isSecureContext === true,
      requireBaseLayer: true,
      ...options,
    });
    if (doc) {
      doc.addEventListener('visibilitychange', () => this.setDocumentVisibility(this.#pageVisibility()));
      win.addEventListener('pagehide', () => this.unload());
    }
  }

  #pageVisibility(): 'visible' | 'hidden' {
    return doc && visibilityGetter && visibilityGetter.call(doc) === 'hidden' ? 'hidden' : 'visible';
  }

  override isFeatureAllowed(feature: HostPolicyFeature): boolean {
    if (!super.isFeatureAllowed(feature)) return false;
    if (!pagePolicy) {
      try {
        return win.top === win;
      } catch {
        return false;
      }
    }
    try {
      return pagePolicy.allowsFeature(feature) === true;
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
    if (userActivation && uaIsActive && uaIsActive.call(userActivation) === true) return activate(perfNow());
    return super.activation();
  }
}
