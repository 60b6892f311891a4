// spec: #events (index.bs @ 23547b1): XRSessionEvent, XRInputSourceEvent,
// XRInputSourcesChangeEvent, XRReferenceSpaceEvent.
//
// [SecureContext, Exposed=Window] interface XRSessionEvent : Event {
//   constructor(DOMString type, XRSessionEventInit eventInitDict);
//   [SameObject] readonly attribute XRSession session; };
// [SecureContext, Exposed=Window] interface XRInputSourceEvent : Event {
//   constructor(DOMString type, XRInputSourceEventInit eventInitDict);
//   [SameObject] readonly attribute XRFrame frame;
//   [SameObject] readonly attribute XRInputSource inputSource; };
// [SecureContext, Exposed=Window] interface XRInputSourcesChangeEvent : Event {
//   constructor(DOMString type, XRInputSourcesChangeEventInit eventInitDict);
//   [SameObject] readonly attribute XRSession session;
//   [SameObject] readonly attribute FrozenArray<XRInputSource> added;
//   [SameObject] readonly attribute FrozenArray<XRInputSource> removed; };
// [SecureContext, Exposed=Window] interface XRReferenceSpaceEvent : Event {
//   constructor(DOMString type, XRReferenceSpaceEventInit eventInitDict);
//   [SameObject] readonly attribute XRReferenceSpace referenceSpace;
//   [SameObject] readonly attribute XRRigidTransform? transform; };

import {
  ArrayPrototypePush,
  Boolean,
  Number,
  NumberIsFinite,
  ObjectFreeze,
  TypeError,
} from '../primordials.js';
import {
  convertDictionary,
  idlAttributes,
  illegalInvocation,
  iterateSequence,
  requireArgs,
  toStringTag,
} from './webidl.js';

const EventCtor = Event;

function required<T>(
  dict: Record<string, unknown>,
  key: string,
  check: (v: unknown) => v is T,
  what: string,
): T {
  const v = dict[key];
  if (v === undefined) throw new TypeError(`${what}: required member '${key}' is missing`);
  if (!check(v)) throw new TypeError(`${what}: '${key}' is not of the right type`);
  return v;
}

function eventInit(dict: Record<string, unknown>): EventInit {
  return {
    bubbles: Boolean(dict.bubbles),
    cancelable: Boolean(dict.cancelable),
    composed: Boolean(dict.composed),
  };
}

/** Late-bound brand checks (the interfaces import this module). */
export const brands = {
  session: (_v: unknown): boolean => false,
  frame: (_v: unknown): boolean => false,
  inputSource: (_v: unknown): boolean => false,
  referenceSpace: (_v: unknown): boolean => false,
  transform: (_v: unknown): boolean => false,
};

export class XRSessionEvent extends EventCtor {
  readonly #session: object;
  constructor(type: string, eventInitDict: { session: object }) {
    requireArgs(arguments.length, 2, 'XRSessionEvent');
    const dict = convertDictionary(eventInitDict, 'XRSessionEventInit');
    const session = required(dict, 'session', (v): v is object => brands.session(v), 'XRSessionEventInit');
    super(String(type), eventInit(dict));
    this.#session = session;
  }
  get session(): object {
    if (!(#session in this)) illegalInvocation();
    return this.#session;
  }
}

export class XRInputSourceEvent extends EventCtor {
  readonly #frame: object;
  readonly #inputSource: object;
  constructor(type: string, eventInitDict: { frame: object; inputSource: object }) {
    requireArgs(arguments.length, 2, 'XRInputSourceEvent');
    const dict = convertDictionary(eventInitDict, 'XRInputSourceEventInit');
    const frame = required(dict, 'frame', (v): v is object => brands.frame(v), 'XRInputSourceEventInit');
    const inputSource = required(
      dict,
      'inputSource',
      (v): v is object => brands.inputSource(v),
      'XRInputSourceEventInit',
    );
    super(String(type), eventInit(dict));
    this.#frame = frame;
    this.#inputSource = inputSource;
  }
  get frame(): object {
    if (!(#frame in this)) illegalInvocation();
    return this.#frame;
  }
  get inputSource(): object {
    if (!(#frame in this)) illegalInvocation();
    return this.#inputSource;
  }
}

export class XRInputSourcesChangeEvent extends EventCtor {
  readonly #session: object;
  readonly #added: readonly object[];
  readonly #removed: readonly object[];
  constructor(
    type: string,
    eventInitDict: { session: object; added: readonly object[]; removed: readonly object[] },
  ) {
    requireArgs(arguments.length, 2, 'XRInputSourcesChangeEvent');
    const dict = convertDictionary(eventInitDict, 'XRInputSourcesChangeEventInit');
    const session = required(
      dict,
      'session',
      (v): v is object => brands.session(v),
      'XRInputSourcesChangeEventInit',
    );
    const list = (key: string): readonly object[] => {
      const v = required(
        dict,
        key,
        (x): x is Iterable<unknown> => x !== null && typeof x === 'object',
        'XRInputSourcesChangeEventInit',
      );
      const out: object[] = [];
      iterateSequence(v, `XRInputSourcesChangeEventInit.${key}: not a sequence`, (item) => {
        if (!brands.inputSource(item))
          throw new TypeError(`XRInputSourcesChangeEventInit.${key}: not an XRInputSource`);
        ArrayPrototypePush(out, item as object);
      });
      return ObjectFreeze(out);
    };
    const added = list('added');
    const removed = list('removed');
    super(String(type), eventInit(dict));
    this.#session = session;
    this.#added = added;
    this.#removed = removed;
  }
  get session(): object {
    if (!(#session in this)) illegalInvocation();
    return this.#session;
  }
  get added(): readonly object[] {
    if (!(#session in this)) illegalInvocation();
    return this.#added;
  }
  get removed(): readonly object[] {
    if (!(#session in this)) illegalInvocation();
    return this.#removed;
  }
}

export class XRReferenceSpaceEvent extends EventCtor {
  readonly #referenceSpace: object;
  readonly #transform: object | null;
  constructor(type: string, eventInitDict: { referenceSpace: object; transform?: object | null }) {
    requireArgs(arguments.length, 2, 'XRReferenceSpaceEvent');
    const dict = convertDictionary(eventInitDict, 'XRReferenceSpaceEventInit');
    const referenceSpace = required(
      dict,
      'referenceSpace',
      (v): v is object => brands.referenceSpace(v),
      'XRReferenceSpaceEventInit',
    );
    const t = dict.transform;
    if (t !== undefined && t !== null && !brands.transform(t)) {
      throw new TypeError('XRReferenceSpaceEventInit.transform: not an XRRigidTransform');
    }
    super(String(type), eventInit(dict));
    this.#referenceSpace = referenceSpace;
    this.#transform = (t as object | null | undefined) ?? null;
  }
  get referenceSpace(): object {
    if (!(#referenceSpace in this)) illegalInvocation();
    return this.#referenceSpace;
  }
  get transform(): object | null {
    if (!(#referenceSpace in this)) illegalInvocation();
    return this.#transform;
  }
}

idlAttributes(XRSessionEvent, ['session']);
idlAttributes(XRInputSourceEvent, ['frame', 'inputSource']);
idlAttributes(XRInputSourcesChangeEvent, ['session', 'added', 'removed']);
idlAttributes(XRReferenceSpaceEvent, ['referenceSpace', 'transform']);
toStringTag(XRSessionEvent, 'XRSessionEvent');
toStringTag(XRInputSourceEvent, 'XRInputSourceEvent');
toStringTag(XRInputSourcesChangeEvent, 'XRInputSourcesChangeEvent');
toStringTag(XRReferenceSpaceEvent, 'XRReferenceSpaceEvent');

// [SecureContext, Exposed=Window] interface XRVisibilityMaskChangeEvent : Event {
//   constructor(DOMString type, XRVisibilityMaskChangeEventInit eventInitDict);
//   [SameObject] readonly attribute XRSession session; readonly attribute XREye eye;
//   readonly attribute unsigned long index; [SameObject] readonly attribute Float32Array vertices;
//   [SameObject] readonly attribute Uint32Array indices; };
// Fired by SessionCore when a view's visibility mask changes (a device view's visibilityMask).
export class XRVisibilityMaskChangeEvent extends EventCtor {
  readonly #session: object;
  readonly #eye: string;
  readonly #index: number;
  readonly #vertices: Float32Array;
  readonly #indices: Uint32Array;
  constructor(
    type: string,
    eventInitDict: {
      session: object;
      eye: string;
      index: number;
      vertices: Float32Array;
      indices: Uint32Array;
    },
  ) {
    requireArgs(arguments.length, 2, 'XRVisibilityMaskChangeEvent');
    const dict = convertDictionary(eventInitDict, 'XRVisibilityMaskChangeEventInit');
    const session = required(
      dict,
      'session',
      (v): v is object => brands.session(v),
      'XRVisibilityMaskChangeEventInit',
    );
    const eye = String(
      required(
        dict,
        'eye',
        (v): v is string => v === 'none' || v === 'left' || v === 'right',
        'XRVisibilityMaskChangeEventInit',
      ),
    );
    const index =
      Number(
        required(
          dict,
          'index',
          (v): v is number => NumberIsFinite(Number(v)),
          'XRVisibilityMaskChangeEventInit',
        ),
      ) >>> 0;
    const vertices = required(
      dict,
      'vertices',
      (v): v is Float32Array => v instanceof Float32Array,
      'XRVisibilityMaskChangeEventInit',
    );
    const indices = required(
      dict,
      'indices',
      (v): v is Uint32Array => v instanceof Uint32Array,
      'XRVisibilityMaskChangeEventInit',
    );
    super(String(type), eventInit(dict));
    this.#session = session;
    this.#eye = eye;
    this.#index = index;
    this.#vertices = vertices;
    this.#indices = indices;
  }
  get session(): object {
    if (!(#session in this)) illegalInvocation();
    return this.#session;
  }
  get eye(): string {
    if (!(#session in this)) illegalInvocation();
    return this.#eye;
  }
  get index(): number {
    if (!(#session in this)) illegalInvocation();
    return this.#index;
  }
  get vertices(): Float32Array {
    if (!(#session in this)) illegalInvocation();
    return this.#vertices;
  }
  get indices(): Uint32Array {
    if (!(#session in this)) illegalInvocation();
    return this.#indices;
  }
}
