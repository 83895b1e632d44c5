import { expect, test } from 'vitest';
import { VERSION } from '@cerner-kit/smart-auth';
test('resolves workspace source', () => {
  expect(VERSION).toBe('x');
  expect(process.version.startsWith('v22')).toBe(true);
});
