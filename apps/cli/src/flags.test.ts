import { describe, expect, it } from 'vitest';
import { flagsToInput } from './flags.js';

describe('flagsToInput', () => {
  it('builds lists, nested fields, numbers and JSON input', () => {
    expect(
      flagsToInput(
        [
          '--family',
          'Wolf',
          '--given',
          'A',
          '--given',
          'B',
          '--given=C',
          '--address.city',
          'KC',
          '--maxPages',
          '3',
        ],
        new Set(['maxPages']),
      ),
    ).toEqual({
      family: 'Wolf',
      given: ['A', 'B', 'C'],
      address: { city: 'KC' },
      maxPages: 3,
    });
    expect(flagsToInput(['--input', '{"mrn":"292392"}', '--system', 'urn:x'])).toEqual({
      mrn: '292392',
      system: 'urn:x',
    });
    expect(flagsToInput(['--mrn', '007'])).toEqual({ mrn: '007' });
  });
  it('refuses stray arguments and missing values', () => {
    expect(() => flagsToInput(['mrn'])).toThrow(/unexpected argument/);
    expect(() => flagsToInput(['--mrn'])).toThrow(/needs a value/);
  });
});
