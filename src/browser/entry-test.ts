// dist/xrgate-test.js: xrgate as navigator.xr plus the WebXR Test API (navigator.xr.test) with a
// scripted host under test control, for web-platform-tests and an app's own browser tests.
import { install } from './install.js';

const installation = install({ testAPI: true });
(globalThis as Record<string, unknown>).xrgate = Object.freeze({ installation });
