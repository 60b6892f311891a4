// The WebXR Test API as installXrgate() takes it: a scripted host under test control (the page's
// own facts still count, see host/scripted-page.ts) and navigator.xr.test. Imported only by
// dist/xrgate-test.js and xrgate/browser's install(), never by dist/xrgate.js.

import { PageScriptedHost } from '../host/scripted-page.js';
import { enableTestAPI } from '../test-api/index.js';
import type { TestAPISupport } from './installer.js';

export const testAPISupport: TestAPISupport = {
  createHost: () => new PageScriptedHost({ consent: 'grant-all' }),
  enable: (xr, ua) => {
    enableTestAPI(xr, ua);
  },
};
