import { afterEach, describe, expect, it } from 'vitest';
import { startMockCerner } from './start-mock-cerner.js';

const real = Object.getOwnPropertyDescriptor(process.versions, 'node')!;
afterEach(() => {
  Object.defineProperty(process.versions, 'node', real);
});

describe('startMockCerner on an unsupported Node', () => {
  it('refuses to start, naming both versions, before listening on anything', async () => {
    Object.defineProperty(process.versions, 'node', { ...real, value: '20.20.2' });
    const handles = process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
    await expect(startMockCerner({ port: 0 })).rejects.toThrow(
      '@cerner-kit/mock-cerner needs Node.js >= 22.18.0 (this is 20.20.2)',
    );
    expect(process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap')).toHaveLength(
      handles,
    );
  });
});
