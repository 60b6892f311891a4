// What the page side needs from its own realm: tasks, a clock, and error reporting. None of it is
// a fact the policy decides on (those live on the user-agent side, src/agent).

import type { DomOverlayHost } from './dom-overlay.js';
import type { FrameClock } from './frame-clock.js';

export interface PageEnvironment {
  /** Queues a task after about `ms` milliseconds; returns a handle for clearTimeout. */
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** The page's monotonic clock in milliseconds (frame times). */
  now(): number;
  /** Reports an exception a page callback threw (the page's `reportError`). */
  reportError(e: unknown): void;
  /**
   * The clock XR animation frames follow. A page that shows the session gives one frame per
   * displayed frame (its requestAnimationFrame); without one, frames follow a deadline timer at the
   * session's nominal rate (Node, the Test API).
   */
  frameClock?(rateHz: () => number): FrameClock;
  /** DOM Overlays Module: the page's document (a browser); absent: no DOM (Node). */
  readonly domOverlay?: DomOverlayHost;
}
