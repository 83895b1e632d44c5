import { describe, expect, it } from 'vitest';
import { MIN_NODE_VERSION, unsupportedNodeVersion } from './node-version.js';

describe('unsupportedNodeVersion', () => {
  it('refuses older versions, naming both', () => {
    expect(unsupportedNodeVersion('20.20.2')).toMatch(/>= 22\.18\.0 \(this is 20\.20\.2\)/);
    expect(unsupportedNodeVersion('v22.17.9')).toMatch(/this is 22\.17\.9/);
    expect(unsupportedNodeVersion('22.9.0')).toBeDefined(); // numeric, not string, comparison
  });
  it('accepts the minimum and anything newer', () => {
    expect(unsupportedNodeVersion(MIN_NODE_VERSION)).toBeUndefined();
    expect(unsupportedNodeVersion('22.23.3')).toBeUndefined();
    expect(unsupportedNodeVersion('24.0.0')).toBeUndefined();
    expect(unsupportedNodeVersion('22.100.0')).toBeUndefined();
  });
  it('this test run is on a supported Node', () => {
    expect(unsupportedNodeVersion()).toBeUndefined();
  });
});
