// How immersive XRWebGLLayers get their opaque framebuffers (spec #opaque-framebuffer), when they
// are not presented on the page's canvas: through `opaqueSupport.current`, which createUserAgent
// (Node) and the Test API bundle (dist/xrgate-test.js) set to opaque-framebuffer.ts's support. The
// bundles that present immersive frames on the canvas (dist/xrgate.js, the extension's main world)
// never set it, and leave opaque-framebuffer.ts and its WebGL rules out.

export interface OpaqueFramebufferSupport {
  /** The opaque framebuffer of `layer` on the WebGL context `gl`, `width`×`height` (null if none). */
  create(
    layer: object,
    gl: object,
    width: number,
    height: number,
    init: { readonly depth: boolean; readonly stencil: boolean; readonly alpha: boolean },
  ): object | null;
  /** The session's XR animation frame starts (true: cleared, then drawable) or ends (false). */
  setFrameActive(layer: unknown, active: boolean): void;
  /** The session ended: the layer's opaque framebuffer and its attachments are deleted. */
  release(layer: unknown): void;
}

/** The opaque framebuffer support of this realm, if any (see above). */
export const opaqueSupport: { current: OpaqueFramebufferSupport | null } = { current: null };
