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
  it('refuses prototype keys and empty segments, and --input that is not a JSON object', () => {
    for (const name of ['__proto__.patientId', 'constructor.prototype.x', 'address..city', '.x']) {
      expect(() => flagsToInput([`--${name}`, '1']), name).toThrow(/not a field name/);
    }
    expect(({} as Record<string, unknown>).patientId).toBeUndefined();
    for (const raw of ['5', 'null', '[1]', '"x"']) {
      expect(() => flagsToInput(['--input', raw]), raw).toThrow(/JSON object/);
    }
  });
  it('says which flag is wrong, without repeating the values', () => {
    const bad = (args: string[]): string => {
      try {
        flagsToInput(args);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('expected a throw');
    };
    // JSON.parse's own message quotes the input ("123-45-6789" …) for some errors.
    expect(bad(['--input', 'Wolf'])).toBe('--input is not valid JSON');
    expect(bad(['--input', '123-45-6789 Wolf'])).toBe('--input is not valid JSON (at character 3)');
    expect(bad(['--input', '{"ssn":"123-45-6789",}'])).toMatch(/^--input is not valid JSON/);
    expect(bad(['--input', '{"ssn":"123-45-6789",}'])).not.toMatch(/123-45/);
    expect(bad(['--address', 'Kansas City', '--address.city', 'KC'])).toBe(
      '--address.city: --address already has a value',
    );
    expect(bad(['--address.city', 'KC', '--address.city.x', 'y'])).toBe(
      '--address.city.x: --address.city already has a value',
    );
  });
});
