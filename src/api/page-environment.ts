// What the page side needs from its own realm: tasks, a clock, and error reporting. None of it is
// a fact the policy decides on (those live on the user-agent side, src/agent).

export interface PageEnvironment {
  /** Queues a task after about `ms` milliseconds; returns a handle for clearTimeout. */
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** The page's monotonic clock in milliseconds (frame times). */
  now(): number;
  /** Reports an exception a page callback threw (the page's `reportError`). */
  reportError(e: unknown): void;
}
