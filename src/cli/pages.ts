// The playground's pages. Every page loads /xrgate.js first, so navigator.xr is xrgate with the
// page's real signals; the privacy lab shows each rule live. A page shows the notices it is given
// (what the playground is missing where it runs, and the command that fixes it) above its content.

import { HEADSET_PLAY_AREA } from '../device/simulated.js';

/** No favicon request: the browser takes this empty icon instead of asking /favicon.ico. */
const noFavicon = '<link rel=icon href="data:,">';

/** Text made safe to put in HTML content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What the playground is missing where it runs, shown at the top of every page. */
export type Notices = readonly string[];

const noticeBlock = (notices: Notices) =>
  notices.map((n) => `<p class="card out err" role=alert>${escapeHtml(n)}</p>`).join('\n');

const head = (
  title: string,
  notices: Notices = [],
) => `<!doctype html><html lang=en><head><meta charset=utf-8>
<meta name=viewport content="width=device-width, initial-scale=1">
<title>${title} — xrgate playground</title>
${noFavicon}
<script src="/xrgate.js"></script>
<style>
 body { font: 15px/1.45 system-ui, sans-serif; margin: 0; background: #0f1320; color: #e8ebf3; }
 main { max-width: 980px; margin: 0 auto; padding: 20px; }
 a { color: #8fb4ff; } h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; }
 button { font: inherit; padding: 8px 14px; border-radius: 8px; border: 0; background: #2f6fed; color: #fff; cursor: pointer; }
 .card { background: #171d2e; border-radius: 10px; padding: 14px 16px; margin: 12px 0; }
 .out { font-family: ui-monospace, monospace; font-size: 13px; white-space: pre-wrap; color: #b9f6ca; min-height: 1.2em; }
 .out.err { color: #ffab91; }
 iframe { width: 100%; height: 130px; border: 1px solid #39425e; border-radius: 8px; background: #fff; }
 canvas { width: 100%; max-width: 960px; aspect-ratio: 2 / 1; background: #000; border-radius: 8px; display: block; }
</style></head><body><main>
${noticeBlock(notices)}`;

const foot = '</main></body></html>';

export function indexPage(notices: Notices = []): string {
  return `${head('Playground', notices)}
<h1>xrgate playground</h1>
<p>Every page here runs on xrgate: the WebXR Device API with its privacy, security and permission
rules enforced in JavaScript — user activation, the <code>xr-spatial-tracking</code> permissions
policy, consent in a Trusted-UI prompt, rounded floor and bounds, visibility gating.</p>
<ul>
 <li><a href="/three.html">A three.js app</a> (its <code>VRButton</code>, running on xrgate)</li>
 <li><a href="/ar.html?xrgate-device=phone-ar">A three.js AR app</a> (its <code>ARButton</code> and hit test, on a phone in a simulated room)</li>
 <li><a href="/webgl.html">A plain WebGL app</a></li>
 <li><a href="/lab.html">The privacy lab</a>: each rule, live</li>
</ul>
${foot}`;
}

export function webglPage(notices: Notices = []): string {
  return `${head('Plain WebGL', notices)}
<h1>Plain WebGL app</h1>
<p><button id=enter>Enter VR</button> <span class=out id=status></span></p>
<canvas id=c width=1920 height=960></canvas>
<script>
const status = document.getElementById('status');
const canvas = document.getElementById('c');
const gl = canvas.getContext('webgl', { xrCompatible: true });
document.getElementById('enter').addEventListener('click', async () => {
  try {
    const session = await navigator.xr.requestSession('immersive-vr', { optionalFeatures: ['local-floor'] });
    status.textContent = 'session: ' + session.enabledFeatures.join(', ');
    session.updateRenderState({ baseLayer: new XRWebGLLayer(session, gl) });
    const space = await session.requestReferenceSpace(session.enabledFeatures.includes('local-floor') ? 'local-floor' : 'local');
    let n = 0;
    session.requestAnimationFrame(function onFrame(t, frame) {
      session.requestAnimationFrame(onFrame);
      const layer = session.renderState.baseLayer;
      gl.bindFramebuffer(gl.FRAMEBUFFER, layer.framebuffer);
      const pose = frame.getViewerPose(space);
      if (!pose) return;
      gl.enable(gl.SCISSOR_TEST);
      for (const view of pose.views) {
        const vp = layer.getViewport(view);
        gl.viewport(vp.x, vp.y, vp.width, vp.height);
        gl.scissor(vp.x, vp.y, vp.width, vp.height);
        const k = (Math.sin(t / 600 + view.index) + 1) / 2;
        gl.clearColor(view.eye === 'left' ? 0.15 : 0.05, 0.2 + 0.5 * k, 0.55, 1);
        gl.clear(gl.COLOR_BUFFER_BIT);
      }
      document.title = 'frames ' + (++n);
    });
    session.addEventListener('end', () => { status.textContent = 'session ended'; });
  } catch (e) { status.textContent = e.name + ': ' + e.message; status.className = 'out err'; }
});
</script>
${foot}`;
}

/**
 * The three.js app. `threeMissing`: three.js is not installed where the playground runs; the page
 * says so, with the command that installs it, in place of a scene that cannot load.
 */
export function threePage(options: { notices?: Notices; threeMissing?: string } = {}): string {
  if (options.threeMissing !== undefined) {
    return `${head('three.js', options.notices)}
<h1>three.js app</h1>
<p class="out err" id=status>${escapeHtml(options.threeMissing)}</p>
${foot}`;
  }
  return `${head('three.js', options.notices)}
<script type=importmap>{ "imports": { "three": "/vendor/three/three.module.js", "three/addons/": "/vendor/three/addons/" } }</script>
<h1>three.js app</h1>
<p class=out id=status>Click “ENTER VR” below the scene.</p>
<div id=app></div>
<script type=module>
import * as THREE from 'three';
import { VRButton } from 'three/addons/webxr/VRButton.js';
const renderer = new THREE.WebGLRenderer({ antialias: true });
renderer.setSize(960, 480);
renderer.xr.enabled = true;
document.getElementById('app').append(renderer.domElement, VRButton.createButton(renderer));
const scene = new THREE.Scene();
scene.background = new THREE.Color(0x10131f);
const camera = new THREE.PerspectiveCamera(70, 2, 0.1, 100);
camera.position.set(0, 1.6, 2);
scene.add(new THREE.HemisphereLight(0xffffff, 0x223344, 2));
const cube = new THREE.Mesh(new THREE.BoxGeometry(0.5, 0.5, 0.5), new THREE.MeshStandardMaterial({ color: 0x3d7dff }));
cube.position.set(0, 1.5, -1.2);
scene.add(cube);
const floor = new THREE.Mesh(new THREE.PlaneGeometry(6, 6), new THREE.MeshStandardMaterial({ color: 0x263048 }));
floor.rotation.x = -Math.PI / 2;
scene.add(floor);
let frames = 0;
renderer.xr.addEventListener('sessionstart', () => { document.getElementById('status').textContent = 'in VR (xrgate)'; window.__xrFrames = 0; });
renderer.xr.addEventListener('sessionend', () => { document.getElementById('status').textContent = 'left VR after ' + window.__xrFrames + ' frames'; });
renderer.setAnimationLoop(() => {
  cube.rotation.x += 0.01; cube.rotation.y += 0.013;
  if (renderer.xr.isPresenting) window.__xrFrames = (window.__xrFrames || 0) + 1;
  renderer.render(scene, camera);
});
</script>
${foot}`;
}

/**
 * The three.js AR app, written the way three.js's own AR hit-test example works: `ARButton` with
 * `requiredFeatures: ['hit-test']`, a hit test source on the viewer space, a reticle on the first
 * result, and a cube placed there on select. `?xrgate-device=phone-ar` (the link on the index
 * page) gives the bundle a phone that senses the simulated living room.
 */
export function arPage(options: { notices?: Notices; threeMissing?: string } = {}): string {
  if (options.threeMissing !== undefined) {
    return `${head('three.js AR', options.notices)}
<h1>three.js AR app</h1>
<p class="out err" id=status>${escapeHtml(options.threeMissing)}</p>
${foot}`;
  }
  return `${head('three.js AR', options.notices)}
<script type=importmap>{ "imports": { "three": "/vendor/three/three.module.js", "three/addons/": "/vendor/three/addons/" } }</script>
<h1>three.js AR app (hit test)</h1>
<p class=out id=status>Click “START AR”, aim at the floor or a table, and tap to place a cube.</p>
<div id=app></div>
<script type=module>
import * as THREE from 'three';
import { ARButton } from 'three/addons/webxr/ARButton.js';
const renderer = new THREE.WebGLRenderer({ antialias: true, alpha: true });
renderer.setSize(960, 480);
renderer.xr.enabled = true;
document.getElementById('app').append(renderer.domElement, ARButton.createButton(renderer, { requiredFeatures: ['hit-test'] }));
const scene = new THREE.Scene();
const camera = new THREE.PerspectiveCamera(70, 2, 0.01, 20);
scene.add(new THREE.HemisphereLight(0xffffff, 0xbbbbff, 3));
const reticle = new THREE.Mesh(new THREE.RingGeometry(0.08, 0.1, 32).rotateX(-Math.PI / 2), new THREE.MeshBasicMaterial());
reticle.matrixAutoUpdate = false;
reticle.visible = false;
scene.add(reticle);
window.__placed = [];
window.__hits = 0;
const controller = renderer.xr.getController(0);
controller.addEventListener('select', () => {
  if (!reticle.visible) return;
  const cube = new THREE.Mesh(new THREE.BoxGeometry(0.1, 0.1, 0.1), new THREE.MeshStandardMaterial({ color: 0xff8a3d }));
  reticle.matrix.decompose(cube.position, cube.quaternion, cube.scale);
  cube.position.y += 0.05;
  scene.add(cube);
  window.__placed.push({ x: cube.position.x, y: cube.position.y - 0.05, z: cube.position.z });
  document.getElementById('status').textContent = 'placed ' + window.__placed.length + ' cube(s)';
});
scene.add(controller);
let source = null;
let asked = false;
renderer.xr.addEventListener('sessionstart', () => { document.getElementById('status').textContent = 'in AR (xrgate)'; });
renderer.xr.addEventListener('sessionend', () => { source = null; asked = false; reticle.visible = false; document.getElementById('status').textContent = 'left AR'; });
renderer.setAnimationLoop((time, frame) => {
  if (frame) {
    const session = renderer.xr.getSession();
    if (!asked) {
      asked = true;
      session.requestReferenceSpace('viewer').then((viewer) => session.requestHitTestSource({ space: viewer })).then((s) => { source = s; });
    }
    if (source) {
      const hits = frame.getHitTestResults(source);
      if (hits.length > 0) {
        window.__hits++;
        reticle.visible = true;
        reticle.matrix.fromArray(hits[0].getPose(renderer.xr.getReferenceSpace()).transform.matrix);
      } else reticle.visible = false;
    }
  }
  renderer.render(scene, camera);
});
</script>
${foot}`;
}

/** A page meant to live in an iframe: it reports what requestSession answers there. */
export function framePage(): string {
  return `<!doctype html><meta charset=utf-8>${noFavicon}<script src="/xrgate.js"></script>
<style>body{font:14px system-ui;margin:8px} .out{font-family:monospace;font-size:12px;white-space:pre-wrap}</style>
<div><b id=where></b></div>
<button id=go>requestSession('immersive-vr')</button>
<div class=out id=out></div>
<script>
document.getElementById('where').textContent = location.origin + (window.top === window ? '' : ' (in a frame)');
const out = document.getElementById('out');
const say = (s) => { out.textContent = s; parent.postMessage({ frame: location.search, result: s }, '*'); };
document.getElementById('go').addEventListener('click', () => {
  navigator.xr.requestSession('immersive-vr').then((s) => { say('granted'); s.end(); }, (e) => say(e.name + ': ' + e.message));
});
navigator.xr.isSessionSupported('immersive-vr').then((v) => { out.textContent = 'isSessionSupported: ' + v; },
  (e) => { out.textContent = 'isSessionSupported: ' + e.name; });
</script>`;
}

/** A list of points { x, z } as the lab shows it: (x, z) (x, z) … */
const pointList = (points: readonly { readonly x: number; readonly z: number }[]) =>
  points.map((p) => `(${p.x}, ${p.z})`).join(' ');

/**
 * The privacy lab. Each card shows one rule and explains its own result, whatever was clicked
 * before: one immersive session at a time, so a card that starts one first ends another card's (and
 * that card says so); card 3's request comes from a synthetic click made once no real click or key
 * press is recent; card 7 shows its own session blurred while a prompt is up, and the room the
 * headset senses (off the grid) beside the bounds the page is told.
 */
export function labPage(otherOrigin: string, notices: Notices = []): string {
  return `${head('Privacy lab', notices)}
<h1>Privacy lab</h1>
<p>Each card runs one rule of the WebXR privacy and permission model through xrgate. The result is
the exception a real browser gives, with xrgate's reason and requirement id, and what it means. The
cards do not depend on each other: there is one immersive session at a time, so a card that starts
one first ends the session another card started, and that card says so.</p>

<div class=card><h2>1. A request on page load, without a click</h2>
<div class=out id=r1></div></div>

<div class=card><h2>2. A request from a real click</h2>
<button id=b2>Enter VR</button> <div class=out id=r2></div></div>

<div class=card><h2>3. A synthetic click (<code>dispatchEvent(new MouseEvent('click'))</code>)</h2>
<p>Click: once no real click or key press is recent (activation lasts 5 s), the page dispatches a
synthetic click on a button whose handler requests a session.</p>
<button id=b3>Dispatch a synthetic click on a button that requests a session</button> <div class=out id=r3></div></div>

<div class=card><h2>4. A cross-origin iframe without <code>allow="xr-spatial-tracking"</code></h2>
<iframe id=f4 src="${escapeHtml(otherOrigin)}/frame.html?no-allow"></iframe></div>

<div class=card><h2>5. The same iframe with <code>allow="xr-spatial-tracking"</code></h2>
<iframe id=f5 allow="xr-spatial-tracking" src="${escapeHtml(otherOrigin)}/frame.html?allow"></iframe></div>

<div class=card><h2>6. A same-origin iframe served with <code>Permissions-Policy: xr-spatial-tracking=()</code></h2>
<iframe id=f6 src="/blocked.html"></iframe></div>

<div class=card><h2>7. Consent, a bounded floor, and a session blurred while the prompt is open</h2>
<p>Step 1 asks for <code>bounded-floor</code> in a prompt (it ignores clicks in its first moments):
the session starts, and the page is told its play area on a 5 cm grid, inside the room the headset
senses. Step 2, while that session runs, asks for something more (an inline session with
<code>local-floor</code>): the session turns <code>visible-blurred</code> while the prompt is up,
and <code>visible</code> again after your answer. Step 2 starts a session of its own first if step
1's is not running.</p>
<button id=b7>1. Request bounded-floor</button> <button id=b7b>2. Ask for more while the session runs</button>
<div class=out id=r7></div></div>

<script>
const ROOM = ${JSON.stringify(pointList(HEADSET_PLAY_AREA))};
const show = (id, text, err) => { const el = document.getElementById(id); el.textContent = text; el.className = err ? 'out err' : 'out'; };
const error = (e) => e.name + ': ' + e.message;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const points = (list) => Array.from(list, (p) => '(' + p.x + ', ' + p.z + ')').join(' ');
// The user's last Escape, to say why the user agent ended a session.
let escapeAt = -Infinity;
addEventListener('keydown', (e) => { if (e.isTrusted && e.key === 'Escape') escapeAt = performance.now(); }, true);
// Where navigator.userActivation is missing, the last real click or key press stands in for it.
let inputAt = -Infinity;
for (const type of ['pointerdown', 'keydown']) addEventListener(type, (e) => { if (e.isTrusted) inputAt = performance.now(); }, true);
const activeNow = () => navigator.userActivation ? navigator.userActivation.isActive : performance.now() - inputAt < 5500;

// One immersive session at a time: the card whose session is open, and who ended it.
let current = null;
/** Ends another card's open session (that card says who ended it) before \`card\` starts one. */
async function takeOver(card) {
  const prev = current;
  current = null;
  if (!prev) return;
  prev.endedBy = card;
  await prev.session.end().catch(() => {});
}
/** Makes \`session\` the open one of \`card\`; \`say\` gets a line when it ends, saying why. */
function own(card, session, say) {
  const entry = { card, session, endedBy: null };
  current = entry;
  session.addEventListener('end', () => {
    if (current === entry) current = null;
    say(entry.endedBy
      ? 'ended: ' + entry.endedBy + ' started a session of its own (one immersive session at a time)'
      : performance.now() - escapeAt < 2000
        ? 'ended by the user agent: you pressed Escape (the way out of immersive content, R-TUI-11)'
        : 'ended by the user agent');
  });
}

// 1. On load: no click yet.
navigator.xr.requestSession('immersive-vr').then((s) => { show('r1', 'granted (unexpected: no click came before this request)', true); s.end(); },
  (e) => show('r1', (e.name === 'SecurityError' ? 'Refused, as it should be: this request ran as the page loaded, before any click or key press, so it had no user activation (R-INTENT-05).\\n' : 'Refused:\\n') + error(e), true));

// 2. A real click.
document.getElementById('b2').addEventListener('click', async () => {
  await takeOver('card 2');
  const log = [];
  const say = (line, err) => { log.push(line); show('r2', log.join('\\n'), err); };
  navigator.xr.requestSession('immersive-vr').then((s) => {
    own('card 2', s, say);
    say('granted: ' + s.enabledFeatures.join(', ') + ' (a real click gives transient activation)');
    say('visibilityState: ' + s.visibilityState);
    s.addEventListener('visibilitychange', () => say('visibilitychange → ' + s.visibilityState));
  }, (e) => say('Refused:\\n' + error(e), true));
});

// 3. A synthetic click, once no real input is recent.
const hidden = document.createElement('button');
hidden.addEventListener('click', (e) => {
  const facts = 'The request came from a synthetic click (event.isTrusted: ' + e.isTrusted +
    ', navigator.userActivation.isActive: ' + activeNow() + ').';
  navigator.xr.requestSession('immersive-vr').then((s) => {
    show('r3', facts + '\\ngranted (unexpected: a synthetic click gives no activation)', true);
    s.end();
  }, (err) => {
    const activation = err.name === 'SecurityError' && /activation/.test(err.message);
    show('r3', facts + '\\n' + (activation
      ? 'Refused, as it should be: a synthetic click is not a user gesture and gives no transient activation, which an immersive session needs (R-INTENT-02). A page cannot enter VR by faking a click.'
      : 'Refused, but not by the activation rule:') + '\\n' + error(err), true);
  });
});
document.getElementById('b3').addEventListener('click', async () => {
  // Only the activation rule is to decide: no other card's session stays open.
  await takeOver('card 3');
  show('r3', 'Waiting until no real click or key press is recent (activation lasts 5 s) …');
  while (activeNow()) await sleep(100);
  hidden.dispatchEvent(new MouseEvent('click'));
});

// 7. Card 7's own session: consent and bounds (step 1), blurred while a prompt is up (step 2).
let session7 = null;
const log7 = [];
const say7 = (line, err) => { log7.push(line); show('r7', log7.join('\\n'), err); };
function own7(s) {
  session7 = s;
  own('card 7', s, say7);
  s.addEventListener('end', () => { if (session7 === s) session7 = null; });
  s.addEventListener('visibilitychange', () => say7('visibilitychange → ' + s.visibilityState));
}
document.getElementById('b7').addEventListener('click', async () => {
  await takeOver('card 7');
  log7.length = 0;
  say7('Step 1: asking for bounded-floor — answer the prompt …');
  navigator.xr.requestSession('immersive-vr', { requiredFeatures: ['bounded-floor'] }).then(async (s) => {
    own7(s);
    const space = await s.requestReferenceSpace('bounded-floor');
    say7('granted: ' + s.enabledFeatures.join(', '));
    say7('the room the headset senses (xrgate\\'s simulated headset; no page sees this): ' + ROOM);
    say7('boundsGeometry, what the page is told (on the 5 cm grid, inside the room): ' + points(space.boundsGeometry));
    say7('visibilityState: ' + s.visibilityState + '. Now step 2.');
  }, (e) => say7('Refused (the prompt was answered Block or dismissed):\\n' + error(e), true));
});
document.getElementById('b7b').addEventListener('click', async () => {
  if (!session7) {
    await takeOver('card 7');
    log7.length = 0;
    try {
      own7(await navigator.xr.requestSession('immersive-vr'));
      say7('Step 2: started a session of its own first (viewer and local need no prompt): visibilityState ' + session7.visibilityState);
    } catch (e) {
      say7('Step 2: could not start a session:\\n' + error(e), true);
      return;
    }
  }
  const s = session7;
  let blurred = false;
  const watch = () => { if (s.visibilityState === 'visible-blurred') blurred = true; };
  s.addEventListener('visibilitychange', watch);
  say7('Step 2: while the session runs, an inline session asks for local-floor — answer the prompt …');
  try {
    const inline = await navigator.xr.requestSession('inline', { requiredFeatures: ['local-floor'] });
    say7('inline session granted: ' + inline.enabledFeatures.join(', '));
    await inline.end();
  } catch (e) {
    say7('inline session refused: ' + error(e));
  }
  // The session is visible again once the prompt has gone (its event follows the answer).
  for (let i = 0; i < 20 && session7 === s && s.visibilityState !== 'visible'; i++) await sleep(50);
  s.removeEventListener('visibilitychange', watch);
  say7(blurred
    ? 'The session was visible-blurred while the prompt was up (R-TUI-06)' + (session7 === s ? ', and is ' + s.visibilityState + ' again.' : '.')
    : 'No prompt this time (local-floor was already allowed for inline sessions on this page), so nothing was blurred: reload the page to be asked again.');
});
</script>
${foot}`;
}
