// The consent prompt names every feature in plain words (issue 13, item 3): each descriptor of the
// feature table, core and modules, has a label of its own (not the fallback `Use "<name>"`), and
// the labels of the features that reveal the environment say what they reveal.

import { describe, expect, it } from 'vitest';
import { featureLabel } from '../../src/browser/feature-labels.js';
import { featureDescriptors } from '../../src/policy/features.js';

describe('featureLabel', () => {
  it('has a plain-words label for every descriptor of the feature table', () => {
    for (const name of featureDescriptors) {
      const label = featureLabel(name);
      expect(label, name).not.toMatch(/^Use "/);
      expect(label.length, name).toBeGreaterThan(10);
    }
  });

  it('says what the environment features reveal', () => {
    expect(featureLabel('camera-access')).toContain('what your camera sees');
    expect(featureLabel('mesh-detection')).toContain('your room');
    expect(featureLabel('plane-detection')).toMatch(/floors, walls and tables/);
    expect(featureLabel('depth-sensing')).toMatch(/distance/);
    expect(featureLabel('hit-test')).toContain('the shape of your room');
  });

  it('falls back to the descriptor for names it does not know', () => {
    expect(featureLabel('x-unknown')).toBe('Use "x-unknown"');
  });
});
