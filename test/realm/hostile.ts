// Is any user-agent state reachable from the page? A hostile page patches the built-ins it shares
// with xrgate's page side, then uses WebXR; afterwards the test walks everything the page could
// have obtained (every object the patched built-ins saw, every object the API handed out) through
// own properties, getter results, prototypes and Map/Set entries, and looks for the user agent's
// objects: consent store, host, devices, audit log, the agents, or any object of its realm.
//
// With the user-agent side in a realm of its own (a node:vm context, as the extension's isolated
// world), the walk finds none. With both sides in one realm (createUserAgent's direct transport)
// the same walk finds them: built-ins shared with the page hand them over (issue "Hardening").

import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { build } from 'esbuild';
import { documentPortOver } from '../../src/agent/channel.js';
import type { XRFrame } from '../../src/api/XRFrame.js';
import { XRRigidTransform } from '../../src/api/XRRigidTransform.js';
import type { XRSession } from '../../src/api/XRSession.js';
import type { SimulatedXRDevice } from '../../src/device/simulated.js';
import { profiles } from '../../src/policy/profile.js';
import { createPageNavigator, createUserAgent, type XRNavigator } from '../../src/user-agent.js';

interface AgentRealm {
  host: { click(): void };
  device: SimulatedXRDevice;
  classes: (abstract new (...a: never[]) => unknown)[];
  objectPrototype: object;
}

const apply = Reflect.apply;
const getOwnDescriptor = Object.getOwnPropertyDescriptor;
const defineProperty = Object.defineProperty;
const ownKeys = Reflect.ownKeys;
const getPrototypeOf = Object.getPrototypeOf;
const mapEntries = Map.prototype.entries;
const setValues = Set.prototype.values;
const setAdd = Set.prototype.add;
const setHas = Set.prototype.has;
const arrayPush = Array.prototype.push;
const arrayPop = Array.prototype.pop;

/** Starts the user-agent side in a new realm and returns the page's port to it. */
export async function startAgentRealm(): Promise<{ realm: AgentRealm; pagePort: MessagePort }> {
  const out = await build({
    entryPoints: [fileURLToPath(new URL('./agent-realm.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    globalName: 'agentRealm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  // The realm's own URL class: the host's parser gives strings only (an isolated world has its own
  // URL bindings; a main-realm URL object would carry the page's patched getters).
  const urlParts = [
    'href',
    'protocol',
    'username',
    'password',
    'host',
    'hostname',
    'port',
    'pathname',
    'search',
    'hash',
  ];
  const getters = urlParts.map((k) => getOwnDescriptor(URL.prototype, k)?.get as () => string);
  const parseURL = (input: string, base?: string) =>
    getters.map((g) => apply(g, base === undefined ? new URL(input) : new URL(input, base), []) as string);
  const context = vm.createContext({
    setTimeout,
    clearTimeout,
    performance: { now: performance.now.bind(performance) },
    console,
    parseURL,
  });
  vm.runInContext(
    `((parseURL) => { globalThis.URL = class URL {
      constructor(input, base) {
        const p = parseURL(String(input), base === undefined ? undefined : String(base));
        ${urlParts.map((k, i) => `this.${k} = p[${i}];`).join(' ')}
      }
      toString() { return this.href; }
    }; })(globalThis.parseURL); delete globalThis.parseURL;`,
    context,
  );
  vm.runInContext(out.outputFiles[0]?.text ?? '', context);
  const channel = new MessageChannel();
  const started = (context.agentRealm as { start: (p: MessagePort, url: string) => AgentRealm }).start(
    channel.port2,
    'https://app.example/',
  );
  (channel.port1 as unknown as { unref(): void }).unref();
  (channel.port2 as unknown as { unref(): void }).unref();
  return {
    realm: { ...started, objectPrototype: vm.runInContext('Object.prototype', context) as object },
    pagePort: channel.port1,
  };
}

/** Patches shared built-ins so that every object passing through them is kept (the page's loot). */
export function hostilePage(): { loot: Set<unknown>; restore: () => void } {
  const loot = new Set<unknown>();
  const restores: (() => void)[] = [];
  let inside = false;
  const keep = (v: unknown) => {
    if ((typeof v === 'object' && v !== null) || typeof v === 'function') apply(setAdd, loot, [v]);
  };
  const patch = (target: object, key: PropertyKey) => {
    const desc = getOwnDescriptor(target, key);
    if (!desc || typeof desc.value !== 'function') return;
    const original = desc.value as (...a: unknown[]) => unknown;
    const wrapper = function (this: unknown, ...args: unknown[]) {
      const result = apply(original, this, args);
      if (!inside) {
        inside = true;
        keep(this);
        for (let i = 0; i < args.length; i++) keep(args[i]);
        keep(result);
        inside = false;
      }
      return result;
    };
    defineProperty(target, key, { ...desc, value: wrapper });
    apply(arrayPush, restores, [() => defineProperty(target, key, desc)]);
  };
  const surface: [object, PropertyKey[]][] = [
    [WeakMap.prototype, ['get', 'set', 'has', 'delete']],
    [Map.prototype, ['get', 'set', 'has', 'delete', 'forEach', 'values', 'keys', 'entries']],
    [Set.prototype, ['has', 'add', 'delete', 'forEach', 'values']],
    [
      Array.prototype,
      [
        'push',
        'map',
        'filter',
        'slice',
        'includes',
        'indexOf',
        'some',
        'every',
        'forEach',
        'concat',
        'join',
        'find',
      ],
    ],
    [
      Object,
      ['freeze', 'assign', 'keys', 'entries', 'values', 'fromEntries', 'getPrototypeOf', 'defineProperty'],
    ],
    [Function.prototype, ['call', 'apply', 'bind']],
    [Promise.prototype, ['then', 'catch', 'finally']],
    [Promise, ['resolve', 'reject']],
    [JSON, ['stringify', 'parse']],
    [Math, ['round', 'min', 'max', 'abs', 'sqrt', 'hypot']],
    [MessagePort.prototype, ['postMessage']],
    [EventTarget.prototype, ['dispatchEvent', 'addEventListener']],
    [Float32Array.prototype, ['set', 'fill']],
  ];
  for (const [target, keys] of surface) for (const key of keys) patch(target, key);
  return {
    loot,
    restore: () => {
      for (let r = apply(arrayPop, restores, []); r; r = apply(arrayPop, restores, [])) (r as () => void)();
    },
  };
}

/** Uses WebXR as an app would, and keeps every object the API hands out. */
export async function useWebXR(
  nav: XRNavigator,
  click: () => void,
  device: SimulatedXRDevice,
): Promise<unknown[]> {
  const handed: unknown[] = [nav];
  const xr = nav.xr;
  if (!xr) throw new Error('no navigator.xr');
  handed.push(xr, await xr.isSessionSupported('immersive-vr'));
  click();
  const session = (await xr.requestSession('immersive-vr', {
    requiredFeatures: ['local-floor'],
    optionalFeatures: ['bounded-floor', 'hand-tracking', 'light-estimation'],
  })) as XRSession;
  handed.push(session, session.renderState, session.inputSources, session.enabledFeatures);
  const spaces = [
    await session.requestReferenceSpace('local'),
    await session.requestReferenceSpace('local-floor'),
    await session.requestReferenceSpace('viewer'),
  ];
  handed.push(...spaces, spaces[0]?.getOffsetReferenceSpace(new XRRigidTransform({ x: 0, y: 1, z: 0 })));
  session.addEventListener('select', (e) => handed.push(e, (e as unknown as { frame: XRFrame }).frame));
  session.addEventListener('inputsourceschange', (e) => handed.push(e));
  for (let i = 0; i < 4; i++) {
    if (i === 1) device.inputSources[0]?.select();
    await new Promise<void>((resolve) => {
      session.requestAnimationFrame((time, frame) => {
        handed.push(frame);
        const pose = frame.getViewerPose(spaces[1] as never);
        handed.push(pose, pose?.transform, pose?.views, ...(pose?.views ?? []));
        for (const source of session.inputSources) {
          handed.push(source, source.targetRaySpace, source.gripSpace, source.gamepad, source.profiles);
          handed.push(frame.getPose(source.targetRaySpace, spaces[1] as never));
          if (source.gripSpace) handed.push(frame.getPose(source.gripSpace, spaces[0] as never));
        }
        handed.push(time);
        resolve();
      });
    });
  }
  handed.push(await nav.permissions.query({ name: 'xr', mode: 'immersive-vr' }));
  await session.end();
  return handed;
}

/** Walks everything reachable from `roots`; returns the objects for which `isAgent` holds. */
export function walk(
  roots: Iterable<unknown>,
  isAgent: (o: object) => boolean,
): { found: unknown[]; visited: number } {
  const seen = new Set<unknown>();
  const stack: unknown[] = [];
  const found: unknown[] = [];
  for (const r of roots) apply(arrayPush, stack, [r]);
  while (stack.length > 0) {
    const v = apply(arrayPop, stack, []);
    if (!((typeof v === 'object' && v !== null) || typeof v === 'function')) continue;
    if (apply(setHas, seen, [v]) || v === globalThis) continue;
    apply(setAdd, seen, [v]);
    if (seen.size > 50_000)
      throw new Error(
        `walk: more than 50000 objects (last: ${String((v as { constructor?: { name?: string } }).constructor?.name)})`,
      );
    const o = v as object;
    if (isAgent(o)) {
      apply(arrayPush, found, [o]);
      continue;
    }
    const push = (x: unknown) => apply(arrayPush, stack, [x]);
    push(getPrototypeOf(o));
    if (ArrayBuffer.isView(o)) continue;
    // A function's state is its closure, which no walk can read: only its prototype is followed.
    if (typeof o === 'function') {
      push((o as { prototype?: unknown }).prototype);
      continue;
    }
    for (const key of ownKeys(o)) {
      let desc: PropertyDescriptor | undefined;
      try {
        desc = getOwnDescriptor(o, key);
      } catch {
        continue;
      }
      if (!desc) continue;
      if ('value' in desc) push(desc.value);
      if (desc.get) {
        push(desc.get);
        try {
          push(apply(desc.get, o, []));
        } catch {
          // A getter that refuses this receiver (brand checks) gives nothing.
        }
      }
      if (desc.set) push(desc.set);
    }
    try {
      if (o instanceof Map)
        for (const [k, val] of apply(mapEntries, o, []) as Iterable<[unknown, unknown]>) push(k), push(val);
      if (o instanceof Set) for (const val of apply(setValues, o, []) as Iterable<unknown>) push(val);
    } catch {
      // (A host object that only looks like a Map or Set.)
    }
  }
  return { found, visited: seen.size };
}
