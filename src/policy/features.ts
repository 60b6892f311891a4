// The feature-descriptor table: the core spec's descriptors and the modules'.
// spec: #feature-dependencies (index.bs L533–606), R-FEAT-01..20, AMB-14, AMB-26.
// Module rows follow each module's privacy section; a module descriptor is a *valid* feature
// descriptor only once xrgate implements that module (R-FEAT-20): until then it is an unknown
// string (ignored when optional, NotSupportedError when required).

import {
  ArrayPrototypeIncludes,
  ArrayPrototypeSlice,
  ObjectFreeze,
  SafeMap,
  SetPrototypeHas,
} from '../primordials.js';

export type XRSessionMode = 'inline' | 'immersive-vr' | 'immersive-ar';
export const sessionModes: readonly XRSessionMode[] = ObjectFreeze([
  'inline',
  'immersive-vr',
  'immersive-ar',
]);

export function isSessionMode(v: unknown): v is XRSessionMode {
  return v === 'inline' || v === 'immersive-vr' || v === 'immersive-ar';
}

export function isImmersive(mode: XRSessionMode): boolean {
  return mode === 'immersive-vr' || mode === 'immersive-ar';
}

export type ReferenceSpaceType = 'viewer' | 'local' | 'local-floor' | 'bounded-floor' | 'unbounded';
export const referenceSpaceTypes: readonly ReferenceSpaceType[] = ObjectFreeze([
  'viewer',
  'local',
  'local-floor',
  'bounded-floor',
  'unbounded',
]);

/** Which permissions-policy features a descriptor needs (R-POLICY-06; module specs). */
export type PolicyName = 'xr-spatial-tracking' | 'camera' | 'microphone';

/** When a feature needs consent (explicit or implicit) before it is enabled. */
export type ConsentRule = 'never' | 'inline-only' | 'always';

/** Which modes may ever enable the feature. */
export type ModeRule = 'any' | 'immersive' | 'immersive-ar';

/** A row of the feature table; `N` is the descriptor, kept as its literal type. */
interface FeatureRow<N extends string> {
  readonly name: N;
  /** 'core' for the WebXR Device API, otherwise the module's short name. */
  readonly module: string;
  readonly modes: ModeRule;
  readonly policies: readonly PolicyName[];
  readonly consent: ConsentRule;
  /** What the feature reveals about the user, in plain words (for prompts and messages). */
  readonly reveals: string;
  /** The seeds strongly recommend explicit consent with an explanation (R-FEAT-18, R-SPACE-24). */
  readonly explicitRecommended: boolean;
  /** The feature's spec requires explicit consent: an implicit answer does not grant it. */
  readonly explicitRequired?: boolean;
  readonly source: string;
}

function row<N extends string>(r: FeatureRow<N>): FeatureRow<N> {
  return ObjectFreeze({ ...r, policies: ObjectFreeze(ArrayPrototypeSlice(r.policies)) });
}

const spatial: readonly PolicyName[] = ['xr-spatial-tracking'];

const table = ObjectFreeze([
  // Core (index.bs #feature-dependencies).
  row({
    name: 'viewer',
    module: 'core',
    modes: 'any',
    policies: [],
    consent: 'never',
    reveals: 'nothing beyond the view the page already draws',
    explicitRecommended: false,
    source: 'R-FEAT-04, R-SPACE-10',
  }),
  row({
    name: 'local',
    module: 'core',
    modes: 'any',
    policies: spatial,
    consent: 'inline-only',
    reveals: 'the movements of your head',
    explicitRecommended: false,
    source: 'R-FEAT-04, R-POLICY-06, §6.4',
  }),
  row({
    name: 'local-floor',
    module: 'core',
    modes: 'any',
    policies: spatial,
    consent: 'always',
    reveals: 'your height',
    explicitRecommended: true,
    source: 'R-POLICY-06, R-FEAT-18, R-SPACE-12',
  }),
  row({
    name: 'bounded-floor',
    module: 'core',
    modes: 'immersive',
    policies: spatial,
    consent: 'always',
    reveals: "your height and your room's shape",
    explicitRecommended: true,
    source: 'R-POLICY-06, R-FEAT-18, R-SPACE-01',
  }),
  row({
    name: 'unbounded',
    module: 'core',
    modes: 'immersive',
    policies: spatial,
    consent: 'always',
    reveals: 'where you walk, which can reveal where you are',
    explicitRecommended: true,
    source: 'R-POLICY-06, R-SPACE-24',
  }),
  row({
    // AMB-14: no entry in the spec's table; gated conservatively.
    name: 'tracked-sources',
    module: 'core',
    modes: 'any',
    policies: spatial,
    consent: 'always',
    reveals: 'the movements of tracked objects other than your controllers',
    explicitRecommended: false,
    source: 'R-FEAT-12, AMB-14',
  }),
  row({
    name: 'secondary-views',
    module: 'core',
    modes: 'immersive',
    policies: [],
    consent: 'never',
    reveals: 'nothing about you (extra views for other displays)',
    explicitRecommended: false,
    source: 'R-FEAT-13, AMB-14',
  }),
  // Modules (immersive-web/<module> specs; consent as their privacy sections ask).
  row({
    name: 'hit-test',
    module: 'hit-test',
    modes: 'immersive',
    policies: spatial,
    consent: 'always',
    reveals: 'the shape of your surroundings',
    explicitRecommended: false,
    source: 'WebXR Hit Test Module',
  }),
  row({
    name: 'anchors',
    module: 'anchors',
    modes: 'immersive',
    policies: spatial,
    consent: 'always',
    reveals: 'fixed places in your surroundings',
    explicitRecommended: false,
    source: 'WebXR Anchors Module',
  }),
  row({
    name: 'dom-overlay',
    module: 'dom-overlays',
    modes: 'immersive-ar',
    policies: [],
    consent: 'never',
    reveals: 'nothing beyond the page itself',
    explicitRecommended: false,
    source: 'WebXR DOM Overlays Module',
  }),
  row({
    name: 'depth-sensing',
    module: 'depth-sensing',
    modes: 'immersive-ar',
    policies: spatial,
    consent: 'always',
    reveals: 'the distance to everything around you',
    explicitRecommended: true,
    // spec(depth) #privacy-security: consent before depth is enabled; xrgate asks explicitly (R-DEPTH-02).
    explicitRequired: true,
    source: 'WebXR Depth Sensing Module',
  }),
  row({
    name: 'light-estimation',
    module: 'lighting-estimation',
    modes: 'immersive-ar',
    policies: spatial,
    consent: 'always',
    reveals: 'the lighting of your room',
    explicitRecommended: false,
    source: 'WebXR Lighting Estimation Module',
  }),
  row({
    name: 'layers',
    module: 'layers',
    // spec(layers): "inline sessions MUST NOT support layers" (R-LAYER-08).
    modes: 'immersive',
    policies: [],
    consent: 'never',
    reveals: 'nothing about you (a rendering feature)',
    explicitRecommended: false,
    source: 'WebXR Layers Module',
  }),
  row({
    name: 'hand-tracking',
    module: 'hand-input',
    modes: 'immersive',
    policies: spatial,
    consent: 'always',
    reveals: 'the shape and movements of your hands',
    explicitRecommended: true,
    // spec(hand-input) #privacy-security: "the User Agent MUST ask for explicit consent".
    explicitRequired: true,
    source: 'WebXR Hand Input Module',
  }),
  row({
    name: 'camera-access',
    module: 'raw-camera-access',
    modes: 'immersive-ar',
    policies: ['xr-spatial-tracking', 'camera'],
    consent: 'always',
    reveals: "images from your device's camera",
    explicitRecommended: true,
    // spec(camera) #privacy-security: the most sensitive WebXR capability; explicit consent (R-CAM-01).
    explicitRequired: true,
    source: 'WebXR Raw Camera Access Module',
  }),
  row({
    name: 'plane-detection',
    module: 'plane-detection',
    modes: 'immersive',
    policies: spatial,
    consent: 'always',
    reveals: 'the floors, walls and tables around you',
    explicitRecommended: true,
    source: 'WebXR Plane Detection Module',
  }),
  row({
    name: 'mesh-detection',
    module: 'mesh-detection',
    modes: 'immersive',
    policies: spatial,
    consent: 'always',
    reveals: 'a 3D model of your surroundings',
    explicitRecommended: true,
    // spec(real-world-meshing) #security: "A UA MUST ask permission from the user" (R-MESH-07).
    explicitRequired: true,
    source: 'WebXR Mesh Detection Module',
  }),
  row({
    name: 'body-tracking',
    module: 'body-tracking',
    modes: 'immersive',
    policies: spatial,
    consent: 'always',
    reveals: 'the position and movements of your body',
    explicitRecommended: true,
    source: 'WebXR Body Tracking Module',
  }),
  row({
    name: 'image-tracking',
    module: 'image-tracking',
    modes: 'immersive-ar',
    policies: spatial,
    consent: 'always',
    reveals: 'images and their place around you',
    explicitRecommended: false,
    source: 'WebXR Image Tracking (incubation)',
  }),
]);

/**
 * A feature descriptor of the table above (core or module): a *known* feature. What a page passes
 * is a `string` until `isFeatureDescriptor` (or `isValidFeatureDescriptor`) has checked it.
 */
export type FeatureDescriptor = (typeof table)[number]['name'];

/** A row of the feature table. */
export type FeatureInfo = FeatureRow<FeatureDescriptor>;

/** Every descriptor of the table, in its order. */
export const featureDescriptors: readonly FeatureDescriptor[] = ObjectFreeze(table.map((r) => r.name));

const byName: SafeMap<string, FeatureInfo> = new SafeMap(table.map((r) => [r.name, r] as const));

/** Every row of the table (core and modules). */
export function featureTable(): readonly FeatureInfo[] {
  return table;
}

/** The row for a descriptor, or undefined. Exact, case-sensitive match (R-FEAT-19). */
export function featureInfo(name: string): FeatureInfo | undefined {
  return typeof name === 'string' ? byName.get(name) : undefined;
}

/**
 * Is `v` a descriptor of the feature table (core or module, implemented or not)? Exact,
 * case-sensitive match (R-FEAT-19). The guard for strings from a page, a host or storage.
 */
export function isFeatureDescriptor(v: unknown): v is FeatureDescriptor {
  return typeof v === 'string' && byName.has(v);
}

/**
 * Is `name` a valid feature descriptor for this UA? Core descriptors always; module descriptors
 * only when the module is implemented (R-FEAT-20).
 */
export function isValidFeatureDescriptor(
  name: string,
  implementedModules: ReadonlySet<string>,
): name is FeatureDescriptor {
  const info = featureInfo(name);
  if (!info) return false;
  return info.module === 'core' || SetPrototypeHas(implementedModules, info.module);
}

// spec: #default-features — viewer for every mode, local for immersive modes (R-FEAT-04, AMB-26).
export function defaultFeatures(mode: XRSessionMode): readonly FeatureDescriptor[] {
  return isImmersive(mode) ? ['viewer', 'local'] : ['viewer'];
}

export function modeAllows(info: FeatureInfo, mode: XRSessionMode): boolean {
  if (info.modes === 'any') return true;
  if (info.modes === 'immersive') return isImmersive(mode);
  return mode === 'immersive-ar';
}

/** Does the feature need consent in this mode (the spec's table, plus the profile's extra list; AMB-07)? */
export function needsConsent(
  name: FeatureDescriptor,
  mode: XRSessionMode,
  extraExplicit: readonly FeatureDescriptor[] = [],
): boolean {
  if (ArrayPrototypeIncludes(extraExplicit, name)) return true;
  const info = featureInfo(name);
  if (!info) return false;
  if (info.consent === 'always') return true;
  if (info.consent === 'inline-only') return mode === 'inline';
  return false;
}
