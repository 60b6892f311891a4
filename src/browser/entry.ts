// dist/xrgate.js: installs xrgate as navigator.xr when the script loads, with the page's real
// signals (activation, focus, visibility, permissions policy) and the default headset.
import { install } from './install.js';

const installation = install();
(globalThis as Record<string, unknown>).xrgate = Object.freeze({ installation });
