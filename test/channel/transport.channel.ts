// Under vitest.channel.config.ts: proves that the suites there really run over a MessageChannel
// (the setup's mock took effect), and that what crosses is plain, cloneable data. The channel's
// port methods are captured at load (a patched MessagePort.prototype sees nothing: checked below).

import { describe, expect, it } from 'vitest';
import { tapChannel } from '../../src/agent/channel.js';
import { createUserAgent } from '../../src/user-agent.js';
import { inFrame } from '../conformance/helpers.js';

describe('the user-agent side behind a MessageChannel', () => {
  it('every request, answer and event crosses as a message', async () => {
    const sent: unknown[] = [];
    tapChannel((m) => sent.push(structuredClone(m)));
    try {
      const ua = createUserAgent({ url: 'https://app.example/' });
      ua.host.click();
      const session = await ua.xr!.requestSession('immersive-vr', { requiredFeatures: ['local-floor'] });
      const floor = await session.requestReferenceSpace('local-floor');
      const y = await inFrame(session, (frame) => frame.getViewerPose(floor)?.transform.position.y);
      expect(typeof y).toBe('number');
      await session.end();
      const methods = sent
        .map((m) => (m as { method?: string }).method)
        .filter((m): m is string => typeof m === 'string');
      expect(methods).toEqual(
        expect.arrayContaining(['requestSession', 'requestReferenceSpace', 'frame', 'endSession']),
      );
      const replies = sent.filter((m) => (m as { kind?: string }).kind === 'reply');
      expect(replies.length).toBeGreaterThanOrEqual(4);
    } finally {
      tapChannel(null);
    }
  });

  it('a MessagePort.prototype.postMessage patched after load sees no message', async () => {
    const seen: unknown[] = [];
    const proto = MessagePort.prototype as { postMessage: (m: unknown) => void };
    const original = proto.postMessage;
    proto.postMessage = function (this: MessagePort, m: unknown) {
      seen.push(m);
      return original.call(this, m);
    };
    try {
      const ua = createUserAgent({ url: 'https://app.example/' });
      ua.host.click();
      const session = await ua.xr!.requestSession('immersive-vr');
      await session.end();
      expect(seen).toEqual([]);
    } finally {
      proto.postMessage = original;
    }
  });

  it('a direct user agent sends no message', async () => {
    const sent: unknown[] = [];
    tapChannel((m) => sent.push(m));
    try {
      const ua = createUserAgent({ url: 'https://app.example/', transport: 'direct' });
      ua.host.click();
      const session = await ua.xr!.requestSession('immersive-vr');
      await session.end();
      expect(sent).toEqual([]);
    } finally {
      tapChannel(null);
    }
  });
});
