// What each feature asks of the user, in plain words, for the consent prompts (the script bundle's
// and the extension's). What it reveals comes with the question (policy: describeFeaturesForPrompt).

/**
 * Who asks, as the prompts name it: the origin, or for an opaque one ("null": a sandboxed
 * document, a data: URL, a local file) words that say so.
 */
export function requesterLabel(origin: string): string {
  return origin === 'null' ? 'A page with no origin of its own (sandboxed, or a local file)' : origin;
}

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
    case 'viewer':
      return 'Show a view that follows your head';
    case 'tracked-sources':
      return 'Track objects other than your controllers';
    case 'body-tracking':
      return 'Track the position and movements of your body';
    case 'image-tracking':
      return 'Find pictures around you and where they are';
    case 'hit-test':
      return 'Find surfaces where you point (the shape of your room, along each ray)';
    case 'anchors':
      return 'Remember places in your room';
    case 'plane-detection':
      return 'See the floors, walls and tables around you';
    case 'mesh-detection':
      return 'See a 3D model of your room';
    case 'depth-sensing':
      return 'Measure the distance to everything around you';
    case 'camera-access':
      return 'See what your camera sees';
    case 'dom-overlay':
      return 'Show parts of this page over the scene';
    case 'layers':
      return 'Draw extra layers (nothing about you)';
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
