// The rules of the WebXR Raw Camera Access Module (immersive-web/raw-camera-access index.bs @ 2c5301d).
// spec(camera): #privacy-security: the only WebXR capability that lets a site observe the user's
// environment directly; the user agent should seek consent before a session with 'camera-access'
// is created. xrgate: explicit consent (the feature row's explicitRequired, R-CAM-01), both the
// 'xr-spatial-tracking' and 'camera' permissions policies (the feature row, R-CAM-02), no camera
// frame while the session is not visible (R-CAM-03), images only for the views of the frame that
// is running (R-CAM-04), a texture the page can use during that frame only (R-CAM-05), and a
// privacy indicator on screen from the session's start to its end, without which no camera image
// is reported (R-CAM-06).
// Pure: no DOM, no globals.

import { MathFloor, MathMax, MathMin, NumberIsFinite } from '../primordials.js';
import { allow, type Decision, deny } from './decision.js';
import type { VisibilityState } from './poses.js';

export interface CameraReportFacts {
  /** 'camera-access' is granted to the session (explicit consent, R-CAM-01). */
  readonly granted: boolean;
  readonly visibility: VisibilityState;
  /** The user agent's camera privacy indicator is on screen for this session (R-CAM-06). */
  readonly indicatorShown: boolean;
}

/**
 * May camera images be sent to the page in this frame? Only with 'camera-access' granted, and only
 * while the session is visible (R-CAM-03): a blurred session may be under Trusted UI or another
 * experience the user is looking at, and the camera then sees what the user does not mean to share.
 */
// spec(camera): #obtain-camera step 2; #privacy-security
export function cameraImageMayBeReported(f: CameraReportFacts): Decision {
  if (!f.granted) {
    return deny('NotSupportedError', {
      action: 'camera access',
      reason: "'camera-access' was not granted to this session",
      requirement: 'R-CAM-01',
    });
  }
  if (!f.indicatorShown) {
    return deny('SecurityError', {
      action: 'camera access',
      reason: 'the user agent has no camera privacy indicator on screen for this session',
      fix: "Run the session where the user agent can show its indicator (the host's privacyIndicator).",
      requirement: 'R-CAM-06',
    });
  }
  if (f.visibility !== 'visible') {
    return deny('SecurityError', {
      action: 'camera access',
      reason: `the session is ${f.visibility}: no camera image is reported until it is visible again`,
      requirement: 'R-CAM-03',
    });
  }
  return allow('camera images may be reported', 'R-CAM-03');
}

/** Facts about reading XRView.camera or calling XRWebGLBinding.getCameraImage(camera). */
export interface CameraRequestFacts {
  readonly action: 'XRView.camera' | 'XRWebGLBinding.getCameraImage()';
  /** getCameraImage: the camera's view belongs to the binding's session. */
  readonly sameSession: boolean;
  /** The view's frame is active (its requestAnimationFrame callbacks are running). */
  readonly frameActive: boolean;
  readonly animationFrame: boolean;
}

/**
 * spec(camera): #obtain-camera steps 3–5 and #obtain-camera-image steps 3–6: a camera image only
 * for a view of the animation frame that is running (R-CAM-04).
 */
export function cameraRequestIsAllowed(f: CameraRequestFacts): Decision {
  if (!f.sameSession) {
    return deny('InvalidStateError', {
      action: f.action,
      reason: "the camera's view belongs to another session",
      fix: "Use an XRWebGLBinding made for the session the view's frame belongs to.",
      requirement: 'R-CAM-04',
    });
  }
  if (!f.frameActive || !f.animationFrame) {
    return deny('InvalidStateError', {
      action: f.action,
      reason:
        "the view's frame is not an active animation frame (camera images exist only during their frame)",
      fix: 'Use the camera from inside the requestAnimationFrame callback whose frame gave the view.',
      requirement: 'R-CAM-04',
    });
  }
  return allow('the camera image of this frame may be used', 'R-CAM-04');
}

/** The largest camera image xrgate hands a page, per side (a 4K frame; larger is refused as data). */
export const MAX_CAMERA_SIDE = 4096;

/** The size a camera image is reported with: whole texels within 1…MAX_CAMERA_SIDE, or null (no image). */
export function reportedCameraSize(
  width: number,
  height: number,
): { readonly width: number; readonly height: number } | null {
  if (!NumberIsFinite(width) || !NumberIsFinite(height) || width < 1 || height < 1) return null;
  return {
    width: MathMax(1, MathMin(MAX_CAMERA_SIDE, MathFloor(width))),
    height: MathMax(1, MathMin(MAX_CAMERA_SIDE, MathFloor(height))),
  };
}

/**
 * spec(camera): #privacy-indicators: "The user agent MUST display a privacy indicator every time an
 * XRSession with camera-access has been created and has not yet ended" (R-CAM-06). Should the user
 * agent show the camera indicator for a session now? From its creation with 'camera-access' granted
 * until it has ended, whatever happens to the grant meanwhile ("at least as long as" it is granted).
 */
export function cameraIndicatorRequired(f: {
  readonly grantedAtStart: boolean;
  readonly ended: boolean;
}): Decision {
  if (!f.grantedAtStart) {
    return deny('NotSupportedError', {
      action: 'camera privacy indicator',
      reason: "the session was not granted 'camera-access'",
      requirement: 'R-CAM-06',
    });
  }
  if (f.ended) {
    return deny('InvalidStateError', {
      action: 'camera privacy indicator',
      reason: 'the session has ended: the camera is no longer in use by it',
      requirement: 'R-CAM-06',
    });
  }
  return allow('the camera is in use by this session: the indicator is shown until it ends', 'R-CAM-06');
}
