// `npm start` (until the playground exists): runs a few realistic WebXR requests through xrgate
// in Node and prints each decision — allowed, or refused with the exception, the reason and the
// requirement id — the way a developer would meet them.

import { createUserAgent, pose, SimulatedXRDevice, type XRSession } from '../index.js';
import { mayStartImmersiveAfterNavigation } from '../policy/navigation.js';
import { originOf } from '../policy/origin.js';
import { checkFeaturePolicy, type FrameFacts } from '../policy/permissions-policy.js';
import { defineProfile } from '../policy/profile.js';

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const ok = (s: string) => console.log(`  ✔ ${s}`);
const no = (e: unknown) => {
  const err = e as Error;
  console.log(`  ✘ ${err.name}: ${err.message}`);
};

async function attempt<T>(
  label: string,
  run: () => Promise<T>,
  show: (v: T) => string,
): Promise<T | undefined> {
  console.log(`\n${bold(label)}`);
  try {
    const v = await run();
    ok(show(v));
    return v;
  } catch (e) {
    no(e);
    return undefined;
  }
}

type Frame = Parameters<Parameters<XRSession['requestAnimationFrame']>[0]>[1];

/** Runs `read` inside the next animation frame (poses exist only while the frame is active). */
function inFrame<T>(session: XRSession, read: (f: Frame) => T): Promise<T> {
  return new Promise((resolve) => session.requestAnimationFrame((_t, f) => resolve(read(f))));
}

async function main(): Promise<void> {
  console.log(bold('xrgate — the WebXR privacy, security and permission model, enforced'));

  // 1. No user activation.
  const ua = createUserAgent({ url: 'https://vr.example/' });
  const xr = ua.xr;
  if (!xr) throw new Error('unreachable: https is a secure context');
  await attempt(
    "A page calls requestSession('immersive-vr') on load, without a click",
    () => xr.requestSession('immersive-vr'),
    () => 'session',
  );

  // 2. With a real click, local-floor and bounded-floor, on a headset with an odd floor and room.
  const device = new SimulatedXRDevice({
    supportedModes: ['inline', 'immersive-vr'],
    capableFeatures: { 'immersive-vr': ['local-floor', 'bounded-floor'] },
    views: ua.device?.frame().views ?? [],
    floorOrigin: pose(0, -1.6337, 0),
    bounds: [
      { x: -1.512, z: -1.2649 },
      { x: 1.4987, z: -1.3021 },
      { x: 1.53, z: 1.2333 },
      { x: -1.4781, z: 1.271 },
    ],
  });
  if (ua.device) ua.disconnectDevice(ua.device);
  ua.connectDevice(device);
  ua.host.click();
  const session = await attempt(
    "The user clicks 'Enter VR' (requiredFeatures: local-floor, optionalFeatures: bounded-floor)",
    () =>
      xr.requestSession('immersive-vr', {
        requiredFeatures: ['local-floor'],
        optionalFeatures: ['bounded-floor'],
      }),
    (s) => `session granted: enabledFeatures = ${s.enabledFeatures.join(', ')}`,
  );
  if (session) {
    const floorSpace = await session.requestReferenceSpace('local-floor');
    const bounded = (await session.requestReferenceSpace('bounded-floor')) as unknown as {
      boundsGeometry: readonly DOMPointReadOnly[];
    };
    const vp = await inFrame(session, (f) => f.getViewerPose(floorSpace));
    ok(
      `sensed floor 1.6337 m below the head is reported as ${vp?.transform.position.y} m (rounded to 1 cm, R-SPACE-13)`,
    );
    ok(
      `room corners reported on a 5 cm grid, inside the real room (R-SPACE-18): ${bounded.boundsGeometry
        .map((p) => `(${p.x}, ${p.z})`)
        .join(' ')}`,
    );
    await session.end();
  }

  // 3. A cross-origin iframe without allow="xr-spatial-tracking".
  const top: FrameFacts = { origin: originOf('https://news.example/') };
  const iframe: FrameFacts = { origin: originOf('https://ads.example/'), parent: top };
  const policy = checkFeaturePolicy('xr-spatial-tracking', iframe);
  console.log(`\n${bold('An ad in a cross-origin iframe (no allow attribute) asks for immersive-vr')}`);
  if (!policy.allowed && policy.error) console.log(`  ✘ permissions policy: ${policy.error.message}`);
  const framed = createUserAgent({
    url: 'https://ads.example/',
    policy: { 'xr-spatial-tracking': policy.allowed },
  });
  framed.host.click();
  await attempt(
    '  … and requestSession in that frame (spec profile)',
    () => framed.xr!.requestSession('immersive-vr'),
    () => 'session',
  );
  const strictFramed = createUserAgent({
    url: 'https://ads.example/',
    profile: 'strict',
    policy: { 'xr-spatial-tracking': false },
  });
  strictFramed.host.click();
  await attempt(
    '  … the same under the strict profile',
    () => strictFramed.xr!.requestSession('immersive-vr'),
    () => 'session',
  );

  // 4. The user declines the consent prompt.
  const declined = createUserAgent({ url: 'https://height.example/', consent: 'deny-all' });
  declined.host.click();
  await attempt(
    'The user declines the prompt for local-floor (required)',
    () => declined.xr!.requestSession('immersive-vr', { requiredFeatures: ['local-floor'] }),
    () => 'session',
  );
  const q = declined.host.consentQuestions[0];
  if (q)
    ok(
      `the prompt named the origin ${q.origin} and said: ${q.features.map((x) => `${x.name} reveals ${x.reveals}`).join('; ')}`,
    );

  // 5. Activation expires.
  const late = createUserAgent({ url: 'https://slow.example/', clock: 'manual' });
  late.host.click();
  late.host.advance(6000);
  await attempt(
    'A request 6 s after the click',
    () => late.xr!.requestSession('immersive-vr'),
    () => 'session',
  );

  // 6. Automatic sessions after navigation (a host option, off by default).
  console.log(`\n${bold('Entering VR automatically after a navigation (R-NAV)')}`);
  const navProfile = defineProfile({ name: 'headset-browser', automaticSessionsOnNavigation: true });
  const facts = {
    previousOrigin: originOf('https://portal.example/'),
    newOrigin: originOf('https://world.example/'),
    redirectCount: 0,
    navigationType: 'navigate' as const,
    trigger: 'bookmark' as const,
    previousPageHadImmersiveSession: false,
    navigatedFromInsideImmersiveSession: false,
    userInHeadset: true,
    sameBrowsingSession: true,
    platformLetsWebTriggerIntents: false,
    userAllowsOrigin: false,
    launchedByUser: false,
  };
  for (const [label, f] of [
    ['from a bookmark', facts],
    ['through a redirect', { ...facts, redirectCount: 1 }],
    [
      'from a link on an http:// page',
      { ...facts, trigger: 'link' as const, previousOrigin: originOf('http://portal.example/') },
    ],
  ] as const) {
    const d = mayStartImmersiveAfterNavigation(f, navProfile);
    if (d.allowed)
      ok(
        `${label}: allowed (${d.reason}; mitigations: ${d.value?.mitigations.join(', ')}) [${d.requirement}]`,
      );
    else console.log(`  ✘ ${label}: ${d.error?.message}`);
  }

  console.log(`\n${bold('Audit log of the first page')} (${ua.audit.entries().length} decisions):`);
  for (const e of ua.audit.entries().slice(0, 12)) {
    console.log(`  ${e.allowed ? '✔' : '✘'} ${e.action.padEnd(26)} ${e.requirement.padEnd(12)} ${e.reason}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
