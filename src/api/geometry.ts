// DOMPointReadOnly: the page's own where it exists (browsers), otherwise a faithful minimal one
// (Node). Captured when the module loads.

import { Number } from '../primordials.js';

class DOMPointReadOnlyImpl {
  readonly #x: number;
  readonly #y: number;
  readonly #z: number;
  readonly #w: number;
  constructor(x = 0, y = 0, z = 0, w = 1) {
    this.#x = Number(x);
    this.#y = Number(y);
    this.#z = Number(z);
    this.#w = Number(w);
  }
  static fromPoint(other: { x?: number; y?: number; z?: number; w?: number } = {}): DOMPointReadOnlyImpl {
    return new DOMPointReadOnlyImpl(other.x ?? 0, other.y ?? 0, other.z ?? 0, other.w ?? 1);
  }
  get x(): number {
    return this.#x;
  }
  get y(): number {
    return this.#y;
  }
  get z(): number {
    return this.#z;
  }
  get w(): number {
    return this.#w;
  }
  toJSON(): { x: number; y: number; z: number; w: number } {
    return { x: this.#x, y: this.#y, z: this.#z, w: this.#w };
  }
}

type PointCtor = new (x?: number, y?: number, z?: number, w?: number) => DOMPointReadOnly;

const NativePoint = (globalThis as { DOMPointReadOnly?: PointCtor }).DOMPointReadOnly;
export const DOMPointReadOnlyCtor: PointCtor = NativePoint ?? (DOMPointReadOnlyImpl as unknown as PointCtor);

export function makePoint(x: number, y: number, z: number, w: number): DOMPointReadOnly {
  return new DOMPointReadOnlyCtor(x, y, z, w);
}

export { DOMPointReadOnlyImpl };
