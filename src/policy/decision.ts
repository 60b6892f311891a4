// Decisions as values, and the audit log that records them.
// Every "is X allowed" function of src/policy answers with a Decision: whether the action may
// happen, and when it may not, the exception the spec names, a message a developer can act on,
// the reason in one line, and the requirement id (docs/requirements.md) that makes the rule.
// A Decision is a discriminated union: narrowing on `allowed` gives the value or the error.

import {
  ArrayPrototypeFilter,
  ArrayPrototypePush,
  ArrayPrototypeShift,
  ArrayPrototypeSlice,
  NumberIsInteger,
  ObjectFreeze,
  ObjectHasOwn,
  RegExpPrototypeExec,
  TypeError,
} from '../primordials.js';
import { readOption } from './input.js';

/** The error names the WebXR Device API and its neighbours use (DOMException names, plus TypeError). */
export type ErrorName =
  | 'SecurityError'
  | 'InvalidStateError'
  | 'NotSupportedError'
  | 'NotAllowedError'
  | 'AbortError'
  | 'OperationError'
  | 'NotFoundError'
  | 'TypeError';

export interface DecisionError {
  readonly name: ErrorName;
  /** What was refused, why, what to do, and the requirement id. */
  readonly message: string;
}

/**
 * The areas of the requirement catalog (docs/requirements.md): `R-<AREA>-<nn>` ids are grouped by
 * them. test/policy/requirement-ids.test.ts keeps this list equal to the catalog's sections.
 */
export const requirementAreas = ObjectFreeze([
  'EXPO',
  'POLICY',
  'TRUST',
  'INTENT',
  'SESSION',
  'FEAT',
  'CONSENT',
  'PERM',
  'TUI',
  'VIS',
  'POSE',
  'SPACE',
  'ADJ',
  'NAV',
  'UPPER',
  'LIFE',
  'TEST',
  'LAYER',
  'ANCHOR',
  'DOM',
  'DEPTH',
  'CAM',
  'HIT',
  'PLANE',
  'MESH',
] as const);

export type RequirementArea = (typeof requirementAreas)[number];

/**
 * A requirement id of docs/requirements.md: `R-<AREA>-<nn>` or `AMB-<nn>`. A misspelt area or a
 * missing dash does not compile (test/policy/types.test.ts); that the id has a row in the catalog
 * is checked by test/policy/requirement-ids.test.ts.
 */
export type RequirementId = `R-${RequirementArea}-${number}` | `AMB-${number}`;

const requirementIdPattern = new RegExp(`^(?:R-(?:${requirementAreas.join('|')})|AMB)-[0-9]{1,4}$`);

/** Is `v` shaped like a requirement id (for values from outside, such as a page's report)? */
export function isRequirementId(v: unknown): v is RequirementId {
  // exec, not test: RegExp.prototype.test looks `exec` up on the pattern, where a page can patch it.
  return typeof v === 'string' && RegExpPrototypeExec(requirementIdPattern, v) !== null;
}

/** An allowed decision: the payload, and never an error. */
export interface Allowed<T = undefined> {
  readonly allowed: true;
  /** The payload of the decision (e.g. the resolved features). */
  readonly value: T;
  readonly error?: never;
  /** One line: why the decision came out this way. */
  readonly reason: string;
  /** The docs/requirements.md id (R-…, AMB-…) that the decision applies. */
  readonly requirement: RequirementId;
}

/** A refusal: the exception to raise, and never a payload. */
export interface Denied {
  readonly allowed: false;
  readonly error: DecisionError;
  readonly value?: never;
  /** One line: why the decision came out this way. */
  readonly reason: string;
  /** The docs/requirements.md id (R-…, AMB-…) that the decision applies. */
  readonly requirement: RequirementId;
}

/** Narrow on `allowed`: `true` gives the value, `false` the error. */
export type Decision<T = undefined> = Allowed<T> | Denied;

export function allow(reason: string, requirement: RequirementId): Allowed<undefined>;
export function allow<T>(reason: string, requirement: RequirementId, value: T): Allowed<T>;
export function allow<T>(reason: string, requirement: RequirementId, value?: T): Allowed<T | undefined> {
  return ObjectFreeze({ allowed: true as const, reason, requirement, value });
}

export interface DenyDetails {
  /** The refused action, as a developer would write it, e.g. `requestSession('immersive-vr')`. */
  readonly action: string;
  /** Why, in plain words. */
  readonly reason: string;
  /** What the developer can do about it (optional). */
  readonly fix?: string;
  readonly requirement: RequirementId;
}

export function deny(name: ErrorName, details: DenyDetails): Denied {
  // `fix` is optional: only the details' own field counts (a polluted Object.prototype.fix would
  // otherwise be appended to every message).
  const fixText = ObjectHasOwn(details, 'fix') ? details.fix : undefined;
  const fix = fixText ? ` ${fixText}` : '';
  const message = `${details.action} was refused: ${details.reason}.${fix} [${details.requirement}]`;
  return ObjectFreeze({
    allowed: false as const,
    error: ObjectFreeze({ name, message }),
    reason: details.reason,
    requirement: details.requirement,
  });
}

export function isDenied<T>(d: Decision<T>): d is Denied {
  return !d.allowed;
}

/** One entry of the audit log. */
export interface AuditRecord {
  readonly seq: number;
  /** Time from the injected clock (ms). */
  readonly at: number;
  /** The algorithm or API that asked, e.g. `requestSession`, `getPose`, `resolveRequestedFeatures`. */
  readonly action: string;
  readonly origin?: string;
  readonly allowed: boolean;
  readonly errorName?: ErrorName;
  readonly reason: string;
  readonly requirement: RequirementId;
}

export type AuditListener = (record: AuditRecord) => void;

export interface AuditLogOptions {
  /** The clock (ms); injected, never read from a global. */
  readonly now: () => number;
  /** How many records are kept (oldest dropped first). Default 1000. */
  readonly capacity?: number;
}

/** A bounded log of decisions. The clock is injected so that records are reproducible. */
export class AuditLog {
  readonly #now: () => number;
  readonly #capacity: number;
  #records: AuditRecord[] = [];
  #seq = 0;
  #listeners: AuditListener[] = [];

  constructor(options: AuditLogOptions) {
    // A polluted Object.prototype supplies neither field (readOption).
    const now = readOption(options, 'now');
    if (typeof now !== 'function') throw new TypeError('AuditLog needs a clock: { now: () => number }');
    const capRaw = readOption(options, 'capacity');
    const cap = capRaw === undefined || capRaw === null ? 1000 : capRaw;
    if (!NumberIsInteger(cap) || (cap as number) < 1)
      throw new TypeError('AuditLog capacity must be a positive integer');
    this.#now = now as () => number;
    this.#capacity = cap as number;
  }

  /** Records a decision and hands it back, so that callers can write `return log.record(...)`. */
  record<D extends Decision<unknown>>(action: string, decision: D, origin?: string): D {
    const rec: AuditRecord = ObjectFreeze({
      seq: ++this.#seq,
      at: this.#now(),
      action,
      ...(origin === undefined ? {} : { origin }),
      allowed: decision.allowed,
      ...(decision.allowed ? {} : { errorName: decision.error.name }),
      reason: decision.reason,
      requirement: decision.requirement,
    });
    const records = this.#records;
    ArrayPrototypePush(records, rec);
    // The oldest go first (shift on xrgate's own dense array reads and writes own elements only).
    while (records.length > this.#capacity) ArrayPrototypeShift(records);
    const listeners = ArrayPrototypeSlice(this.#listeners);
    for (let i = 0; i < listeners.length; i++) {
      const listener = listeners[i]!;
      try {
        listener(rec);
      } catch {
        // A listener's failure never changes a decision.
      }
    }
    return decision;
  }

  entries(): readonly AuditRecord[] {
    return ObjectFreeze(ArrayPrototypeSlice(this.#records));
  }

  clear(): void {
    this.#records = [];
  }

  subscribe(listener: AuditListener): () => void {
    if (typeof listener !== 'function') throw new TypeError('AuditLog.subscribe needs a function');
    ArrayPrototypePush(this.#listeners, listener);
    return () => {
      this.#listeners = ArrayPrototypeFilter(this.#listeners, (l) => l !== listener);
    };
  }
}
