// What each feature asks of the user, in plain words, for the consent prompts (the script bundle's
// and the extension's). What it reveals comes with the question (policy: describeFeaturesForPrompt).

export function featureLabel(name: string): string {
  switch (name) {
    case 'local':
      return 'Track the movements of your head';
    case 'local-floor':
      return 'Know where the floor is';
    case 'bounded-floor':
      return 'Know the shape of your play area';
    case 'unbounded':
      return 'Track you as you walk around';
    case 'hand-tracking':
      return 'Track the shape and movements of your hands';
    case 'light-estimation':
      return 'Estimate the lighting around you';
    case 'hit-test':
      return 'Find where the rays it casts meet the surfaces around you';
    case 'plane-detection':
      return 'See the floors, walls and tables around you';
    case 'mesh-detection':
      return 'See a 3D model of your room and the things in it';
    case 'secondary-views':
      return 'Show extra views of your surroundings';
    case 'microphone':
      return 'Use your microphone';
    case 'camera':
      return 'Use your camera';
    case 'geolocation':
      return 'Know your location';
    case 'notifications':
      return 'Show notifications';
    case 'xr-session-supported':
      return 'Learn whether you have VR or AR hardware';
    default:
      return `Use "${name}"`;
  }
}
