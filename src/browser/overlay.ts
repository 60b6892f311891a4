// The developer overlay (off by default; Ctrl+Shift+X toggles it): steer the simulated headset and
// controllers, press select/squeeze, set the floor height and the play area, switch the device's
// visibility, choose how the prompt is answered, see and revoke this site's grants, and watch every
// decision of the audit log with its requirement id. It lives in a closed shadow root, like the prompt.
//
// Against a page that runs after xrgate (issue "Hardening", point 5): the overlay is built only
// when the user opens it (a trusted Ctrl+Shift+X) or the page's URL asks for it; it is built with
// DOM methods captured at load, so a hooked Element.prototype.append never sees its nodes; its
// controls act on trusted events only and read their values through captured getters. It can
// answer the prompt with "deny everything", never with "grant everything": a page that reached it
// could at most refuse itself.

import { pose, type SimulatedXRDevice } from '../device/simulated.js';
import type { ConsentAnswer, ConsentProvider, ConsentQuestion } from '../policy/consent.js';
import { serializeOrigin } from '../policy/origin.js';
import { MathCos, MathSin, Number, NumberPrototypeToFixed, ObjectFreeze, String } from '../primordials.js';
import {
  defineOwnElement,
  dom,
  EventIsTrusted,
  HTMLInputElementPrototypeGetValue,
  HTMLOptionElementPrototypeSetValue,
  HTMLSelectElementPrototypeGetValue,
  HTMLSelectElementPrototypeSetValue,
  listen,
  NodePrototypeGetFirstChild,
  theDocument,
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
:host { all: initial !important; display: block !important; position: fixed !important; right: 12px !important;
  top: 12px !important; z-index: 2147483646 !important; opacity: 1 !important; visibility: visible !important; }
.panel { width: 340px; max-height: calc(100vh - 24px); overflow: auto;
  background: rgba(16, 20, 32, 0.96); color: #e8ebf3; font: 13px/1.4 system-ui, sans-serif; border-radius: 10px;
  box-shadow: 0 8px 30px rgba(0,0,0,.45); padding: 10px 12px; }
h3 { font-size: 13px; margin: 10px 0 6px; color: #9fb7ff; text-transform: uppercase; letter-spacing: .04em; }
.row { display: flex; align-items: center; gap: 6px; margin: 4px 0; flex-wrap: wrap; }
label { min-width: 86px; color: #c5cbe0; }
input[type=range] { flex: 1; }
button, select { font: inherit; background: #2a3350; color: #fff; border: 1px solid #46527a; border-radius: 6px; padding: 3px 8px; cursor: pointer; }
.log { font-family: ui-monospace, monospace; font-size: 11px; max-height: 180px; overflow: auto; background: #0b0e17; padding: 6px; border-radius: 6px; }
.deny { color: #ffab91; } .ok { color: #b9f6ca; }
.grant { display: flex; justify-content: space-between; gap: 6px; }
`;

const OVERLAY_TAG = defineOwnElement('xrgate-overlay');

/** Wraps a prompt so the overlay can refuse for it (deny all) or let it ask. */
export function steerablePrompt(inner: ConsentProvider, mode: () => PromptMode): ConsentProvider {
  return async (q: ConsentQuestion): Promise<ConsentAnswer> => {
    if (mode() === 'ask') return inner(q);
    const granted = { __proto__: null } as unknown as Record<string, boolean>;
    for (let i = 0; i < q.features.length; i++) granted[q.features[i]!.name] = false;
    return ObjectFreeze({ granted: ObjectFreeze(granted), kind: 'explicit', duration: 'session' });
  };
}

export function createOverlay(
  ua: UserAgent,
  options: { document?: Document; promptMode: { value: PromptMode } },
): OverlayControls {
  const doc = (options.document ?? theDocument)!;
  const el = (tag: string, text = '', cls = ''): HTMLElement =>
    dom.create(doc, tag, text || undefined, cls || undefined);
  /** Runs `fn` for trusted events of `type` on `target` only. */
  const on = (target: HTMLElement, type: string, fn: () => void) =>
    listen(target, type, (e: Event) => {
      if (EventIsTrusted(e)) fn();
    });
  const host = el(OVERLAY_TAG);
  const root = dom.shadow(host);
  const style = el('style', STYLE);
  const panel = el('div', '', 'panel');
  dom.append(root, style, panel);
  const device = ua.device as SimulatedXRDevice | null;
  const origin = serializeOrigin(ua.host.origin());

  const section = (title: string): HTMLElement => {
    dom.append(panel, el('h3', title));
    const d = el('div');
    dom.append(panel, d);
    return d;
  };
  const slider = (
    parent: HTMLElement,
    label: string,
    min: number,
    max: number,
    value: number,
    change: (v: number) => void,
  ) => {
    const row = el('div', '', 'row');
    const input = el('input');
    dom.attr(input, 'type', 'range');
    dom.attr(input, 'min', String(min));
    dom.attr(input, 'max', String(max));
    dom.attr(input, 'step', '0.01');
    dom.attr(input, 'value', String(value));
    const out = el('span', NumberPrototypeToFixed(value, 2));
    on(input, 'input', () => {
      const v = Number(HTMLInputElementPrototypeGetValue!(input));
      dom.text(out, NumberPrototypeToFixed(v, 2));
      change(v);
    });
    dom.append(row, el('label', label), input, out);
    dom.append(parent, row);
  };
  const select = (options: readonly (readonly [string, string])[], initial: string): HTMLElement => {
    const sel = el('select');
    for (let i = 0; i < options.length; i++) {
      const o = el('option', options[i]![1]);
      HTMLOptionElementPrototypeSetValue!(o, options[i]![0]);
      dom.append(sel, o);
    }
    HTMLSelectElementPrototypeSetValue!(sel, initial);
    return sel;
  };

  dom.append(panel, el('div', `xrgate developer overlay — ${origin}`));
  if (device && typeof device.setViewerOrigin === 'function') {
    const head = section('Headset');
    const p = { x: 0, y: 0, z: 0, yaw: 0 };
    const apply = () => {
      const h = p.yaw / 2;
      device.setViewerOrigin(pose(p.x, p.y, p.z, [0, MathSin(h), 0, MathCos(h)]));
    };
    slider(head, 'x (m)', -2, 2, 0, (v) => {
      p.x = v;
      apply();
    });
    slider(head, 'height Δ (m)', -1, 1, 0, (v) => {
      p.y = v;
      apply();
    });
    slider(head, 'z (m)', -2, 2, 0, (v) => {
      p.z = v;
      apply();
    });
    slider(head, 'yaw (rad)', -3.14, 3.14, 0, (v) => {
      p.yaw = v;
      apply();
    });
    const floor = section('Floor and play area');
    slider(floor, 'floor below (m)', 0.5, 2.2, 1.7, (v) => device.setFloorOrigin(pose(0, -v, 0)));
    slider(floor, 'room size (m)', 1, 8, 3, (v) =>
      device.setBounds([
        { x: -v / 2, z: -v / 2.4 },
        { x: v / 2, z: -v / 2.4 },
        { x: v / 2, z: v / 2.4 },
        { x: -v / 2, z: v / 2.4 },
      ]),
    );
    const inputs = section('Controllers');
    const sources = device.inputSources;
    for (let i = 0; i < sources.length; i++) {
      const src = sources[i]!;
      const row = el('div', '', 'row');
      dom.append(row, el('label', src.state.handedness));
      const sel = el('button', 'select');
      on(sel, 'click', () => src.select());
      const sq = el('button', 'squeeze');
      on(sq, 'click', () => src.squeeze());
      dom.append(row, sel, sq);
      dom.append(inputs, row);
    }
    const vis = section('Device visibility');
    const visibility = select(
      [
        ['visible', 'visible'],
        ['visible-blurred', 'visible-blurred'],
        ['hidden', 'hidden'],
      ],
      'visible',
    );
    on(visibility, 'change', () =>
      device.setVisibility(HTMLSelectElementPrototypeGetValue!(visibility) as 'visible'),
    );
    dom.append(vis, visibility);
  }
  const consent = section('Consent');
  const mode = select(
    [
      ['ask', 'ask me (prompt)'],
      ['deny-all', 'deny everything'],
    ],
    options.promptMode.value,
  );
  on(mode, 'change', () => {
    options.promptMode.value = HTMLSelectElementPrototypeGetValue!(mode) === 'deny-all' ? 'deny-all' : 'ask';
  });
  dom.append(consent, mode);
  const grants = el('div');
  dom.append(consent, grants);
  const renderGrants = () => {
    dom.clear(grants);
    const list = ua.core.consent.list(origin);
    if (list.length === 0) dom.append(grants, el('div', 'no grants for this site'));
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!;
      const row = el('div', '', 'grant');
      dom.append(
        row,
        el('span', `${r.feature} (${r.mode}) — ${r.state}`, r.state === 'granted' ? 'ok' : 'deny'),
      );
      const revoke = el('button', 'revoke');
      const feature = r.feature;
      const recordMode = r.mode;
      on(revoke, 'click', () => ua.core.consent.revoke(origin, { feature, mode: recordMode }));
      dom.append(row, revoke);
      dom.append(grants, row);
    }
  };
  ua.core.consent.onChange(renderGrants);
  renderGrants();
  const log = section('Audit log');
  const box = el('div', '', 'log');
  dom.append(log, box);
  let lines = 0;
  const addRecord = (r: { allowed: boolean; action: string; requirement: string; reason: string }) => {
    const line = el(
      'div',
      `${r.allowed ? '✔' : '✘'} ${r.action} [${r.requirement}] ${r.reason}`,
      r.allowed ? 'ok' : 'deny',
    );
    dom.append(box, line);
    lines++;
    while (lines > 200) {
      const first = NodePrototypeGetFirstChild!(box);
      if (!first) break;
      dom.detach(first);
      lines--;
    }
  };
  const past = ua.audit.entries();
  for (let i = 0; i < past.length; i++) addRecord(past[i]!);
  ua.audit.subscribe(addRecord);

  let visible = false;
  const controls: OverlayControls = {
    element: host,
    show() {
      const docEl = dom.documentElement(doc);
      if (!dom.isConnected(host) && docEl) dom.append(docEl, host);
      visible = true;
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
