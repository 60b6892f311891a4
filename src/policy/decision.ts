// Decisions as values, and the audit log that records them.
// Every "is X allowed" function of src/policy answers with a Decision: whether the action may
// happen, and when it may not, the exception the spec names, a message a developer can act on,
// the reason in one line, and the requirement id (REQUIREMENTS.md) that makes the rule.

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

export interface Decision<T = undefined> {
  readonly allowed: boolean;
  readonly error?: DecisionError;
  /** One line: why the decision came out this way. */
  readonly reason: string;
  /** The REQUIREMENTS.md id (R-…, AMB-…) that the decision applies. */
  readonly requirement: string;
  /** The payload of an allowed decision (e.g. the resolved features). */
  readonly value?: T;
}

export interface Allowed<T> extends Decision<T> {
  readonly allowed: true;
  readonly value: T;
}

export interface Denied extends Decision<never> {
  readonly allowed: false;
  readonly error: DecisionError;
}

export function allow<T = undefined>(reason: string, requirement: string, value?: T): Allowed<T> {
  return Object.freeze({ allowed: true as const, reason, requirement, value: value as T });
}

export interface DenyDetails {
  /** The refused action, as a developer would write it, e.g. `requestSession('immersive-vr')`. */
  readonly action: string;
  /** Why, in plain words. */
  readonly reason: string;
  /** What the developer can do about it (optional). */
  readonly fix?: string;
  readonly requirement: string;
}

export function deny(name: ErrorName, details: DenyDetails): Denied {
  const fix = details.fix ? ` ${details.fix}` : '';
  const message = `${details.action} was refused: ${details.reason}.${fix} [${details.requirement}]`;
  return Object.freeze({
    allowed: false as const,
    error: Object.freeze({ name, message }),
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
  readonly requirement: string;
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
    if (typeof options?.now !== 'function')
      throw new TypeError('AuditLog needs a clock: { now: () => number }');
    const cap = options.capacity ?? 1000;
    if (!Number.isInteger(cap) || cap < 1)
      throw new TypeError('AuditLog capacity must be a positive integer');
    this.#now = options.now;
    this.#capacity = cap;
  }

  /** Records a decision and hands it back, so that callers can write `return log.record(...)`. */
  record<D extends Decision<unknown>>(action: string, decision: D, origin?: string): D {
    const rec: AuditRecord = Object.freeze({
      seq: ++this.#seq,
      at: this.#now(),
      action,
      ...(origin === undefined ? {} : { origin }),
      allowed: decision.allowed,
      ...(decision.error ? { errorName: decision.error.name } : {}),
      reason: decision.reason,
      requirement: decision.requirement,
    });
    this.#records.push(rec);
    if (this.#records.length > this.#capacity) this.#records.splice(0, this.#records.length - this.#capacity);
    for (const listener of this.#listeners.slice()) {
      try {
        listener(rec);
      } catch {
        // A listener's failure never changes a decision.
      }
    }
    return decision;
  }

  entries(): readonly AuditRecord[] {
    return Object.freeze(this.#records.slice());
  }

  clear(): void {
    this.#records = [];
  }

  subscribe(listener: AuditListener): () => void {
    if (typeof listener !== 'function') throw new TypeError('AuditLog.subscribe needs a function');
    this.#listeners.push(listener);
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }
}
