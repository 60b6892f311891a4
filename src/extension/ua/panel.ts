// The "WebXR" devtools panel (panel.html): drives the simulated device of the inspected tab through
// the service worker, which holds the device's state for the tab and hands every change to each
// frame's user-agent side. Device presets; the headset, controllers and hands in a 3D view
// (three.js, a transform gizmo) and in numeric fields; every button, trigger, grip and thumbstick;
// hand gestures (pinch, point); floor height and the room's polygon; the room an AR-capable device
// senses (its surroundings: hit tests, planes, meshes, depth); the device's visibility; this
// site's grants with revoke; the live audit log with requirement ids; record and replay of device
// input as a JSON file. Opened as a tab (tests, or without devtools): panel.html?tab=<tabId>.

import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { TransformControls } from 'three/examples/jsm/controls/TransformControls.js';
import { type DeviceState, type PoseState, specOf } from '../../device/device-state.js';
import { builtInEnvironmentList } from '../../device/environment.js';
import { devicePresetNames, devicePresets } from '../../device/presets.js';
import { DeviceRecorder, readRecording } from '../../device/recording.js';
import type { ConsentRecord } from '../../policy/consent.js';
import type { AuditRecord } from '../../policy/decision.js';
import { PORT_PANEL } from '../names.js';

declare const chrome: {
  runtime: {
    connect(info: { name: string }): {
      postMessage(m: unknown): void;
      onMessage: { addListener(fn: (m: unknown) => void): void };
    };
  };
  devtools?: { inspectedWindow: { tabId: number } };
};

const params = new URLSearchParams(location.search);
const tabId = params.has('tab') ? Number(params.get('tab')) : chrome.devtools?.inspectedWindow.tabId;
const port = chrome.runtime.connect({ name: PORT_PANEL });
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

let state: DeviceState | null = null;
let builtFor = '';
// --- recording (the format of src/device/recording.ts, which an app's tests replay) ---------------------
let recording: DeviceRecorder | null = null;
let lastRecording = '';

$('download').addEventListener('click', () => {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([lastRecording], { type: 'application/json' }));
  a.download = 'xrgate-recording.json';
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
});
(globalThis as Record<string, unknown>).xrgateLastRecording = () => lastRecording;

function send(patch: Record<string, unknown>): void {
  port.postMessage({ t: 'device', patch });
  recording?.record(patch);
}

$('recordBtn').addEventListener('click', () => {
  const button = $('recordBtn');
  const link = $<HTMLButtonElement>('download');
  if (!recording) {
    // The recording starts from the whole current state, so a replay reproduces it anywhere.
    if (!state) return;
    recording = new DeviceRecorder(state);
    button.textContent = 'Stop';
    link.hidden = true;
    $('recordStatus').textContent = 'recording…';
    return;
  }
  const file = recording.stop();
  recording = null;
  button.textContent = 'Record';
  lastRecording = JSON.stringify(file, null, 1);
  link.hidden = false;
  $('recordStatus').textContent = `${file.frames.length} changes recorded`;
});

$<HTMLInputElement>('replayFile').addEventListener('change', async (e) => {
  const input = e.target as HTMLInputElement;
  const f = input.files?.[0];
  if (!f) return;
  const read = readRecording(await f.text());
  if (typeof read === 'string') {
    $('recordStatus').textContent = `${f.name}: ${read}`;
    return;
  }
  replay(read.frames);
});

/** Sends each recorded change at its time (the worker checks every field of each). */
function replay(frames: readonly { t: number; patch: unknown }[]): void {
  const start = performance.now();
  let i = 0;
  $('recordStatus').textContent = `replaying ${frames.length} changes…`;
  const step = () => {
    while (i < frames.length && Number(frames[i]!.t) <= performance.now() - start) {
      port.postMessage({ t: 'device', patch: frames[i]!.patch });
      i++;
    }
    if (i < frames.length) setTimeout(step, Math.max(0, Number(frames[i]!.t) - (performance.now() - start)));
    else $('recordStatus').textContent = `replayed ${frames.length} changes`;
  };
  step();
}
(globalThis as Record<string, unknown>).xrgateReplay = replay;

// --- fields ------------------------------------------------------------------------------------------

const DEG = Math.PI / 180;
function eulerOf(q: PoseState['orientation']): [number, number, number] {
  const e = new THREE.Euler().setFromQuaternion(new THREE.Quaternion(q[0], q[1], q[2], q[3]), 'YXZ');
  return [e.y / DEG, e.x / DEG, e.z / DEG];
}
function quatOf(yaw: number, pitch: number, roll: number): [number, number, number, number] {
  const q = new THREE.Quaternion().setFromEuler(new THREE.Euler(pitch * DEG, yaw * DEG, roll * DEG, 'YXZ'));
  return [q.x, q.y, q.z, q.w];
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  text?: string,
) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function numberInput(id: string, step: string, onChange: (v: number) => void, min?: string, max?: string) {
  const input = el('input', { type: 'number', step, id, ...(min ? { min } : {}), ...(max ? { max } : {}) });
  input.addEventListener('change', () => {
    const v = Number(input.value);
    if (Number.isFinite(v)) onChange(v);
  });
  return input;
}

/** Position (m) and yaw/pitch/roll (degrees) fields for a pose; `patch` builds the message. */
function poseRow(prefix: string, read: () => PoseState, patch: (p: PoseState) => Record<string, unknown>) {
  const row = el('div', { class: 'row' });
  const names = ['x', 'y', 'z', 'yaw', 'pitch', 'roll'];
  const update = () => {
    const p = read();
    const vals = names.map((n) => Number(($(`${prefix}-${n}`) as HTMLInputElement).value));
    send(
      patch({
        position: [vals[0]!, vals[1]!, vals[2]!],
        orientation: quatOf(vals[3]!, vals[4]!, vals[5]!),
      }),
    );
    void p;
  };
  for (const n of names) {
    row.append(el('span', {}, n), numberInput(`${prefix}-${n}`, n.length === 1 ? '0.01' : '1', update));
  }
  return row;
}

function setValue(id: string, v: string | number | boolean): void {
  const e = document.getElementById(id) as HTMLInputElement | HTMLSelectElement | null;
  if (!e || e === document.activeElement) return;
  if (e instanceof HTMLInputElement && e.type === 'checkbox') e.checked = v === true;
  else e.value = typeof v === 'number' ? `${Math.round(v * 1000) / 1000}` : String(v);
}

function syncPose(prefix: string, p: PoseState): void {
  const [yaw, pitch, roll] = eulerOf(p.orientation);
  setValue(`${prefix}-x`, p.position[0]);
  setValue(`${prefix}-y`, p.position[1]);
  setValue(`${prefix}-z`, p.position[2]);
  setValue(`${prefix}-yaw`, yaw);
  setValue(`${prefix}-pitch`, pitch);
  setValue(`${prefix}-roll`, roll);
}

function buildSide(side: 'left' | 'right', s: DeviceState): void {
  const box = $(side);
  box.replaceChildren(el('legend', {}, side === 'left' ? 'Left' : 'Right'));
  const info = devicePresets[s.preset];
  if (info.input === 'screen') {
    box.append(el('div', { class: 'muted' }, 'Touch screen: tap the page.'));
    return;
  }
  const connected = el('input', { type: 'checkbox', id: `${side}-connected` });
  connected.addEventListener('change', () =>
    send(
      s.inputMode === 'hands'
        ? { hands: { [side]: { connected: connected.checked } } }
        : { controllers: { [side]: { connected: connected.checked } } },
    ),
  );
  box.append(el('label', { class: 'row' }, 'connected '), connected);
  if (s.inputMode === 'hands') {
    box.append(
      poseRow(
        `${side}-hand`,
        () => state!.hands[side].pose,
        (pose) => ({ hands: { [side]: { pose } } }),
      ),
    );
    const gesture = el('select', { id: `${side}-gesture` });
    for (const g of ['open', 'pinch', 'point']) gesture.append(el('option', { value: g }, g));
    gesture.addEventListener('change', () => send({ hands: { [side]: { gesture: gesture.value } } }));
    const row = el('div', { class: 'row' });
    row.append(el('span', { class: 'name' }, 'gesture'), gesture);
    const pinch = el('button', { type: 'button', id: `${side}-pinch` }, 'pinch (hold)');
    pinch.addEventListener('pointerdown', () => send({ hands: { [side]: { gesture: 'pinch' } } }));
    pinch.addEventListener('pointerup', () => send({ hands: { [side]: { gesture: 'open' } } }));
    row.append(pinch);
    box.append(row);
    return;
  }
  box.append(
    poseRow(
      `${side}-grip`,
      () => state!.controllers[side].pose,
      (pose) => ({ controllers: { [side]: { pose } } }),
    ),
  );
  const layout = info.buttons ? info.buttons[side] : [];
  layout.forEach((name, i) => {
    if (name === null) return;
    const row = el('div', { class: 'row' });
    row.append(el('span', { class: 'name', title: name }, name.replace('xr-standard-', '')));
    const analog = name === 'xr-standard-trigger' || name === 'xr-standard-squeeze';
    const buttons = () => state!.controllers[side].buttons.map((b) => ({ ...b }));
    if (analog) {
      const range = el('input', { type: 'range', min: '0', max: '1', step: '0.05', id: `${side}-b${i}` });
      range.addEventListener('input', () => {
        const list = buttons();
        list[i] = {
          pressed: Number(range.value) >= 0.5,
          touched: Number(range.value) > 0,
          value: Number(range.value),
        };
        send({ controllers: { [side]: { buttons: list } } });
      });
      row.append(range);
    }
    const press = el('input', { type: 'checkbox', id: `${side}-p${i}`, title: 'pressed' });
    press.addEventListener('change', () => {
      const list = buttons();
      list[i] = { pressed: press.checked, touched: press.checked, value: press.checked ? 1 : 0 };
      send({ controllers: { [side]: { buttons: list } } });
    });
    row.append(press, el('span', { class: 'muted' }, 'pressed'));
    box.append(row);
  });
  const stick = el('div', { class: 'row' });
  stick.append(el('span', { class: 'name' }, 'thumbstick x, y'));
  for (const axis of [0, 1]) {
    const r = el('input', { type: 'range', min: '-1', max: '1', step: '0.05', id: `${side}-axis${axis}` });
    r.addEventListener('input', () => {
      const t = [...state!.controllers[side].thumbstick];
      t[axis] = Number(r.value);
      send({ controllers: { [side]: { thumbstick: t } } });
    });
    stick.append(r);
  }
  box.append(stick);
}

function build(s: DeviceState): void {
  const hs = $('headset');
  hs.replaceChildren(el('legend', {}, 'Headset'));
  hs.append(
    poseRow(
      'headset',
      () => state!.headset,
      (pose) => ({ headset: pose }),
    ),
  );
  buildSide('left', s);
  buildSide('right', s);
  builtFor = `${s.preset}/${s.inputMode}`;
}

function sync(s: DeviceState): void {
  if (`${s.preset}/${s.inputMode}` !== builtFor) build(s);
  setValue('preset', s.preset);
  setValue('inputMode', s.inputMode);
  ($('inputMode') as HTMLSelectElement).disabled = devicePresets[s.preset].input !== 'controllers';
  setValue('visibility', s.visibility);
  setValue('floorHeight', s.floorHeight);
  if (document.activeElement !== $('roomPolygon'))
    ($('roomPolygon') as HTMLTextAreaElement).value = s.room
      ? s.room.map((p) => `${p[0]},${p[1]}`).join('; ')
      : '';
  // The room it senses: offered for an AR-capable device, or while one is set (as the overlay does).
  $('surroundings').hidden = !(s.environment !== null || specOf(s).modes.includes('immersive-ar'));
  setValue('environment', s.environment ?? '');
  syncPose('headset', s.headset);
  for (const side of ['left', 'right'] as const) {
    if (s.inputMode === 'hands') {
      setValue(`${side}-connected`, s.hands[side].connected);
      syncPose(`${side}-hand`, s.hands[side].pose);
      setValue(`${side}-gesture`, s.hands[side].gesture);
    } else {
      const c = s.controllers[side];
      setValue(`${side}-connected`, c.connected);
      syncPose(`${side}-grip`, c.pose);
      c.buttons.forEach((b, i) => {
        setValue(`${side}-b${i}`, b.value);
        setValue(`${side}-p${i}`, b.pressed);
      });
      setValue(`${side}-axis0`, c.thumbstick[0]);
      setValue(`${side}-axis1`, c.thumbstick[1]);
    }
  }
  scene3d.update(s);
}

for (const name of devicePresetNames)
  $('preset').append(el('option', { value: name }, devicePresets[name].label));
$('preset').addEventListener('change', () => send({ preset: ($('preset') as HTMLSelectElement).value }));
$('inputMode').addEventListener('change', () =>
  send({ inputMode: ($('inputMode') as HTMLSelectElement).value }),
);
$('visibility').addEventListener('change', () =>
  send({ visibility: ($('visibility') as HTMLSelectElement).value }),
);
$('floorHeight').addEventListener('change', () => {
  const v = Number(($('floorHeight') as HTMLInputElement).value);
  if (Number.isFinite(v)) send({ floorHeight: v });
});
for (const room of builtInEnvironmentList)
  $('environment').append(el('option', { value: room.name }, room.label));
$('environment').addEventListener('change', () => {
  const v = ($('environment') as HTMLSelectElement).value;
  send({ environment: v === '' ? null : v });
});
$('applyRoom').addEventListener('click', () => {
  const text = ($('roomPolygon') as HTMLTextAreaElement).value.trim();
  if (text === '') return send({ room: null });
  const points = text.split(';').map((p) => p.split(',').map((v) => Number(v.trim())));
  if (points.length < 3 || points.some((p) => p.length !== 2 || !p.every(Number.isFinite))) {
    $('recordStatus').textContent = 'room: give at least three points as "x,z; x,z; x,z"';
    return;
  }
  send({ room: points });
});

// --- this site ---------------------------------------------------------------------------------------
let siteOrigin: string | null = null;
let siteIncognito = false;

function renderGrants(grants: ConsentRecord[]): void {
  const list = $('grants');
  list.replaceChildren();
  if (grants.length === 0) list.append(el('li', { class: 'muted' }, 'No remembered permissions.'));
  for (const g of grants) {
    const li = el('li', { 'data-feature': g.feature });
    li.append(`${g.feature} (${g.mode ?? 'any mode'}): ${g.state}, ${g.kind} `);
    const b = el('button', { type: 'button' }, 'Revoke');
    b.addEventListener('click', () =>
      port.postMessage({ t: 'revoke', origin: g.origin, feature: g.feature, incognito: siteIncognito }),
    );
    li.append(b);
    list.append(li);
  }
}
$('revokeAll').addEventListener('click', () => {
  if (siteOrigin)
    port.postMessage({ t: 'revoke', origin: siteOrigin, feature: null, incognito: siteIncognito });
});

function addAudit(r: AuditRecord): void {
  const body = $('audit').querySelector('tbody')!;
  const tr = el('tr', { class: r.allowed ? 'allowed' : 'denied' });
  tr.append(
    el('td', {}, r.action),
    el('td', {}, r.allowed ? 'yes' : `no${r.errorName ? ` (${r.errorName})` : ''}`),
    el('td', {}, r.requirement),
    el('td', {}, r.reason),
  );
  body.prepend(tr);
  while (body.children.length > 200) body.lastElementChild!.remove();
}

// Seed 002 is a browser-wide choice (off by default, R-NAV-22); pages loaded afterwards use it.
const autoSessions = $('autoSessions') as HTMLInputElement;
autoSessions.addEventListener('change', () => {
  port.postMessage({ t: 'settings', patch: { automaticSessionsOnNavigation: autoSessions.checked } });
});

port.onMessage.addListener((raw) => {
  const m = raw as Record<string, unknown>;
  if (m.t === 'settings') {
    autoSessions.checked =
      (m.settings as { automaticSessionsOnNavigation?: boolean }).automaticSessionsOnNavigation === true;
    return;
  }
  if (m.t === 'snapshot') {
    const settings = m.settings as { automaticSessionsOnNavigation?: boolean } | undefined;
    if (settings) autoSessions.checked = settings.automaticSessionsOnNavigation === true;
    state = m.device as DeviceState;
    siteOrigin = (m.origin as string | null) ?? null;
    siteIncognito = m.incognito === true;
    $('origin').textContent = siteOrigin ? `Origin: ${siteOrigin}` : 'No document with xrgate in this tab.';
    const nav = m.navigation as {
      transitionType: string;
      transitionQualifiers: string[];
      previousUrl: string | null;
      previousHadImmersiveSession: boolean;
    } | null;
    $('navigation').textContent = nav
      ? `Navigation: ${nav.transitionType}${nav.transitionQualifiers.length ? ` (${nav.transitionQualifiers.join(', ')})` : ''}, from ${nav.previousUrl ?? 'nowhere'}${nav.previousHadImmersiveSession ? ', which had an immersive session' : ''}`
      : '';
    const lock = m.lock as { origin: string; tabId: number } | null;
    $('lock').textContent = lock
      ? `immersive session: ${lock.origin}${lock.tabId === tabId ? ' (this tab)' : ' (another tab)'}`
      : 'no immersive session';
    renderGrants(m.grants as ConsentRecord[]);
    $('audit').querySelector('tbody')!.replaceChildren();
    for (const r of m.audit as AuditRecord[]) addAudit(r);
    sync(state);
  } else if (m.t === 'device') {
    state = m.state as DeviceState;
    sync(state);
  } else if (m.t === 'audit') {
    addAudit(m.record as AuditRecord);
  }
});

// --- the 3D view --------------------------------------------------------------------------------------
const scene3d = (() => {
  const container = $('view');
  let renderer: THREE.WebGLRenderer | null = null;
  try {
    renderer = new THREE.WebGLRenderer({ antialias: true });
  } catch {
    container.textContent = 'No WebGL here: use the fields.';
  }
  const scene = new THREE.Scene();
  scene.background = new THREE.Color(0x1b1e24);
  const camera = new THREE.PerspectiveCamera(55, 1, 0.05, 100);
  camera.position.set(2.2, 1.6, 2.6);
  scene.add(new THREE.HemisphereLight(0xffffff, 0x444444, 2));
  const floor = new THREE.Group();
  floor.add(new THREE.GridHelper(8, 16, 0x556070, 0x303640));
  scene.add(floor);
  let roomLine: THREE.LineLoop | null = null;
  const mk = (w: number, h: number, d: number, color: number, name: string) => {
    const m = new THREE.Mesh(new THREE.BoxGeometry(w, h, d), new THREE.MeshStandardMaterial({ color }));
    m.name = name;
    scene.add(m);
    return m;
  };
  const headset = mk(0.19, 0.11, 0.12, 0xd0d4dc, 'headset');
  const left = mk(0.05, 0.05, 0.12, 0x4f8cff, 'left');
  const right = mk(0.05, 0.05, 0.12, 0xff7a4f, 'right');
  const pickable = [headset, left, right];
  if (!renderer) return { update: (_: DeviceState) => {} };
  container.append(renderer.domElement);
  const orbit = new OrbitControls(camera, renderer.domElement);
  orbit.target.set(0, 0, -0.3);
  const gizmo = new TransformControls(camera, renderer.domElement);
  gizmo.setSize(0.7);
  scene.add(gizmo.getHelper());
  gizmo.addEventListener('dragging-changed', (e) => {
    orbit.enabled = !(e as unknown as { value: boolean }).value;
  });
  gizmo.addEventListener('objectChange', () => {
    const o = gizmo.object;
    if (!o || !state) return;
    const pose = {
      position: [o.position.x, o.position.y, o.position.z],
      orientation: [o.quaternion.x, o.quaternion.y, o.quaternion.z, o.quaternion.w],
    };
    if (o.name === 'headset') send({ headset: pose });
    else if (state.inputMode === 'hands') send({ hands: { [o.name]: { pose } } });
    else send({ controllers: { [o.name]: { pose } } });
  });
  window.addEventListener('keydown', (e) => {
    if (e.key === 'w') gizmo.setMode('translate');
    if (e.key === 'e') gizmo.setMode('rotate');
  });
  const ray = new THREE.Raycaster();
  renderer.domElement.addEventListener('click', (e) => {
    const r = renderer!.domElement.getBoundingClientRect();
    ray.setFromCamera(
      new THREE.Vector2(((e.clientX - r.left) / r.width) * 2 - 1, -((e.clientY - r.top) / r.height) * 2 + 1),
      camera,
    );
    const hit = ray.intersectObjects(pickable)[0];
    if (hit) gizmo.attach(hit.object);
  });
  const resize = () => {
    const w = container.clientWidth || 400;
    const h = container.clientHeight || 300;
    renderer!.setSize(w, h, false);
    renderer!.domElement.style.width = '100%';
    renderer!.domElement.style.height = '100%';
    camera.aspect = w / h;
    camera.updateProjectionMatrix();
  };
  new ResizeObserver(resize).observe(container);
  resize();
  const place = (o: THREE.Object3D, p: PoseState) => {
    if (gizmo.object === o && (gizmo as unknown as { dragging: boolean }).dragging) return;
    o.position.set(p.position[0], p.position[1], p.position[2]);
    o.quaternion.set(p.orientation[0], p.orientation[1], p.orientation[2], p.orientation[3]);
  };
  const loop = () => {
    renderer!.render(scene, camera);
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  return {
    update(s: DeviceState) {
      floor.position.y = -s.floorHeight;
      place(headset, s.headset);
      const hands = s.inputMode === 'hands';
      for (const [side, mesh] of [
        ['left', left],
        ['right', right],
      ] as const) {
        const src = hands ? s.hands[side] : s.controllers[side];
        place(mesh, src.pose);
        mesh.visible = src.connected && devicePresets[s.preset].input !== 'screen';
        mesh.scale.setScalar(hands && s.hands[side].gesture === 'pinch' ? 0.7 : 1);
      }
      if (roomLine) scene.remove(roomLine);
      roomLine = null;
      if (s.room) {
        const pts = s.room.map((p) => new THREE.Vector3(p[0], -s.floorHeight + 0.002, p[1]));
        roomLine = new THREE.LineLoop(
          new THREE.BufferGeometry().setFromPoints(pts),
          new THREE.LineBasicMaterial({ color: 0x7be38b }),
        );
        scene.add(roomLine);
      }
    },
  };
})();

port.postMessage({ t: 'attach', tabId });
