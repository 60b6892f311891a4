// The developer overlay (off by default; Ctrl+Shift+X toggles it, or ?xrgate-overlay in the URL): a
// panel to steer the simulated device as a developer would with a headset on — the device (preset),
// the headset's and each controller's pose, every button, trigger, squeeze and thumbstick of the
// preset's controllers (the registry's layout), hands with pinch and point, IPD and field of view,
// the floor height and the room's polygon, the device's visibility — to record the device's input
// to JSON and replay it, to choose how the prompt is answered, to see and revoke this site's
// grants, and to read the audit log, newest first, filtered by decision, requirement or text. It
// can be collapsed to its header and dragged by it. It lives in a closed shadow root, like the prompt.
//
// Every change it makes goes through DeviceControl.set() (device-control.ts), the path the
// installation's automation API takes: the overlay adds no way into the user agent.
//
// Against a page that runs after xrgate (issue "Hardening", point 5): the overlay is built only
// when the user opens it (a trusted Ctrl+Shift+X) or the page's URL asks for it; it is built with
// DOM methods captured at load, so a hooked Element.prototype.append never sees its nodes; its
// controls act on trusted events only and read their values through captured getters. It can
// answer the prompt with "deny everything", never with "grant everything": a page that reached it
// could at most refuse itself.

import type { DeviceControl } from '../device/device-control.js';
import { type DeviceState, type PoseState, type QuatT, specOf } from '../device/device-state.js';
import { builtInEnvironmentList } from '../device/environment.js';
import { devicePresetNames, devicePresets, headsetSpec } from '../device/presets.js';
import type { ConsentAnswer, ConsentProvider, ConsentQuestion } from '../policy/consent.js';
import type { AuditRecord } from '../policy/decision.js';
import { serializeOrigin } from '../policy/origin.js';
import {
  ArrayPrototypeIncludes,
  ArrayPrototypeSlice,
  JSONStringify,
  MathAsin,
  MathAtan2,
  MathCos,
  MathMax,
  MathMin,
  MathPI,
  MathSin,
  Number,
  NumberIsFinite,
  NumberNaN,
  NumberPrototypeToFixed,
  ObjectFreeze,
  PromisePrototypeThen,
  String,
  StringPrototypeIncludes,
  StringPrototypeToLowerCase,
} from '../primordials.js';
import {
  clientRect,
  defineOwnElement,
  dom,
  EventIsTrusted,
  HTMLInputElementPrototypeGetChecked,
  HTMLInputElementPrototypeGetValue,
  HTMLInputElementPrototypeSetChecked,
  HTMLInputElementPrototypeSetValue,
  HTMLOptionElementPrototypeSetValue,
  HTMLSelectElementPrototypeGetValue,
  HTMLSelectElementPrototypeSetValue,
  HTMLTextAreaElementPrototypeGetValue,
  HTMLTextAreaElementPrototypeSetValue,
  listen,
  MouseEventPoint,
  theDocument,
  theWindow,
} from '../primordials-dom.js';
import type { UserAgent } from '../user-agent.js';

/** How the prompt is answered: asked, or refused without asking (never granted without asking). */
export type PromptMode = 'ask' | 'deny-all';

export interface OverlayControls {
  readonly element: HTMLElement;
  show(): void;
  hide(): void;
  toggle(): void;
  readonly visible: boolean;
}

const STYLE = `
:host { all: initial !important; display: block !important; position: fixed !important; left: 0 !important;
  top: 0 !important; width: 0 !important; height: 0 !important; z-index: 2147483646 !important;
  opacity: 1 !important; visibility: visible !important; }
.panel { position: fixed; right: 12px; top: 12px; width: 360px; max-height: calc(100vh - 24px); overflow: auto;
  background: rgba(16, 20, 32, 0.96); color: #e8ebf3; font: 12px/1.35 system-ui, sans-serif; border-radius: 10px;
  box-shadow: 0 8px 30px rgba(0,0,0,.45); }
.head { display: flex; align-items: center; gap: 6px; padding: 8px 10px; cursor: move; background: #222a44;
  border-radius: 10px 10px 0 0; user-select: none; position: sticky; top: 0; z-index: 1; }
.head b { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.body { padding: 4px 10px 10px; } .collapsed .body { display: none; }
h3 { font-size: 11px; margin: 10px 0 4px; color: #9fb7ff; text-transform: uppercase; letter-spacing: .04em; }
.row { display: flex; align-items: center; gap: 4px; margin: 3px 0; flex-wrap: wrap; }
label { min-width: 70px; color: #c5cbe0; }
input[type=number] { width: 50px; } input[type=range] { width: 84px; }
input, textarea { font: inherit; background: #0b0e17; color: #e8ebf3; border: 1px solid #46527a; border-radius: 4px; }
button, select { font: inherit; background: #2a3350; color: #fff; border: 1px solid #46527a; border-radius: 6px; padding: 2px 7px; cursor: pointer; }
.log { font-family: ui-monospace, monospace; font-size: 11px; max-height: 180px; overflow: auto; background: #0b0e17; padding: 6px; border-radius: 6px; }
textarea { width: 100%; height: 48px; box-sizing: border-box; font-size: 10px; }
svg { background: #0b0e17; border-radius: 6px; } circle { fill: #9fb7ff; cursor: grab; } polygon { fill: rgba(159,183,255,.2); stroke: #9fb7ff; stroke-width: .03; }
.deny { color: #ffab91; } .ok { color: #b9f6ca; } .rec { color: #ff5252; }
.grant { display: flex; justify-content: space-between; gap: 6px; }
`;

const OVERLAY_TAG = defineOwnElement('xrgate-overlay');
const DEG = 180 / MathPI;
const SVG_NS = 'http://www.w3.org/2000/svg';

/** Wraps a prompt so the overlay can refuse for it (deny all) or let it ask. */
export function steerablePrompt(inner: ConsentProvider, mode: () => PromptMode): ConsentProvider {
  return async (q: ConsentQuestion): Promise<ConsentAnswer> => {
    if (mode() === 'ask') return inner(q);
    const granted = { __proto__: null } as unknown as Record<string, boolean>;
    for (let i = 0; i < q.features.length; i++) granted[q.features[i]!.name] = false;
    return ObjectFreeze({ granted: ObjectFreeze(granted), kind: 'explicit', duration: 'session' });
  };
}

/** Yaw (Y), pitch (X), roll (Z) in degrees of a quaternion (Euler order YXZ). */
export function eulerOf(q: QuatT): [number, number, number] {
  const x = q[0];
  const y = q[1];
  const z = q[2];
  const w = q[3];
  const m23 = 2 * (y * z - w * x);
  const pitch = MathAsin(MathMax(-1, MathMin(1, -m23)));
  const yaw = MathAtan2(2 * (x * z + w * y), 1 - 2 * (x * x + y * y));
  const roll = MathAtan2(2 * (x * y + w * z), 1 - 2 * (x * x + z * z));
  return [yaw * DEG, pitch * DEG, roll * DEG];
}

/** The quaternion of yaw (Y), pitch (X), roll (Z) in degrees (Euler order YXZ). */
export function quatOf(yaw: number, pitch: number, roll: number): QuatT {
  const c1 = MathCos(pitch / DEG / 2);
  const s1 = MathSin(pitch / DEG / 2);
  const c2 = MathCos(yaw / DEG / 2);
  const s2 = MathSin(yaw / DEG / 2);
  const c3 = MathCos(roll / DEG / 2);
  const s3 = MathSin(roll / DEG / 2);
  return [
    s1 * c2 * c3 + c1 * s2 * s3,
    c1 * s2 * c3 - s1 * c2 * s3,
    c1 * c2 * s3 - s1 * s2 * c3,
    c1 * c2 * c3 + s1 * s2 * s3,
  ];
}

const fixed = (v: number, digits = 2) => NumberPrototypeToFixed(v, digits);

export function createOverlay(
  ua: UserAgent,
  options: { document?: Document; promptMode: { value: PromptMode }; control?: DeviceControl | null },
): OverlayControls {
  const doc = (options.document ?? theDocument)!;
  const control = options.control ?? null;
  const el = (tag: string, text = '', cls = ''): HTMLElement =>
    dom.create(doc, tag, text || undefined, cls || undefined);
  /** Runs `fn` for trusted events of `type` on `target` only. */
  const on = (target: Node, type: string, fn: (e: Event) => void) =>
    listen(target, type, (e: Event) => {
      if (EventIsTrusted(e)) fn(e);
    });
  const host = el(OVERLAY_TAG);
  const root = dom.shadow(host);
  const panel = el('div', '', 'panel');
  dom.append(root, el('style', STYLE), panel);
  const origin = serializeOrigin(ua.host.origin());

  // --- Header: drag to move, collapse ---------------------------------------------------------
  const head = el('div', '', 'head');
  const collapse = el('button', '–');
  dom.attr(collapse, 'title', 'collapse / expand');
  dom.attr(collapse, 'data-xrgate', 'collapse');
  dom.append(head, el('b', `xrgate — ${origin}`), collapse);
  const body = el('div', '', 'body');
  dom.append(panel, head, body);
  let collapsed = false;
  on(collapse, 'click', () => {
    collapsed = !collapsed;
    dom.attr(panel, 'class', collapsed ? 'panel collapsed' : 'panel');
    dom.text(collapse, collapsed ? '+' : '–');
  });
  let drag: { dx: number; dy: number } | null = null;
  let placed = { x: NumberNaN, y: 0 };
  const place = () => {
    if (NumberIsFinite(placed.x)) dom.attr(panel, 'style', `left:${placed.x}px;top:${placed.y}px;right:auto`);
  };
  on(head, 'pointerdown', (e) => {
    const p = MouseEventPoint(e);
    if (!p) return;
    const r = clientRect(panel);
    drag = { dx: p.x - (r ? r.left : 0), dy: p.y - (r ? r.top : 0) };
  });
  if (theWindow) {
    on(theWindow as unknown as Node, 'pointermove', (e) => {
      const p = MouseEventPoint(e);
      if (!drag || !p) return;
      placed = { x: MathMax(0, p.x - drag.dx), y: MathMax(0, p.y - drag.dy) };
      place();
    });
    on(theWindow as unknown as Node, 'pointerup', () => {
      drag = null;
    });
  }

  const section = (title: string, parent: HTMLElement = body): HTMLElement => {
    dom.append(parent, el('h3', title));
    const d = el('div');
    dom.append(parent, d);
    return d;
  };
  const row = (parent: HTMLElement, label: string): HTMLElement => {
    const r = el('div', '', 'row');
    if (label) dom.append(r, el('label', label));
    dom.append(parent, r);
    return r;
  };
  const select = (
    choices: readonly (readonly [string, string])[],
    initial: string,
    change: (v: string) => void,
    name = '',
  ) => {
    const sel = el('select');
    if (name) dom.attr(sel, 'data-xrgate', name);
    for (let i = 0; i < choices.length; i++) {
      const o = el('option', choices[i]![1]);
      HTMLOptionElementPrototypeSetValue!(o, choices[i]![0]);
      dom.append(sel, o);
    }
    HTMLSelectElementPrototypeSetValue!(sel, initial);
    on(sel, 'change', () => change(HTMLSelectElementPrototypeGetValue!(sel)));
    return sel;
  };
  const button = (text: string, click: () => void, name = text) => {
    const b = el('button', text);
    dom.attr(b, 'data-xrgate', name);
    on(b, 'click', click);
    return b;
  };

  // Inputs that show the device state: each `sync` reads its value from the state after a change.
  let syncs: ((s: DeviceState) => void)[] = [];
  const number = (
    parent: HTMLElement,
    name: string,
    read: (s: DeviceState) => number,
    write: (v: number) => void,
    step = 0.01,
    type = 'number',
    min = -100,
    max = 100,
    list = syncs,
  ) => {
    const input = el('input');
    dom.attr(input, 'type', type);
    dom.attr(input, 'step', String(step));
    dom.attr(input, 'min', String(min));
    dom.attr(input, 'max', String(max));
    dom.attr(input, 'title', name);
    dom.attr(input, 'data-xrgate', name);
    on(input, 'input', () => {
      const v = Number(HTMLInputElementPrototypeGetValue!(input));
      if (NumberIsFinite(v)) write(MathMin(max, MathMax(min, v)));
    });
    list[list.length] = (s) => HTMLInputElementPrototypeSetValue!(input, fixed(read(s), step < 0.01 ? 3 : 2));
    dom.append(parent, input);
  };
  const check = (
    parent: HTMLElement,
    name: string,
    read: (s: DeviceState) => boolean,
    write: (v: boolean) => void,
  ) => {
    const input = el('input');
    dom.attr(input, 'type', 'checkbox');
    dom.attr(input, 'title', name);
    dom.attr(input, 'data-xrgate', name);
    on(input, 'change', () => write(HTMLInputElementPrototypeGetChecked!(input)));
    syncs[syncs.length] = (s) => HTMLInputElementPrototypeSetChecked!(input, read(s));
    dom.append(parent, input);
  };
  /** Position (m) and yaw/pitch/roll (degrees) of a pose in the state. */
  const poseEditor = (
    parent: HTMLElement,
    name: string,
    read: (s: DeviceState) => PoseState,
    write: (p: PoseState) => void,
  ) => {
    const pos = row(parent, 'position');
    const rot = row(parent, 'yaw/pitch/roll');
    const cur = () => read(control!.state);
    for (let i = 0; i < 3; i++) {
      number(
        pos,
        `${name}.position.${'xyz'[i]}`,
        (s) => read(s).position[i]!,
        (v) => {
          const p = cur();
          const position = [p.position[0], p.position[1], p.position[2]] as [number, number, number];
          position[i] = v;
          write({ position, orientation: p.orientation });
        },
      );
    }
    for (let i = 0; i < 3; i++) {
      number(
        rot,
        `${name}.rotation.${['yaw', 'pitch', 'roll'][i]}`,
        (s) => eulerOf(read(s).orientation)[i]!,
        (v) => {
          const p = cur();
          const e = eulerOf(p.orientation);
          e[i] = v;
          write({ position: p.position, orientation: quatOf(e[0], e[1], e[2]) });
        },
        1,
        'number',
        -180,
        180,
      );
    }
  };

  // --- Device ---------------------------------------------------------------------------------
  const deviceBox = el('div');
  dom.append(body, deviceBox);
  let builtFor = '';
  const build = (s: DeviceState) => {
    const spec = specOf(s);
    builtFor = `${spec.name}/${s.inputMode}`;
    syncs = [];
    dom.clear(deviceBox);
    const c = control!;
    const dev = section('Device', deviceBox);
    const choices: [string, string][] = [['headset', headsetSpec.label]];
    for (let i = 0; i < devicePresetNames.length; i++) {
      const n = devicePresetNames[i]!;
      choices[choices.length] = [n, devicePresets[n].label];
    }
    if (s.device && s.device !== headsetSpec) choices[choices.length] = [spec.name, spec.label];
    const r = row(dev, 'preset');
    dom.append(
      r,
      select(
        choices,
        s.device ? spec.name : s.preset,
        (v) => c.set(v === 'headset' ? { device: headsetSpec } : { preset: v }),
        'preset',
      ),
    );
    if (spec.input === 'controllers')
      dom.append(
        r,
        select(
          [
            ['controllers', 'controllers'],
            ['hands', 'hands'],
          ],
          s.inputMode,
          (v) => c.set({ inputMode: v }),
          'inputMode',
        ),
      );
    const visibility = select(
      [
        ['visible', 'visible'],
        ['visible-blurred', 'visible-blurred'],
        ['hidden', 'hidden'],
      ],
      s.visibility,
      (v) => c.set({ visibility: v }),
      'visibility',
    );
    syncs[syncs.length] = (x) => HTMLSelectElementPrototypeSetValue!(visibility, x.visibility);
    dom.append(row(dev, 'visibility'), visibility);
    if (spec.display) {
      const d = row(dev, 'IPD / FOV°');
      const display = (patch: object) =>
        c.set({ device: { ...specOf(c.state), display: { ...specOf(c.state).display!, ...patch } } });
      number(
        d,
        'display.ipd',
        (x) => specOf(x).display!.ipd,
        (v) => display({ ipd: v }),
        0.001,
        'number',
        0.04,
        0.09,
      );
      number(
        d,
        'display.fovY',
        (x) => specOf(x).display!.fovY,
        (v) => display({ fovY: v }),
        1,
        'number',
        30,
        170,
      );
    }
    // The room an AR-capable device senses (issue 13): a built-in room, or none.
    if (c.environment !== null || ArrayPrototypeIncludes(c.device.supportedModes, 'immersive-ar')) {
      const rooms: (readonly [string, string])[] = [['', 'no room']];
      for (let i = 0; i < builtInEnvironmentList.length; i++) {
        const r = builtInEnvironmentList[i]!;
        rooms[rooms.length] = [r.name, r.label];
      }
      const surroundings = section('Surroundings', deviceBox);
      const rr = row(surroundings, 'room');
      dom.append(
        rr,
        select(rooms, c.environment ?? '', (v) => c.setEnvironment(v === '' ? null : v), 'environment'),
      );
    }
    const head = section('Headset', deviceBox);
    poseEditor(
      head,
      'headset',
      (x) => x.headset,
      (p) => c.set({ headset: p }),
    );

    if (spec.input !== 'screen') {
      const sides = ['left', 'right'] as const;
      for (let h = 0; h < 2; h++) {
        const side = sides[h]!;
        if (s.inputMode === 'hands') {
          const box = section(`${side} hand`, deviceBox);
          const g = row(box, 'gesture');
          const gesture = select(
            [
              ['open', 'open'],
              ['pinch', 'pinch'],
              ['point', 'point'],
            ],
            s.hands[side].gesture,
            (v) => c.set({ hands: { [side]: { gesture: v } } }),
          );
          dom.attr(gesture, 'data-xrgate', `${side}.gesture`);
          syncs[syncs.length] = (x) => HTMLSelectElementPrototypeSetValue!(gesture, x.hands[side].gesture);
          dom.append(g, gesture);
          check(
            g,
            `${side}.connected`,
            (x) => x.hands[side].connected,
            (v) => c.set({ hands: { [side]: { connected: v } } }),
          );
          poseEditor(
            box,
            `${side}`,
            (x) => x.hands[side].pose,
            (p) => c.set({ hands: { [side]: { pose: p } } }),
          );
        } else if (spec.buttons) {
          const box = section(`${side} controller — ${spec.controllerProfiles![0]}`, deviceBox);
          const layout = spec.buttons[side];
          for (let b = 0; b < layout.length; b++) {
            const id = layout[b];
            if (!id) continue;
            const br = row(box, id);
            const analog = id === 'xr-standard-trigger' || id === 'xr-standard-squeeze';
            const write = (patch: object) => c.setGamepadState(side, { buttons: { [id]: patch } });
            if (analog)
              number(
                br,
                `${side}.${id}`,
                (x) => x.controllers[side].buttons[b]!.value,
                (v) => write({ value: v, pressed: v >= 0.5, touched: v > 0 }),
                0.05,
                'range',
                0,
                1,
              );
            check(
              br,
              `${side}.${id}.pressed`,
              (x) => x.controllers[side].buttons[b]!.pressed,
              (v) =>
                write(analog ? { pressed: v, touched: v, value: v ? 1 : 0 } : { pressed: v, touched: v }),
            );
            if (id === 'xr-standard-thumbstick') {
              for (let a = 0; a < 2; a++)
                number(
                  br,
                  `${side}.thumbstick.${'xy'[a]}`,
                  (x) => x.controllers[side].thumbstick[a]!,
                  (v) => {
                    const t = c.state.controllers[side].thumbstick;
                    c.setGamepadState(side, { thumbstick: a === 0 ? [v, t[1]] : [t[0], v] });
                  },
                  0.05,
                  'range',
                  -1,
                  1,
                );
            }
          }
          const cr = row(box, 'connected');
          check(
            cr,
            `${side}.connected`,
            (x) => x.controllers[side].connected,
            (v) => c.setGamepadState(side, { connected: v }),
          );
          poseEditor(
            box,
            side,
            (x) => x.controllers[side].pose,
            (p) => c.setGamepadState(side, { pose: p }),
          );
        }
      }
      // Floor and room: the floor's height under the local origin, and the play area's polygon.
      const floor = section('Floor and room', deviceBox);
      const fr = row(floor, 'floor below');
      number(
        fr,
        'floorHeight',
        (x) => x.floorHeight,
        (v) => c.set({ floorHeight: v }),
        0.01,
        'number',
        0,
        3,
      );
      roomEditor(floor, c);
    }
    for (let i = 0; i < syncs.length; i++) syncs[i]!(s);
  };

  /** The room's polygon: its points as numbers, and dragged on a top view; add and remove points. */
  const roomEditor = (parent: HTMLElement, c: DeviceControl) => {
    const svg = dom.createNS(doc, SVG_NS, 'svg');
    dom.attr(svg, 'viewBox', '-4 -4 8 8');
    dom.attr(svg, 'width', '150');
    dom.attr(svg, 'height', '150');
    dom.attr(svg, 'data-xrgate', 'room');
    const points = el('div');
    dom.append(parent, svg, points);
    const setRoom = (room: (readonly [number, number])[]) => c.set({ room });
    const current = (): (readonly [number, number])[] => ArrayPrototypeSlice(c.state.room ?? []);
    let dragging = -1;
    let drawnFor: unknown = null;
    let pointSyncs: ((s: DeviceState) => void)[] = [];
    const draw = (s: DeviceState) => {
      const room = s.room ?? [];
      dom.clear(svg);
      const poly = dom.createNS(doc, SVG_NS, 'polygon');
      let text = '';
      for (let i = 0; i < room.length; i++) text += `${room[i]![0]},${room[i]![1]} `;
      dom.attr(poly, 'points', text);
      dom.append(svg, poly);
      for (let i = 0; i < room.length; i++) {
        const dot = dom.createNS(doc, SVG_NS, 'circle');
        dom.attr(dot, 'cx', String(room[i]![0]));
        dom.attr(dot, 'cy', String(room[i]![1]));
        dom.attr(dot, 'r', '0.15');
        on(dot, 'pointerdown', () => {
          dragging = i;
        });
        dom.append(svg, dot);
      }
      // The number inputs are rebuilt when the number of points changes.
      if (drawnFor !== room.length) buildPoints(room.length);
      for (let i = 0; i < pointSyncs.length; i++) pointSyncs[i]!(s);
    };
    const buildPoints = (count: number) => {
      drawnFor = count;
      pointSyncs = [];
      dom.clear(points);
      const room = { length: count };
      for (let i = 0; i < room.length; i++) {
        const pr = row(points, `point ${i + 1}`);
        for (let a = 0; a < 2; a++)
          number(
            pr,
            `room.${i}.${'xz'[a]}`,
            (x) => (x.room?.[i] ? x.room[i]![a]! : 0),
            (v) => {
              const r = current();
              const p: [number, number] = [r[i]![0], r[i]![1]];
              p[a] = v;
              r[i] = p;
              setRoom(r);
            },
            0.05,
            'number',
            -50,
            50,
            pointSyncs,
          );
        dom.append(
          pr,
          button(
            '×',
            () => {
              const r = current();
              if (r.length <= 3) return;
              const out: (readonly [number, number])[] = [];
              for (let k = 0; k < r.length; k++) if (k !== i) out[out.length] = r[k]!;
              setRoom(out);
            },
            `room.${i}.remove`,
          ),
        );
      }
      const add = button(
        'add point',
        () => {
          const r = current();
          const a = r[r.length - 1]!;
          const b = r[0]!;
          r[r.length] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
          setRoom(r);
        },
        'room.add',
      );
      dom.append(points, add);
    };
    on(svg, 'pointermove', (e) => {
      if (dragging < 0) return;
      const p = MouseEventPoint(e);
      const r = clientRect(svg);
      if (!p || !r) return;
      const room = current();
      if (!room[dragging]) return;
      const x = ((p.x - r.left) / r.width) * 8 - 4;
      const z = ((p.y - r.top) / r.height) * 8 - 4;
      room[dragging] = [Number(fixed(x)), Number(fixed(z))];
      setRoom(room);
    });
    on(svg, 'pointerup', () => {
      dragging = -1;
    });
    syncs[syncs.length] = draw;
  };

  if (control) {
    build(control.state);
    control.subscribe((s) => {
      const spec = specOf(s);
      if (`${spec.name}/${s.inputMode}` !== builtFor) build(s);
      else for (let i = 0; i < syncs.length; i++) syncs[i]!(s);
    });

    // --- Recording ------------------------------------------------------------------------------
    const rec = section('Record and replay');
    const text = el('textarea');
    dom.attr(text, 'data-xrgate', 'recording');
    dom.attr(text, 'placeholder', 'a recording (JSON): Stop fills it; paste one and Play');
    const status = el('span');
    const record = button(
      '● record',
      () => {
        if (control.recording) {
          HTMLTextAreaElementPrototypeSetValue!(text, JSONStringify(control.stopRecording()));
          dom.text(record, '● record');
          dom.text(status, 'recorded');
        } else {
          control.startRecording();
          dom.text(record, '■ stop');
          dom.text(status, 'recording…');
        }
        dom.attr(status, 'class', control.recording ? 'rec' : '');
      },
      'record',
    );
    const play = button(
      '▶ play',
      () => {
        try {
          dom.text(status, 'playing…');
          PromisePrototypeThen(
            control.playRecording(HTMLTextAreaElementPrototypeGetValue!(text)),
            () => dom.text(status, 'played'),
            () => dom.text(status, 'stopped'),
          );
        } catch (e) {
          dom.text(status, String((e as Error).message));
        }
      },
      'play',
    );
    dom.append(row(rec, ''), record, play, status);
    dom.append(rec, text);
  }

  // --- Consent --------------------------------------------------------------------------------
  const consent = section('Consent');
  dom.append(
    consent,
    select(
      [
        ['ask', 'ask me (prompt)'],
        ['deny-all', 'deny everything'],
      ],
      options.promptMode.value,
      (v) => {
        options.promptMode.value = v === 'deny-all' ? 'deny-all' : 'ask';
      },
    ),
  );
  const grants = el('div');
  dom.append(consent, grants);
  const renderGrants = () => {
    dom.clear(grants);
    const list = ua.core.consent.list(origin);
    if (list.length === 0) dom.append(grants, el('div', 'no grants for this site'));
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!;
      const line = el('div', '', 'grant');
      dom.append(
        line,
        el('span', `${r.feature} (${r.mode}) — ${r.state}`, r.state === 'granted' ? 'ok' : 'deny'),
      );
      const feature = r.feature;
      const recordMode = r.mode;
      dom.append(
        line,
        button('revoke', () => ua.core.consent.revoke(origin, { feature, mode: recordMode })),
      );
      dom.append(grants, line);
    }
  };
  ua.core.consent.onChange(renderGrants);
  renderGrants();

  // --- Audit log: newest first, filtered ------------------------------------------------------
  const log = section('Audit log');
  const filter = { decision: 'all', text: '' };
  const box = el('div', '', 'log');
  const fr = row(log, '');
  const search = el('input');
  dom.attr(search, 'placeholder', 'requirement or text');
  dom.attr(search, 'data-xrgate', 'audit.filter');
  dom.append(
    fr,
    select(
      [
        ['all', 'all decisions'],
        ['denied', 'denied'],
        ['allowed', 'allowed'],
      ],
      'all',
      (v) => {
        filter.decision = v;
        renderLog();
      },
    ),
    search,
  );
  on(search, 'input', () => {
    filter.text = StringPrototypeToLowerCase(HTMLInputElementPrototypeGetValue!(search));
    renderLog();
  });
  dom.append(log, box);
  const renderLog = () => {
    logDirty = false;
    dom.clear(box);
    const entries: readonly AuditRecord[] = ua.audit.entries();
    let shown = 0;
    for (let i = entries.length - 1; i >= 0 && shown < 200; i--) {
      const r = entries[i]!;
      if (filter.decision !== 'all' && r.allowed !== (filter.decision === 'allowed')) continue;
      const line = `${r.allowed ? '✔' : '✘'} ${r.action} [${r.requirement}] ${r.reason}`;
      if (filter.text && !StringPrototypeIncludes(StringPrototypeToLowerCase(line), filter.text)) continue;
      dom.append(box, el('div', line, r.allowed ? 'ok' : 'deny'));
      shown++;
    }
  };
  let visible = false;
  let logDirty = true;
  ua.audit.subscribe(() => {
    logDirty = true;
    if (visible) renderLog();
  });
  const controls: OverlayControls = {
    element: host,
    show() {
      const docEl = dom.documentElement(doc);
      if (!dom.isConnected(host) && docEl) dom.append(docEl, host);
      visible = true;
      if (logDirty) renderLog();
    },
    hide() {
      dom.detach(host);
      visible = false;
    },
    toggle() {
      if (visible) controls.hide();
      else controls.show();
    },
    get visible() {
      return visible;
    },
  };
  return controls;
}
