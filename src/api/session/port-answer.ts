// A DocumentPort answers at once over the direct transport and with a promise over a channel
// (src/agent/channel.ts): the page side takes an answer given at once in the same task.

export function isThenable<T>(v: T | Promise<T>): v is Promise<T> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}
