// xrgate/browser: install xrgate into a page yourself (the script-tag bundles dist/xrgate.js and
// dist/xrgate-test.js call install() on load). install() replaces navigator.xr and the XR*
// interface objects with xrgate's, using the page's real signals, and returns the installation
// (its user agent, the developer overlay's controls, and uninstall()). It returns null in an
// insecure context, where navigator.xr does not exist (R-EXPO-01).

export { type Installation, type InstallOptions, install } from './install.js';
export { createTrustedPrompt, type PromptOptions } from './prompt.js';
export { createPageConsentStorage } from './storage.js';
