// The user-agent side of a session's depth sensing and camera access: it asks the device for the
// depth and camera images of the frame's views, lets src/policy decide whether any may reach the
// page (consent, visibility, paused) and adjusts what does (quantized, limited, reprojected), and
// keeps the camera images out of the views the page receives. One per SessionAgent.

import { encodeDepth, reprojectDepth } from '../device/depth.js';
import {
  type DeviceCameraImage,
  type DeviceDepthBuffer,
  type DeviceView,
  identityPose,
  type RigidPose,
  type XRDeviceBackend,
} from '../device/types.js';
import { cameraImageMayBeReported, reportedCameraSize } from '../policy/camera-access.js';
import type { Decision, Denied } from '../policy/decision.js';
import {
  type DepthConfiguration,
  type DepthLimits,
  depthLimits,
  depthMayBeReported,
  reportedDepthImage,
  reportedRawValueToMeters,
} from '../policy/depth-sensing.js';
import type { VisibilityState } from '../policy/poses.js';
import type { UAProfile } from '../policy/profile.js';
import { ArrayPrototypeMap, ArrayPrototypePush, ObjectFreeze, SafeWeakMap } from '../primordials.js';

/** A view's depth as the page receives it (already quantized and limited, R-DEPTH-04/05). */
export interface PageDepth {
  readonly width: number;
  readonly height: number;
  readonly rawValueToMeters: number;
  /** The entries in the session's depthDataFormat (a copy: the page side gets its own). */
  readonly data: ArrayBuffer;
  readonly normDepthBufferFromNormView: RigidPose;
  /** The sensor's projection; null: the view's (aligned, or reprojected for matchDepthView). */
  readonly projectionMatrix: readonly number[] | null;
  /** The sensor's pose relative to the viewer; null: the view's. */
  readonly sensorOffset: RigidPose | null;
}

/** A view's camera image as the page receives it (only while visible, with 'camera-access'). */
export interface PageCamera {
  readonly width: number;
  readonly height: number;
  /** RGBA8, the first row at the bottom; null: an image without defined contents. */
  readonly pixels: Uint8Array | null;
}

/** What the sensing part needs of its session agent. */
export interface SensingOwner {
  readonly device: XRDeviceBackend;
  readonly granted: { has(feature: string): boolean };
  readonly profile: UAProfile;
  readonly immersive: boolean;
  /** The camera privacy indicator is on screen for the session (R-CAM-06). */
  cameraIndicatorShown(): boolean;
  record<D extends Decision<unknown>>(action: string, d: D): D;
}

export class SessionSensing {
  readonly #owner: SensingOwner;
  /** The depth configuration (null: depth sensing is not enabled). */
  readonly depth: DepthConfiguration | null;
  /** The page's depth sensing active state (pauseDepthSensing / resumeDepthSensing). */
  #active = true;
  readonly #limits: DepthLimits;
  /** The last refusal recorded for depth and for the camera (recorded once when it begins). */
  #depthRefusal: string | null = null;
  #cameraRefusal: string | null = null;
  /** Reported depth per device buffer and view (a still device reports without work). */
  readonly #reported: SafeWeakMap<DeviceDepthBuffer, { view: DeviceView; value: PageDepth }> =
    new SafeWeakMap();
  readonly #stripped: SafeWeakMap<readonly DeviceView[], readonly DeviceView[]> = new SafeWeakMap();

  constructor(owner: SensingOwner, depth: DepthConfiguration | null) {
    this.#owner = owner;
    this.depth = depth;
    this.#limits = depthLimits(owner.profile);
  }

  /** pauseDepthSensing / resumeDepthSensing (the page side checked the call; R-DEPTH-03). */
  setActive(active: boolean): void {
    this.#active = active === true;
  }

  get active(): boolean {
    return this.#active;
  }

  #refused(kind: 'depth' | 'camera', d: Decision): boolean {
    if (d.allowed) {
      if (kind === 'depth') this.#depthRefusal = null;
      else this.#cameraRefusal = null;
      return false;
    }
    const key = d.reason;
    if ((kind === 'depth' ? this.#depthRefusal : this.#cameraRefusal) !== key) {
      this.#owner.record(kind === 'depth' ? 'getDepthInformation' : 'camera', d as Denied);
      if (kind === 'depth') this.#depthRefusal = key;
      else this.#cameraRefusal = key;
    }
    return true;
  }

  /**
   * The depth of each view of this frame (null entries: no data for that view), or null when none
   * may be reported: not granted (R-DEPTH-02), not visible or paused (R-DEPTH-03).
   */
  depthFor(
    viewer: RigidPose | null,
    views: readonly DeviceView[],
    visibility: VisibilityState,
  ): readonly (PageDepth | null)[] | null {
    const config = this.depth;
    const sensing = this.#owner.device.depthSensing;
    if (config === null || !sensing) return null;
    const may = depthMayBeReported({
      granted: this.#owner.granted.has('depth-sensing'),
      visibility,
      active: this.#active,
    });
    if (this.#refused('depth', may)) return null;
    // (A device that reports no viewer pose is asked from its base space's origin, as the page
    // side then places the viewer.)
    const at = viewer ?? identityPose;
    const out: (PageDepth | null)[] = [];
    for (let i = 0; i < views.length; i++) {
      const view = views[i]!;
      const buffer = sensing.depthFor(view, at, i);
      ArrayPrototypePush(out, buffer === null ? null : this.#report(buffer, view, config));
    }
    return out;
  }

  /** spec(depth): "limit the amount of information" and matchDepthView, for one view. */
  #report(buffer: DeviceDepthBuffer, view: DeviceView, config: DepthConfiguration): PageDepth {
    const cached = this.#reported.get(buffer);
    if (cached && cached.view === view) return cached.value;
    const aligned = buffer.projectionMatrix === null && buffer.sensorOffset === null;
    // matchDepthView: the depth as the view sees it (the sensor's buffer reprojected into the view).
    const reproject = config.matchDepthView && !aligned;
    const metres = reproject
      ? reprojectDepth(
          buffer,
          buffer.projectionMatrix ?? view.projectionMatrix,
          buffer.sensorOffset ?? view.viewOffset,
          view.projectionMatrix,
          view.viewOffset,
        )
      : buffer.metres;
    // R-DEPTH-04/05: resolution limited, values quantized.
    const image = reportedDepthImage(
      { width: buffer.width, height: buffer.height, values: metres },
      this.#limits,
    );
    const rawValueToMeters = reportedRawValueToMeters(
      buffer.rawValueToMeters,
      config.dataFormat,
      this.#limits,
    );
    const value: PageDepth = ObjectFreeze({
      width: image.width,
      height: image.height,
      rawValueToMeters,
      data: encodeDepth(image.values, config.dataFormat, rawValueToMeters),
      normDepthBufferFromNormView: buffer.normDepthBufferFromNormView,
      projectionMatrix: reproject ? null : buffer.projectionMatrix,
      sensorOffset: reproject ? null : buffer.sensorOffset,
    });
    this.#reported.set(buffer, { view, value });
    return value;
  }

  /**
   * The camera image of each view of this frame, or null when none may be reported: not granted
   * (R-CAM-01), not visible (R-CAM-03).
   */
  camerasFor(
    viewer: RigidPose | null,
    views: readonly DeviceView[],
    visibility: VisibilityState,
  ): readonly (PageCamera | null)[] | null {
    const owner = this.#owner;
    if (!owner.granted.has('camera-access')) return null;
    const may = cameraImageMayBeReported({
      granted: owner.granted.has('camera-access'),
      visibility,
      indicatorShown: owner.cameraIndicatorShown(),
    });
    if (this.#refused('camera', may)) return null;
    const out: (PageCamera | null)[] = [];
    for (let i = 0; i < views.length; i++) {
      const view = views[i]!;
      let image: DeviceCameraImage | null | undefined = view.cameraImage;
      if (image === undefined) {
        const camera = owner.device.camera;
        image = camera ? camera.imageFor(view, viewer ?? identityPose, i) : null;
      }
      const size = image ? reportedCameraSize(image.width, image.height) : null;
      ArrayPrototypePush(
        out,
        image && size
          ? ObjectFreeze({
              width: size.width,
              height: size.height,
              pixels:
                image.pixels && image.pixels.length >= size.width * size.height * 4 ? image.pixels : null,
            })
          : null,
      );
    }
    return out;
  }

  /** The views without their camera images (those reach the page only through camerasFor, R-CAM-01). */
  pageViews(views: readonly DeviceView[]): readonly DeviceView[] {
    let any = false;
    for (let i = 0; i < views.length; i++) if (views[i]!.cameraImage !== undefined) any = true;
    if (!any) return views;
    let out = this.#stripped.get(views);
    if (out === undefined) {
      out = ObjectFreeze(
        ArrayPrototypeMap(views, (v) => {
          if (v.cameraImage === undefined) return v;
          const { cameraImage: _dropped, ...rest } = v;
          return ObjectFreeze(rest);
        }),
      );
      this.#stripped.set(views, out);
    }
    return out;
  }
}
