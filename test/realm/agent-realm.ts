// The user-agent side as it runs out of the page's reach: bundled and evaluated in a realm of its
// own (test/realm/two-realms.test.ts runs it in a node:vm context, as the Chromium extension runs
// it in the isolated world). It serves one document's DocumentPort on a MessagePort it is handed
// before any page script runs, capturing the port's methods at that moment.

import { serveDocumentPort } from '../../src/agent/channel.js';
import { DocumentAgent } from '../../src/agent/document-agent.js';
import { SessionAgent } from '../../src/agent/session-agent.js';
import { UserAgentSide } from '../../src/agent/user-agent-side.js';
import { createHeadset, SimulatedXRDevice } from '../../src/device/simulated.js';
import { ScriptedHost } from '../../src/host/scripted.js';
import { ConsentStore } from '../../src/policy/consent.js';
import { AuditLog } from '../../src/policy/decision.js';
import { profiles } from '../../src/policy/profile.js';

interface Port {
  postMessage(message: unknown): void;
  onmessage: ((e: { data: unknown }) => void) | null;
}

export function start(port: Port, url: string) {
  // Captured now: a page that later patches MessagePort.prototype reaches none of this.
  const post = port.postMessage;
  const apply = Reflect.apply;
  const send = (message: unknown) => apply(post, port, [message]);
  const host = new ScriptedHost({ url, consent: 'grant-all' });
  const audit = new AuditLog({ now: () => host.now() });
  const ua = new UserAgentSide({ profile: profiles.spec, audit, now: () => host.now() });
  const device = createHeadset();
  ua.connect(device);
  let agent: DocumentAgent | null = null;
  serveDocumentPort(
    {
      postMessage: send,
      set onmessage(handler: ((e: { data: unknown }) => void) | null) {
        port.onmessage = handler;
      },
      get onmessage() {
        return null;
      },
      close() {},
    },
    (sink) => {
      agent = ua.openDocument(host, sink);
      return agent;
    },
  );
  return {
    host,
    ua,
    device,
    agent: () => agent,
    /** The user agent's classes, for the test to recognise its objects. */
    classes: [
      UserAgentSide,
      DocumentAgent,
      SessionAgent,
      ConsentStore,
      AuditLog,
      ScriptedHost,
      SimulatedXRDevice,
    ],
  };
}
