// Simulated rooms (src/device/environment.ts): the built-in rooms, loading one from JSON with
// errors that name the field, and the geometry queries the sensing modules make (castRay,
// depthAlong, hitPose) — pure functions over plain data.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  builtInEnvironment,
  builtInEnvironmentList,
  castRay,
  defineEnvironment,
  depthAlong,
  environmentForDevice,
  hitPose,
  loadEnvironment,
  rotate,
} from '../../src/device/environment.js';
import { createPhoneAR, SimulatedXRDevice, stereoViews } from '../../src/device/simulated.js';

const living = builtInEnvironment('living-room')!;

describe('built-in rooms', () => {
  it('three rooms, named, each with a floor, walls and a ceiling; furnished ones with labelled furniture', () => {
    expect(builtInEnvironmentList.map((e) => e.name)).toEqual(['empty-room', 'living-room', 'office']);
    for (const { name } of builtInEnvironmentList) {
      const env = builtInEnvironment(name)!;
      const labels = env.planes.map((p) => p.label);
      expect(labels).toContain('floor');
      expect(labels).toContain('ceiling');
      expect(labels.filter((l) => l === 'wall')).toHaveLength(4);
    }
    expect(living.planes.map((p) => p.label)).toEqual(expect.arrayContaining(['table', 'window', 'door']));
    expect(living.meshes.map((m) => m.label)).toEqual(expect.arrayContaining(['couch', 'table']));
    expect(builtInEnvironment('office')!.planes.map((p) => p.label)).toContain('desk');
    expect(builtInEnvironment('nope')).toBeUndefined();
  });

  it('a simulated AR device is in the living room by default, under its floor; a VR headset in none', () => {
    const phone = createPhoneAR();
    expect(phone.environment?.name).toBe('living-room');
    const floor = phone.environment!.planes.find((p) => p.label === 'floor')!;
    expect(floor.pose.position.y).toBeCloseTo(-1.6, 9);
    const vr = new SimulatedXRDevice({
      supportedModes: ['inline', 'immersive-vr'],
      views: stereoViews(0.063),
    });
    expect(vr.environment).toBeNull();
    phone.setEnvironment('office');
    expect(phone.environment?.name).toBe('office');
    expect(() => phone.setEnvironment('castle')).toThrow(TypeError);
  });
});

describe('castRay and depthAlong', () => {
  it('the nearest surface along the ray, with its label, type and a normal facing the ray', () => {
    const room = environmentForDevice(living, -1.6);
    const hit = castRay(room, { x: 0, y: 0, z: 0 }, { x: 0, y: -0.85, z: -1.5 })!;
    expect(hit.label).toBe('table');
    expect(hit.entityType).toBe('plane');
    expect(hit.point.y).toBeCloseTo(-0.85, 9);
    expect(hit.normal).toEqual({ x: 0, y: 1, z: 0 });
    const down = castRay(room, { x: 0, y: 0, z: 0 }, { x: 0, y: -1, z: 0 })!;
    expect(down.label).toBe('floor');
    expect(depthAlong(room, { x: 0, y: 0, z: 0 }, { x: 0, y: -2, z: 0 })).toBeCloseTo(1.6, 9);
    // A furniture mesh: the sofa, seen from the side.
    const sofa = castRay(room, { x: 1.6, y: -1.2, z: 0.8 }, { x: 0, y: 0, z: 1 })!;
    expect(sofa.label).toBe('couch');
    expect(sofa.entityType).toBe('mesh');
    expect(sofa.normal.z).toBeCloseTo(-1, 9);
  });

  it('nothing for a zero or non-finite ray, or beyond maxDistance', () => {
    expect(castRay(living, { x: 0, y: 1, z: 0 }, { x: 0, y: 0, z: 0 })).toBeNull();
    expect(castRay(living, { x: Number.NaN, y: 1, z: 0 }, { x: 0, y: 0, z: -1 })).toBeNull();
    expect(depthAlong(living, { x: 0, y: 1, z: 0 }, { x: 0, y: 0, z: -1 }, 1)).toBeNull();
  });

  it('(property) inside the empty room every ray meets a surface, at a point on the ray', () => {
    const empty = builtInEnvironment('empty-room')!;
    const d = fc.double({ min: -1, max: 1, noNaN: true });
    fc.assert(
      fc.property(d, d, d, (x, y, z) => {
        fc.pre(Math.hypot(x, y, z) > 1e-3);
        const origin = { x: 0.3, y: 1.2, z: -0.4 };
        const hit = castRay(empty, origin, { x, y, z });
        expect(hit).not.toBeNull();
        const l = Math.hypot(x, y, z);
        expect(hit!.point.x).toBeCloseTo(origin.x + (x / l) * hit!.distance, 6);
        expect(hit!.point.y).toBeCloseTo(origin.y + (y / l) * hit!.distance, 6);
        expect(Math.abs(hit!.point.x)).toBeLessThanOrEqual(2 + 1e-6);
        expect(hit!.point.y).toBeGreaterThanOrEqual(-1e-6);
        expect(hit!.point.y).toBeLessThanOrEqual(2.6 + 1e-6);
      }),
    );
  });
});

describe('hitPose', () => {
  const wall = defineEnvironment({
    name: 'wall',
    meshes: [
      {
        id: 'w',
        label: 'wall',
        vertices: [-2.5, 0, -2.5, 2.5, 0, -2.5, 2.5, 2, -2.5, -2.5, 2, -2.5],
        indices: [0, 1, 2, 0, 2, 3],
        hitType: 'plane',
      },
    ],
  });

  it('Y is the normal towards the ray, Z the ray reversed on the surface (world up when head-on)', () => {
    const dir = { x: 0, y: 0, z: -1 };
    const pose = hitPose(dir, castRay(wall, { x: 0, y: 1, z: 0 }, dir)!);
    const y = rotate(pose.orientation, { x: 0, y: 1, z: 0 });
    const z = rotate(pose.orientation, { x: 0, y: 0, z: 1 });
    expect(y.z).toBeCloseTo(1, 9);
    expect(z.y).toBeCloseTo(1, 9);
    const slanted = { x: -0.5, y: 0, z: -Math.sqrt(3) / 2 };
    const p2 = hitPose(slanted, castRay(wall, { x: 0, y: 1, z: 0 }, slanted)!);
    expect(p2.position.x).toBeCloseTo(-2.5 * Math.tan(Math.PI / 6), 9);
    const z2 = rotate(p2.orientation, { x: 0, y: 0, z: 1 });
    expect(z2.x).toBeCloseTo(1, 9);
  });
});

describe('loadEnvironment (docs/environments.md)', () => {
  const valid = {
    name: 'studio',
    planes: [
      {
        id: 'floor',
        label: 'floor',
        orientation: 'horizontal',
        pose: { position: { x: 0, y: 0, z: 0 } },
        polygon: [
          { x: -1, z: -1 },
          { x: 1, z: -1 },
          { x: 1, z: 1 },
        ],
      },
    ],
    meshes: [{ id: 'box', label: 'other', vertices: [0, 0, 0, 1, 0, 0, 0, 1, 0], indices: [0, 1, 2] }],
  };

  it('a valid description, from text or a value, frozen', () => {
    const env = loadEnvironment(JSON.stringify(valid));
    expect(env.planes).toHaveLength(1);
    expect(env.meshes).toHaveLength(1);
    expect(Object.isFrozen(env.planes[0]!.polygon)).toBe(true);
    expect(loadEnvironment(valid).label).toBe('studio');
  });

  it.each([
    [
      { ...valid, planes: [{ ...valid.planes[0], polygon: [{ x: 0, z: 0 }] }] },
      'environment.planes[0].polygon',
    ],
    [{ ...valid, planes: [{ ...valid.planes[0], label: 'dungeon' }] }, 'environment.planes[0].label'],
    [
      { ...valid, planes: [{ ...valid.planes[0], orientation: 'diagonal' }] },
      'environment.planes[0].orientation',
    ],
    [{ ...valid, meshes: [{ ...valid.meshes[0], indices: [0, 1, 7] }] }, 'environment.meshes[0].indices[2]'],
    [{ ...valid, meshes: [{ ...valid.meshes[0], vertices: [0, 0] }] }, 'environment.meshes[0].vertices'],
    [{ ...valid, meshes: [{ ...valid.meshes[0], id: 'floor' }] }, 'environment.meshes[0].id'],
    [{ ...valid, colour: 'red' }, 'environment.colour'],
    [{ ...valid, name: '' }, 'environment.name'],
  ])('an error names the field: %#', (value, field) => {
    expect(() => loadEnvironment(value)).toThrow(TypeError);
    expect(() => loadEnvironment(value)).toThrow(field);
  });

  it('text that is not JSON', () => {
    expect(() => loadEnvironment('{nope')).toThrow(/environment: not JSON/);
  });
});
