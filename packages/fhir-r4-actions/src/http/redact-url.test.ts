import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it('removes the query and the fragment', () => {
    expect(redactUrl('https://x/r4/t/Patient?identifier=urn%3Aoid%3A1%7C700123')).toBe(
      'https://x/r4/t/Patient?…',
    );
    expect(redactUrl('https://x/r4/t/Patient/1#frag')).toBe('https://x/r4/t/Patient/1');
    expect(redactUrl('https://x/r4/t/Patient/1')).toBe('https://x/r4/t/Patient/1');
  });
});
