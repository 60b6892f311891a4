// dist/xrgate-test.js: xrgate as navigator.xr plus the WebXR Test API (navigator.xr.test) with a
// scripted host under test control, for web-platform-tests and an app's own browser tests.
// The Test API is handed to the installer here: dist/xrgate.js (entry.ts) does not contain it.
import { installXrgate } from './installer.js';
import { testAPISupport } from './test-api-support.js';

const installation = installXrgate({}, { testAPI: testAPISupport });
(globalThis as Record<string, unknown>).xrgate = Object.freeze({ installation });
