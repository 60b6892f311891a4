// The WebXR Test API as installXrgate() takes it: a scripted host under test control (the page's
// own facts still count, see host/scripted-page.ts), navigator.xr.test, and immersive layers that
// render into opaque framebuffers as the spec describes (their support and their rules on the
// page's WebGL). Imported only by dist/xrgate-test.js and xrgate/browser's install(), never by
// dist/xrgate.js.

import { opaqueFramebufferSupport } from '../api/opaque-framebuffer.js';
import { opaqueSupport } from '../api/opaque-support.js';
import { PageScriptedHost } from '../host/scripted-page.js';
import { enableTestAPI } from '../test-api/index.js';
import type { TestAPISupport } from './installer.js';
import { installOpaqueFramebufferRules } from './webgl-opaque.js';

export const testAPISupport: TestAPISupport = {
  createHost: () => new PageScriptedHost({ consent: 'grant-all' }),
  enable: (xr, ua) => {
    enableTestAPI(xr, ua);
  },
  opaqueFramebuffers: (win) => {
    const previous = opaqueSupport.current;
    opaqueSupport.current = opaqueFramebufferSupport;
    const uninstallRules = installOpaqueFramebufferRules(win);
    return () => {
      uninstallRules();
      opaqueSupport.current = previous;
    };
  },
};
