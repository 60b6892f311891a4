// The shapes of a simulated room (an "environment"): what the device's sensing sees. Plain,
// frozen data, in the device's base space (metres; y up). No imports: src/device/types.ts and
// src/device/environment.ts both name these.

/** A rigid pose: position, then orientation (unit quaternion). */
export interface WorldPose {
  readonly position: { readonly x: number; readonly y: number; readonly z: number };
  readonly orientation: { readonly x: number; readonly y: number; readonly z: number; readonly w: number };
}

/**
 * What a hit on a surface counts as for the Hit Test Module (spec(hit-test) XRHitTestTrackableType):
 * a detected plane, a piece of the room's mesh, or a feature point.
 */
export type WorldEntityType = 'point' | 'plane' | 'mesh';

/**
 * A flat surface of the room. `pose` is its centre, its Y axis the surface normal (the side the
 * room is on); `polygon` is a loop of points in the plane's own x/z coordinates (y = 0).
 */
export interface EnvironmentPlane {
  /** Unique within the environment (the device's native plane identity). */
  readonly id: string;
  /** A semantic label (immersive-web/semantic-labels), e.g. 'floor', 'wall', 'table'. */
  readonly label: string;
  readonly orientation: 'horizontal' | 'vertical';
  readonly pose: WorldPose;
  readonly polygon: readonly { readonly x: number; readonly z: number }[];
  /** Rays meet this plane (default true); false: detected only (the Test API's planeInfo). */
  readonly hitTestable?: boolean;
}

/**
 * A triangle mesh of the room (furniture, a whole-room scan). `vertices` are x, y, z triples in the
 * mesh's own space (placed by `pose`); `indices` take three at a time, one triangle each.
 */
export interface EnvironmentMesh {
  readonly id: string;
  readonly label: string;
  readonly pose: WorldPose;
  readonly vertices: readonly number[];
  readonly indices: readonly number[];
  /**
   * What a hit on this mesh counts as (default 'mesh'); the Test API's hit-test regions
   * (FakeXRRegionType) make 'plane' and 'point' meshes. Only 'mesh' meshes are detected meshes.
   */
  readonly hitType?: WorldEntityType;
}

/** A simulated room: its planes and meshes, in the device's base space. */
export interface Environment {
  readonly name: string;
  readonly label: string;
  readonly planes: readonly EnvironmentPlane[];
  readonly meshes: readonly EnvironmentMesh[];
}
