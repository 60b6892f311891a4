// dist/xrgate.js: installs xrgate as navigator.xr when the script loads, with the page's real
// signals (activation, focus, visibility, permissions policy), the default headset, the Trusted-UI
// prompt and the developer overlay (Ctrl+Shift+X, or ?xrgate-overlay in the page URL).
// ?xrgate-device=quest-3 picks a device by name; ?xrgate-device=<URL of a device.json file> reads
// the file (same origin only, synchronously, before the page's scripts run). A bad value is
// reported as an error and the default headset is used.
// Nothing of the installation is handed to the page: its consent store, host and device stay
// out of the page's reach.
import { installXrgate } from './installer.js';
import { urlDevice } from './url-device.js';

// Where the xrgate extension is installed, its user agent (out of the page's reach) is already
// navigator.xr: the bundle steps aside. (A page that fakes the marker only keeps xrgate out of its
// own page.)
const existing = (globalThis as { xrgate?: { via?: unknown } }).xrgate;
// The embedder's opt-in to seed 002's same-origin continuation: <script src="xrgate.js"
// data-navigation="same-origin"> (see installXrgate's `navigation`).
const currentScript = (globalThis as { document?: Document }).document
  ?.currentScript as HTMLScriptElement | null;
const navigation =
  currentScript?.getAttribute('data-navigation') === 'same-origin' ? 'same-origin' : undefined;
if (existing?.via !== 'extension') {
  const search = globalThis.location?.search ?? '';
  const device = urlDevice(search);
  installXrgate({
    overlay: /[?&]xrgate-overlay\b/.test(search),
    ...(navigation ? { navigation } : {}),
    ...(device !== undefined ? { device } : {}),
  });
  (globalThis as Record<string, unknown>).xrgate = Object.freeze({ version: '0.1.0' });
}
