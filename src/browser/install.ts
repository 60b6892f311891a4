// install(): xrgate/browser's way to put xrgate in a page as navigator.xr (see installer.ts), with
// the WebXR Test API when options.testAPI is set and the page's consent storage when
// options.persistConsent is. The script-tag bundles call installXrgate() directly, so that
// dist/xrgate.js leaves both out.

import { type Installation, type InstallOptions, installXrgate } from './installer.js';
import { createPageConsentStorage } from './storage.js';
import { testAPISupport } from './test-api-support.js';

export type { Installation, InstallOptions } from './installer.js';

export function install(options: InstallOptions = {}): Installation | null {
  return installXrgate(options, {
    ...(options.testAPI ? { testAPI: testAPISupport } : {}),
    consentStorage: createPageConsentStorage,
  });
}
