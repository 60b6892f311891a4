// The developer overlay (off by default; Ctrl+Shift+X toggles it): steer the simulated headset and
// controllers, press select/squeeze, set the floor height and the play area, switch the device's
// visibility, choose how the prompt is answered, see and revoke this site's grants, and watch every
// decision of the audit log with its requirement id. It lives in a closed shadow root, like the prompt.

import { pose, type SimulatedXRDevice } from '../device/simulated.js';
import type { ConsentAnswer, ConsentProvider, ConsentQuestion } from '../policy/consent.js';
import { serializeOrigin } from '../policy/origin.js';
import type { UserAgent } from '../user-agent.js';

export type PromptMode = 'ask' | 'grant-all' | 'deny-all';

export interface OverlayControls {
  readonly element: HTMLElement;
  show(): void;
  hide(): void;
  toggle(): void;
  readonly visible: boolean;
}

const STYLE = `
:host { all: initial; }
.panel { position: fixed; right: 12px; top: 12px; width: 340px; max-height: calc(100vh - 24px); overflow: auto;
  background: rgba(16, 20, 32, 0.96); color: #e8ebf3; font: 13px/1.4 system-ui, sans-serif; border-radius: 10px;
  box-shadow: 0 8px 30px rgba(0,0,0,.45); z-index: 2147483646; padding: 10px 12px; }
h3 { font-size: 13px; margin: 10px 0 6px; color: #9fb7ff; text-transform: uppercase; letter-spacing: .04em; }
.row { display: flex; align-items: center; gap: 6px; margin: 4px 0; flex-wrap: wrap; }
label { min-width: 86px; color: #c5cbe0; }
input[type=range] { flex: 1; }
button, select { font: inherit; background: #2a3350; color: #fff; border: 1px solid #46527a; border-radius: 6px; padding: 3px 8px; cursor: pointer; }
.log { font-family: ui-monospace, monospace; font-size: 11px; max-height: 180px; overflow: auto; background: #0b0e17; padding: 6px; border-radius: 6px; }
.deny { color: #ffab91; } .ok { color: #b9f6ca; }
.grant { display: flex; justify-content: space-between; gap: 6px; }
`;

/** Wraps a prompt so the overlay can answer for it (grant all, deny all) or let it ask. */
export function steerablePrompt(inner: ConsentProvider, mode: () => PromptMode): ConsentProvider {
  return async (q: ConsentQuestion): Promise<ConsentAnswer> => {
    const m = mode();
    if (m === 'ask') return inner(q);
    const yes = m === 'grant-all';
    return {
      granted: Object.fromEntries(q.features.map((f) => [f.name, yes])),
      kind: 'explicit',
      duration: 'session',
    };
  };
}

export function createOverlay(
  ua: UserAgent,
  options: { document?: Document; promptMode: { value: PromptMode } },
): OverlayControls {
  const doc = options.document ?? globalThis.document;
  const host = doc.createElement('xrgate-overlay');
  const root = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = STYLE;
  const panel = doc.createElement('div');
  panel.className = 'panel';
  root.append(style, panel);
  const device = ua.device as SimulatedXRDevice | null;
  const origin = serializeOrigin(ua.host.origin());

  const el = <K extends keyof HTMLElementTagNameMap>(
    tag: K,
    text = '',
    cls = '',
  ): HTMLElementTagNameMap[K] => {
    const e = doc.createElement(tag);
    if (text) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  };
  const section = (title: string): HTMLDivElement => {
    panel.append(el('h3', title));
    const d = el('div');
    panel.append(d);
    return d;
  };
  const slider = (
    parent: HTMLElement,
    label: string,
    min: number,
    max: number,
    value: number,
    on: (v: number) => void,
  ) => {
    const row = el('div', '', 'row');
    const input = el('input');
    input.type = 'range';
    input.min = String(min);
    input.max = String(max);
    input.step = '0.01';
    input.value = String(value);
    const out = el('span', value.toFixed(2));
    input.addEventListener('input', () => {
      out.textContent = Number(input.value).toFixed(2);
      on(Number(input.value));
    });
    row.append(el('label', label), input, out);
    parent.append(row);
  };

  panel.append(el('div', `xrgate developer overlay — ${origin}`));
  if (device && typeof device.setViewerOrigin === 'function') {
    const head = section('Headset');
    const p = { x: 0, y: 0, z: 0, yaw: 0 };
    const apply = () => {
      const h = p.yaw / 2;
      device.setViewerOrigin(pose(p.x, p.y, p.z, [0, Math.sin(h), 0, Math.cos(h)]));
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
    for (const src of device.inputSources) {
      const row = el('div', '', 'row');
      row.append(el('label', src.state.handedness));
      const sel = el('button', 'select');
      sel.addEventListener('click', () => src.select());
      const sq = el('button', 'squeeze');
      sq.addEventListener('click', () => src.squeeze());
      row.append(sel, sq);
      inputs.append(row);
    }
    const vis = section('Device visibility');
    const select = el('select');
    for (const v of ['visible', 'visible-blurred', 'hidden']) {
      const o = el('option', v);
      o.value = v;
      select.append(o);
    }
    select.addEventListener('change', () => device.setVisibility(select.value as 'visible'));
    vis.append(select);
  }
  const consent = section('Consent');
  const mode = el('select');
  for (const [v, t] of [
    ['ask', 'ask me (prompt)'],
    ['grant-all', 'grant everything'],
    ['deny-all', 'deny everything'],
  ] as const) {
    const o = el('option', t);
    o.value = v;
    mode.append(o);
  }
  mode.value = options.promptMode.value;
  mode.addEventListener('change', () => {
    options.promptMode.value = mode.value as PromptMode;
  });
  consent.append(mode);
  const grants = el('div');
  consent.append(grants);
  const renderGrants = () => {
    grants.textContent = '';
    const list = ua.core.consent.list(origin);
    if (list.length === 0) grants.append(el('div', 'no grants for this site'));
    for (const r of list) {
      const row = el('div', '', 'grant');
      row.append(el('span', `${r.feature} (${r.mode}) — ${r.state}`, r.state === 'granted' ? 'ok' : 'deny'));
      const revoke = el('button', 'revoke');
      revoke.addEventListener('click', () =>
        ua.core.consent.revoke(origin, { feature: r.feature, mode: r.mode }),
      );
      row.append(revoke);
      grants.append(row);
    }
  };
  ua.core.consent.onChange(renderGrants);
  renderGrants();
  const log = section('Audit log');
  const box = el('div', '', 'log');
  log.append(box);
  const addRecord = (r: { allowed: boolean; action: string; requirement: string; reason: string }) => {
    const line = el(
      'div',
      `${r.allowed ? '✔' : '✘'} ${r.action} [${r.requirement}] ${r.reason}`,
      r.allowed ? 'ok' : 'deny',
    );
    box.append(line);
    while (box.childElementCount > 200) box.firstElementChild?.remove();
    box.scrollTop = box.scrollHeight;
  };
  for (const r of ua.audit.entries()) addRecord(r);
  ua.audit.subscribe(addRecord);

  let visible = false;
  const controls: OverlayControls = {
    element: host,
    show() {
      if (!host.isConnected) doc.documentElement.append(host);
      visible = true;
    },
    hide() {
      host.remove();
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
