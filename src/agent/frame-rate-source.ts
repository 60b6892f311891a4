// Where a session's frame rate comes from: a host whose frame clock is the page's
// requestAnimationFrame delivers frames at the display's rate, which a page cannot choose
// (supportedFrameRates is null then, and updateTargetFrameRate is refused, R-LIFE-07).

/** The host's frames follow the page's display (its frame clock is the page's rAF). */
export function framesFollowDisplay(host: { readonly frameClock?: unknown }): boolean {
  return typeof host.frameClock === 'function';
}
