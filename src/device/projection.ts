// Projection matrices (column-major) from a field of view given as tangents of its half-angles.

export interface FovTangents {
  readonly up: number;
  readonly down: number;
  readonly left: number;
  readonly right: number;
}

export function projectionFromFov(fov: FovTangents, near: number, far: number): number[] {
  const x = 2 / (fov.left + fov.right);
  const y = 2 / (fov.up + fov.down);
  const a = (fov.right - fov.left) / (fov.left + fov.right);
  const b = (fov.up - fov.down) / (fov.up + fov.down);
  const c = (near + far) / (near - far);
  const e = (2 * near * far) / (near - far);
  return [x, 0, 0, 0, 0, y, 0, 0, a, b, c, -1, 0, 0, e, 0];
}
