// The Chromium extension's service worker: Chrome's events and ports wired to BrowserState (what one
// browser holds once). Documents connect from their isolated world (PORT_DOCUMENT), the prompt
// frame from the extension's own page (PORT_PROMPT), the devtools panel (PORT_PANEL). The sender of
// every port is Chrome's record (tab, frame, URL), never something a message claims.

import { PORT_DOCUMENT, PORT_PANEL, PORT_PROMPT } from '../names.js';
import { BrowserState, type CameraIndicatorState, type KeyValueStore } from './browser-state.js';

interface Sender {
  tab?: { id?: number; incognito?: boolean };
  frameId?: number;
  url?: string;
  /** The frame's origin as Chrome knows it ('null' when opaque). */
  origin?: string;
  id?: string;
}
interface Port {
  name: string;
  sender?: Sender;
  postMessage(m: unknown): void;
  onMessage: { addListener(fn: (m: unknown) => void): void };
  onDisconnect: { addListener(fn: () => void): void };
}
interface NavDetails {
  tabId: number;
  frameId: number;
  url: string;
  transitionType?: string;
  transitionQualifiers?: string[];
  sourceTabId?: number;
  sourceFrameId?: number;
}
declare const chrome: {
  runtime: { id: string; getURL(p: string): string; onConnect: { addListener(fn: (p: Port) => void): void } };
  storage: {
    local: {
      get(k: string): Promise<Record<string, unknown>>;
      set(v: Record<string, unknown>): Promise<void>;
      remove(k: string): Promise<void>;
      setAccessLevel?(o: {
        accessLevel: 'TRUSTED_CONTEXTS' | 'TRUSTED_AND_UNTRUSTED_CONTEXTS';
      }): Promise<void>;
    };
  };
  webNavigation: {
    onBeforeNavigate: { addListener(fn: (d: NavDetails) => void): void };
    onCommitted: { addListener(fn: (d: NavDetails) => void): void };
    onCreatedNavigationTarget: { addListener(fn: (d: NavDetails) => void): void };
  };
  tabs: { onRemoved: { addListener(fn: (tabId: number) => void): void } };
  action: {
    setBadgeText(d: { tabId: number; text: string }): Promise<void>;
    setBadgeBackgroundColor(d: { tabId: number; color: string }): Promise<void>;
    setTitle(d: { tabId: number; title: string }): Promise<void>;
  };
};

// Consent records and persistent anchors of every origin are in chrome.storage.local: only the
// extension's own pages and this worker may read it, never a content script (a compromised
// renderer's isolated world included). The isolated world never uses chrome.storage.
void chrome.storage.local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' })?.catch(() => undefined);

const storage: KeyValueStore = {
  get: async (k) => (await chrome.storage.local.get(k))[k],
  set: (k, v) => chrome.storage.local.set({ [k]: v }),
  remove: (k) => chrome.storage.local.remove(k),
};

// The camera privacy indicator (R-CAM-06) in the browser's own UI: the action's badge and title for
// the tab, which no page can draw over, remove or read.
const ACTION_TITLE = 'xrgate';
async function drawCameraIndicator({ tabId, origins }: CameraIndicatorState): Promise<void> {
  try {
    if (origins) {
      await chrome.action.setBadgeBackgroundColor({ tabId, color: '#e5383b' });
      await chrome.action.setBadgeText({ tabId, text: 'CAM' });
      await chrome.action.setTitle({ tabId, title: `Camera in use by ${origins.join(', ')}` });
    } else {
      await chrome.action.setBadgeText({ tabId, text: '' });
      await chrome.action.setTitle({ tabId, title: ACTION_TITLE });
    }
  } catch {
    // the tab is gone
  }
}

const state = new BrowserState({ storage, cameraIndicator: (s) => void drawCameraIndicator(s) });
// For tests and the panel: the state is the worker's own; no page can reach a service worker.
(globalThis as Record<string, unknown>).xrgateState = state;

let nextId = 1;
const promptPage = chrome.runtime.getURL('prompt.html');
const panelPage = chrome.runtime.getURL('panel.html');

function fromExtensionPage(sender: Sender | undefined, page: string): boolean {
  return typeof sender?.url === 'string' && sender.url.split('#')[0]!.split('?')[0] === page;
}

chrome.runtime.onConnect.addListener((port) => {
  const sender = port.sender;
  if (port.name === PORT_DOCUMENT) {
    const tabId = sender?.tab?.id;
    if (typeof tabId !== 'number' || typeof sender?.url !== 'string') return;
    const id = nextId++;
    let opened = false;
    port.onDisconnect.addListener(() => state.closeDocument(id));
    port.onMessage.addListener(async (raw) => {
      const m = raw as Record<string, unknown>;
      if (m === null || typeof m !== 'object') return;
      if (m.t === 'hello' && !opened) {
        opened = true;
        const welcome = await state.openDocument({
          id,
          tabId,
          frameId: sender.frameId ?? 0,
          // Chrome's record of the frame's URL, not the message's.
          url: sender.url!,
          incognito: sender.tab?.incognito === true,
          ...(typeof sender.origin === 'string' ? { senderOrigin: sender.origin } : {}),
          send: (msg) => port.postMessage(msg),
        });
        port.postMessage(welcome);
        return;
      }
      // The user's Escape in a frame that never opened (no script of the page's runs there: a
      // sandboxed frame without allow-scripts; the page moved the focus into it): the tab is
      // Chrome's record, the only fact this needs.
      if (m.t === 'user-escape' && !opened) {
        state.userEscapeInTab(tabId);
        return;
      }
      // Any frame, opened or not, whose page took the user agent's listeners, now focused (Chrome's tab).
      if (m.t === 'listeners-taken') {
        state.listenersTakenInTab(tabId);
        return;
      }
      if (!opened) return;
      switch (m.t) {
        case 'lock':
          port.postMessage({ t: 'lock', granted: state.acquireLock(id) });
          break;
        case 'unlock':
          state.releaseLock(id);
          break;
        case 'consent':
          await state.saveConsent(id, m.records);
          break;
        case 'prompt':
          state.registerPrompt(id, m.token, m.question as never);
          break;
        case 'prompt-cancel':
          state.cancelPrompt(id, m.token);
          break;
        case 'audit':
          state.audit(id, m.record);
          break;
        case 'camera':
          state.cameraInUse(id, m.on);
          break;
        case 'user-escape':
          state.userEscape(id);
          break;
        // Persistent anchors: for the sender's origin only (Chrome's record), each field checked.
        case 'anchor-persist':
          await state.persistAnchor(id, m.handle, m.pose);
          break;
        case 'anchor-move':
          await state.moveAnchor(id, m.handle, m.pose);
          break;
        case 'anchor-forget':
          await state.forgetAnchor(id, m.handle);
          break;
      }
    });
    return;
  }
  if (port.name === PORT_PROMPT) {
    // Only the extension's own prompt page, in a tab.
    const tabId = sender?.tab?.id;
    if (!fromExtensionPage(sender, promptPage) || typeof tabId !== 'number') return;
    let token: unknown = null;
    let answered = false;
    port.onDisconnect.addListener(() => {
      if (!answered) state.promptGone(token);
    });
    port.onMessage.addListener((raw) => {
      const m = raw as Record<string, unknown>;
      if (m === null || typeof m !== 'object') return;
      if (m.t === 'ready' && token === null) {
        token = m.token;
        const question = state.promptQuestion(token, tabId);
        port.postMessage(question ? { t: 'question', question } : { t: 'gone' });
      } else if (m.t === 'answer' && token !== null && !answered) {
        answered = state.promptAnswer(token, tabId, m.choice);
      }
    });
    return;
  }
  if (port.name === PORT_PANEL) {
    if (!fromExtensionPage(sender, panelPage)) return;
    const id = nextId++;
    let tabId: number | null = null;
    port.onDisconnect.addListener(() => state.detachPanel(id));
    port.onMessage.addListener(async (raw) => {
      const m = raw as Record<string, unknown>;
      if (m === null || typeof m !== 'object') return;
      if (m.t === 'attach' && tabId === null && typeof m.tabId === 'number') {
        tabId = m.tabId;
        await state.attachPanel({ id, tabId, send: (msg) => port.postMessage(msg) });
        return;
      }
      if (tabId === null) return;
      if (m.t === 'device') state.setDevice(tabId, m.patch);
      else if (m.t === 'revoke' && typeof m.origin === 'string')
        await state.revoke(m.origin, typeof m.feature === 'string' ? m.feature : null, m.incognito === true);
      else if (m.t === 'snapshot') port.postMessage(await state.snapshot(tabId));
      else if (m.t === 'settings')
        port.postMessage({ t: 'settings', settings: await state.setSettings(m.patch) });
    });
  }
});

chrome.webNavigation.onBeforeNavigate.addListener((d) => state.beforeNavigate(d.tabId, d.frameId));
chrome.webNavigation.onCreatedNavigationTarget.addListener((d) => {
  if (typeof d.sourceTabId === 'number')
    state.createdNavigationTarget(d.sourceTabId, d.sourceFrameId ?? 0, d.tabId);
});
chrome.webNavigation.onCommitted.addListener((d) =>
  state.committed({
    tabId: d.tabId,
    frameId: d.frameId,
    url: d.url,
    transitionType: d.transitionType ?? 'link',
    transitionQualifiers: d.transitionQualifiers ?? [],
  }),
);
chrome.tabs.onRemoved.addListener((tabId) => state.tabClosed(tabId));
