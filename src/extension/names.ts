// Names shared by the Chromium extension's parts (docs/extension.md).

/**
 * The event the main-world script dispatches on its window at document_start, carrying the
 * MessagePort of its private channel to the isolated world. It is dispatched synchronously before
 * any page script runs, and the isolated world's capturing listener stops it there.
 */
export const HANDSHAKE_EVENT = 'xrgate-extension-connect';
/** The isolated world asks the main world to (re)send its port (when it loaded second). */
export const READY_EVENT = 'xrgate-extension-ready';

/** chrome.runtime ports to the service worker. */
export const PORT_DOCUMENT = 'xrgate-document';
export const PORT_PROMPT = 'xrgate-prompt';
export const PORT_PANEL = 'xrgate-panel';
