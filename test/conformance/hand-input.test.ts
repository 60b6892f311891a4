// The Hand Input Module on xrgate's runtime with a simulated headset whose input sources are hands
// ('headset-hands'): XRInputSource.hand only with 'hand-tracking', XRHand's shape, joint poses as
// the anonymized hand (scaled to the canonical size, rounded), getJointPose / fillJointRadii /
// fillPoses with their errors, and input-pose withholding while blurred (AMB-04, R-VIS-05).
// Spec: immersive-web/webxr-hand-input (#xrhand-interface, #dom-xrframe-getjointpose,
// #dom-xrframe-filljointradii, #dom-xrframe-fillposes, #privacy-security).

import { describe, expect, it } from 'vitest';
import type { XRFrame } from '../../src/api/XRFrame.js';
import type { XRInputSource } from '../../src/api/XRInputSource.js';
import type { XRSession } from '../../src/api/XRSession.js';
import type { SimulatedXRDevice } from '../../src/device/simulated.js';
import { handJoints } from '../../src/policy/hand-input.js';
import {
  expectThrowName,
  inFrame,
  initialInputs,
  makeUA,
  nextEvent,
  requestImmersive,
  sleep,
} from './helpers.js';

type Hand = {
  size: number;
  get(name: string): object;
  keys(): Iterable<string>;
  values(): Iterable<object>;
  forEach(cb: (v: object, k: string) => void): void;
  [Symbol.iterator](): Iterator<[string, object]>;
};
type HandFrame = XRFrame & {
  getJointPose(j: object, b: object): null | { radius: number; transform: { position: DOMPointReadOnly } };
  fillJointRadii(j: Iterable<object>, r: Float32Array): boolean;
  fillPoses(s: Iterable<object>, b: object, t: Float32Array): boolean;
};

async function handSession(features: string[] = ['hand-tracking'], profile?: 'strict') {
  // The user answers a prompt (explicit consent, which 'hand-tracking' requires).
  const ua = makeUA({
    device: 'headset-hands',
    consent: { grant: ['local', 'local-floor', 'hand-tracking'] },
    ...(profile ? { profile } : {}),
  });
  const session = await requestImmersive(ua, { requiredFeatures: features });
  if (session.inputSources.length < 2) await initialInputs(session);
  const right = [...(session.inputSources as unknown as Iterable<XRInputSource>)].find(
    (s) => s.handedness === 'right',
  );
  return { ua, session, right: right as XRInputSource & { hand: Hand | null } };
}

describe('XRInputSource.hand and XRHand', () => {
  it("null without 'hand-tracking'; with it, 25 joint spaces named in order, the same object every time", async () => {
    const plain = await handSession([]);
    expect(plain.right.hand).toBeNull();
    expect(plain.right.profiles).toContain('generic-hand-select');
    await plain.session.end();
    const { session, right } = await handSession();
    const hand = right.hand as Hand;
    expect(right.hand).toBe(hand);
    expect(Object.prototype.toString.call(hand)).toBe('[object XRHand]');
    expect(hand.size).toBe(25);
    expect([...hand.keys()]).toEqual([...handJoints]);
    const wrist = hand.get('wrist');
    expect(Object.prototype.toString.call(wrist)).toBe('[object XRJointSpace]');
    expect((wrist as { jointName: string }).jointName).toBe('wrist');
    expect([...hand][3]?.[0]).toBe('thumb-phalanx-distal');
    const seen: string[] = [];
    hand.forEach((v, k) => {
      seen.push(`${k}:${(v as { jointName: string }).jointName === k}`);
    });
    expect(seen.length).toBe(25);
    expect(seen.every((x) => x.endsWith(':true'))).toBe(true);
    expectThrowName(() => hand.get('elbow'), 'TypeError');
    await session.end();
  });

  it("#privacy-security: 'hand-tracking' needs explicit consent: an implicit grant refuses it (required) or leaves it out (optional)", async () => {
    const ua = makeUA({ device: 'headset-hands', consent: 'grant-all' });
    const required = await requestImmersive(ua, { requiredFeatures: ['hand-tracking'] }).then(
      () => 'resolved',
      (e: Error) => `${e.name}: ${e.message}`,
    );
    expect(required).toMatch(/^NotSupportedError: .*explicit consent/);
    const optional = await requestImmersive(ua, { optionalFeatures: ['hand-tracking'] });
    expect(optional.enabledFeatures).not.toContain('hand-tracking');
    await optional.end();
  });

  it("inline sessions never get 'hand-tracking' (the module is for immersive sessions)", async () => {
    const ua = makeUA({ device: 'headset-hands' });
    ua.host.click();
    const inline = await ua.xr.requestSession('inline', { optionalFeatures: ['hand-tracking'] });
    expect(inline.enabledFeatures).not.toContain('hand-tracking');
    await inline.end();
  });
});

describe('joint poses (anonymized hand)', () => {
  it('#privacy-security: a 7 % larger hand is reported at the canonical 18.7 cm, on the 1 mm grid; radius > 0', async () => {
    const { session, right } = await handSession();
    const hand = right.hand as Hand;
    const r = await inFrame(session, (f) => {
      const frame = f as HandFrame;
      const tip = frame.getJointPose(hand.get('middle-finger-tip'), hand.get('wrist'));
      const wrist = frame.getJointPose(hand.get('wrist'), hand.get('wrist'));
      return {
        tipZ: tip?.transform.position.z,
        tipR: tip?.radius,
        wristR: wrist?.radius,
        cls: Object.prototype.toString.call(tip),
      };
    });
    expect(r.cls).toBe('[object XRJointPose]');
    expect(r.tipZ).toBeCloseTo(-0.187, 9); // the device's hand reaches -0.200 m
    expect(r.tipR).toBeCloseTo(0.007, 6);
    expect(r.wristR).toBeCloseTo(0.02, 6);
    await session.end();
  });

  it('strict: positions on a 5 mm grid', async () => {
    const { session, right } = await handSession(['hand-tracking'], 'strict');
    const hand = right.hand as Hand;
    const zs = await inFrame(session, (f) =>
      [...hand.values()].map(
        (j) => (f as HandFrame).getJointPose(j, hand.get('wrist'))?.transform.position.z as number,
      ),
    );
    for (const z of zs) expect(Math.abs(z / 0.005 - Math.round(z / 0.005))).toBeLessThan(1e-6);
    await session.end();
  });

  it('fillJointRadii and fillPoses fill every joint and return true; arrays too small are TypeErrors', async () => {
    const { session, right } = await handSession();
    const hand = right.hand as Hand;
    const local = await session.requestReferenceSpace('local');
    const out = await inFrame(session, (f) => {
      const frame = f as HandFrame;
      const radii = new Float32Array(25);
      const poses = new Float32Array(25 * 16);
      const okR = frame.fillJointRadii(hand.values(), radii);
      const okP = frame.fillPoses(hand.values(), local, poses);
      const tip = frame.getJointPose(hand.get('index-finger-tip'), local);
      let small = '';
      try {
        frame.fillPoses(hand.values(), local, new Float32Array(16));
      } catch (e) {
        small = (e as Error).name;
      }
      let notJoint = '';
      try {
        frame.fillJointRadii([local], new Float32Array(1));
      } catch (e) {
        notJoint = (e as Error).name;
      }
      return {
        okR,
        okP,
        r9: radii[9],
        m9: [...poses.slice(9 * 16 + 12, 9 * 16 + 15)],
        tip: tip?.transform.position,
        small,
        notJoint,
      };
    });
    expect(out.okR && out.okP).toBe(true);
    expect(out.r9).toBeCloseTo(0.007, 6);
    expect(out.m9[0]).toBeCloseTo(out.tip?.x as number, 5);
    expect(out.m9[2]).toBeCloseTo(out.tip?.z as number, 5);
    expect([out.small, out.notJoint]).toEqual(['TypeError', 'TypeError']);
    await session.end();
  });

  it('fillPoses writes exactly the matrices getPose/getJointPose report, for joints and other spaces alike', async () => {
    const { session, right } = await handSession();
    const hand = right.hand as Hand;
    const local = await session.requestReferenceSpace('local');
    const grip = right.gripSpace as object;
    const same = await inFrame(session, (f) => {
      const frame = f as HandFrame & {
        getPose(s: object, b: object): { transform: { matrix: Float32Array } } | null;
      };
      const spaces = [...hand.values(), grip];
      const out = new Float32Array(spaces.length * 16);
      const ok = frame.fillPoses(spaces, local, out);
      const expected = spaces.flatMap((sp) => [...(frame.getPose(sp, local)?.transform.matrix ?? [])]);
      return ok && expected.length === out.length && expected.every((v, i) => Object.is(v, out[i]));
    });
    expect(same).toBe(true);
    await session.end();
  });

  it('AMB-04, R-VIS-05: while blurred, joint poses are null, radii NaN and fill* return false', async () => {
    const { ua, session, right } = await handSession();
    const hand = right.hand as Hand;
    (ua.device as SimulatedXRDevice).setVisibility('visible-blurred');
    await nextEvent(session, 'visibilitychange');
    const out = await inFrame(session, (f) => {
      const frame = f as HandFrame;
      const radii = new Float32Array(25);
      const poses = new Float32Array(25 * 16);
      return {
        pose: frame.getJointPose(hand.get('wrist'), hand.get('thumb-tip')),
        okR: frame.fillJointRadii(hand.values(), radii),
        okP: frame.fillPoses(hand.values(), hand.get('wrist'), poses),
        nan: Number.isNaN(radii[0]) && Number.isNaN(poses[0]),
      };
    });
    expect(out).toEqual({ pose: null, okR: false, okP: false, nan: true });
    await session.end();
  });

  it('errors: not a joint → TypeError; inactive frame and another session → InvalidStateError', async () => {
    const { ua, session, right } = await handSession();
    const hand = right.hand as Hand;
    let saved: HandFrame | null = null;
    await inFrame(session, (f) => {
      saved = f as HandFrame;
      const local = session.renderState;
      expectThrowName(
        () => (f as HandFrame).getJointPose(local as unknown as object, hand.get('wrist')),
        'TypeError',
      );
    });
    expectThrowName(
      () => (saved as unknown as HandFrame).getJointPose(hand.get('wrist'), hand.get('wrist')),
      'InvalidStateError',
    );
    expectThrowName(
      () => (saved as unknown as HandFrame).fillJointRadii(hand.values(), new Float32Array(25)),
      'InvalidStateError',
    );
    await session.end();
    await sleep(10);
    const other = (await requestImmersive(ua, { requiredFeatures: ['hand-tracking'] })) as XRSession;
    await inFrame(other, (f) =>
      expectThrowName(
        () => (f as HandFrame).getJointPose(hand.get('wrist'), hand.get('wrist')),
        'InvalidStateError',
      ),
    );
    await other.end();
  });
});
