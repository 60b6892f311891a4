// The reference spaces of one session: requestReferenceSpace (the user agent decides), and the
// `reset` events the user agent asks for on the spaces made so far and their offset spaces.

import type { DocumentPort } from '../../agent/protocol.js';
import type { ReferenceSpaceType } from '../../policy/features.js';
import {
  ArrayPrototypeConcat,
  ArrayPrototypePush,
  ArrayPrototypeSlice,
  Promise,
  PromisePrototypeThen,
} from '../../primordials.js';
import { XRReferenceSpaceEvent } from '../events.js';
import { domException, EventTargetPrototypeDispatchEvent, errorFromReply } from '../webidl.js';
import {
  createReferenceSpace,
  type NativeRef,
  type SpaceInternals,
  spaceInternals,
  type XRReferenceSpace,
} from '../XRSpace.js';
import { nativeRef } from './pose-resolver.js';

/** What the reference spaces need from their session. */
export interface ReferenceSpacesHost {
  readonly id: string;
  readonly ended: boolean;
  /**
   * Registers an outstanding promise's reject, rejected if the session shuts down first (R-LIFE-04
   * step 4). The returned function settles it: false when the session already rejected it.
   */
  track(reject: (e: unknown) => void): () => boolean;
}

/** Makes the internals of the session's new spaces (the pose resolver). */
export interface SpaceFactory {
  spaceData(native: NativeRef, type: ReferenceSpaceType | null): SpaceInternals;
}

export class ReferenceSpaces {
  readonly #host: ReferenceSpacesHost;
  readonly #port: DocumentPort;
  readonly #factory: SpaceFactory;
  /** Every reference space requestReferenceSpace made (not their offset spaces). */
  readonly #spaces: XRReferenceSpace[] = [];

  constructor(host: ReferenceSpacesHost, port: DocumentPort, factory: SpaceFactory) {
    this.#host = host;
    this.#port = port;
    this.#factory = factory;
  }

  // spec: #dom-xrsession-requestreferencespace
  request(type: ReferenceSpaceType): Promise<XRReferenceSpace> {
    const host = this.#host;
    return new Promise<XRReferenceSpace>((resolve, reject) => {
      const settle = host.track(reject);
      if (host.ended) {
        settle();
        reject(domException('InvalidStateError', 'requestReferenceSpace: the session has ended'));
        return;
      }
      // The user agent decides (policy/reference-spaces.ts: referenceSpaceIsSupported).
      PromisePrototypeThen(this.#port.requestReferenceSpace(host.id, type), (r) => {
        if (!settle()) return;
        if (host.ended) {
          reject(domException('InvalidStateError', 'requestReferenceSpace: the session has ended'));
          return;
        }
        if (!r.ok) {
          reject(errorFromReply(r));
          return;
        }
        const native = nativeRef(
          type === 'viewer'
            ? 'viewer'
            : type === 'local'
              ? 'local'
              : type === 'unbounded'
                ? 'unbounded'
                : 'floor',
        );
        const space = createReferenceSpace(this.#factory.spaceData(native, type));
        ArrayPrototypePush(this.#spaces, space);
        resolve(space);
      });
    });
  }

  /** The user agent's `reset` (its own task): fired at the reference spaces it concerns. */
  fireReset(boundsOnly: boolean): void {
    if (this.#host.ended) return;
    const spaces = ArrayPrototypeSlice(this.#spaces);
    for (let i = 0; i < spaces.length; i++) {
      const space = spaces[i]!;
      const data = spaceInternals(space);
      if (!data) continue;
      if (boundsOnly && data.type !== 'bounded-floor' && data.type !== 'local-floor') continue;
      if (!boundsOnly && data.type === 'viewer') continue;
      const targets = ArrayPrototypeConcat([space], data.children);
      for (let j = 0; j < targets.length; j++) {
        const t = targets[j]!;
        EventTargetPrototypeDispatchEvent(
          t,
          new XRReferenceSpaceEvent('reset', { referenceSpace: t, transform: null }),
        );
      }
    }
  }
}
