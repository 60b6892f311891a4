// xrgate/policy: the pure decision engine and the UA profiles, for shell and browser builders.
// Every function takes the facts it needs as arguments; nothing here reads a page or a clock.

export * from './activation.js';
export * from './adjustments.js';
export * from './anchors.js';
export * from './consent.js';
export * from './decision.js';
export * from './dom-overlay.js';
export * from './envelope.js';
export * from './features.js';
export * from './hand-input.js';
export * from './input.js';
export * from './light-estimation.js';
export * from './navigation.js';
export * from './navigation-record.js';
export * from './origin.js';
export * from './permissions-policy.js';
export * from './pose-mitigations.js';
export * from './poses.js';
export * from './profile.js';
export * from './reference-spaces.js';
export * from './resolve-features.js';
export * from './revocation.js';
export * from './session-request.js';
export * from './visibility.js';
