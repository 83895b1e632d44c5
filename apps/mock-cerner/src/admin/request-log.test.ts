import { describe, expect, it } from 'vitest';
import {
  createRequestLog,
  isMllpEntry,
  redactedUrl,
  type MllpLogEntry,
  type RequestLogEntry,
} from './request-log.js';

const entry = (n: number): RequestLogEntry => ({
  at: new Date(n).toISOString(),
  method: 'GET',
  path: `/r/${n}`,
  status: 200,
  durationMs: 1,
  headers: {},
});

describe('createRequestLog', () => {
  it('keeps the newest entries, oldest first, once past the limit', () => {
    const log = createRequestLog(3);
    for (let n = 1; n <= 2; n++) log.add(entry(n));
    expect(log.list().map((e) => e.path)).toEqual(['/r/1', '/r/2']);
    for (let n = 3; n <= 7; n++) log.add(entry(n));
    expect(log.list().map((e) => e.path)).toEqual(['/r/5', '/r/6', '/r/7']);
  });

  it('refuses a limit that is not a positive integer', () => {
    for (const limit of [0, -1, 1.5, Number.NaN]) {
      expect(() => createRequestLog(limit)).toThrow(RangeError);
    }
  });

  it('returns a copy and forgets everything on clear', () => {
    const log = createRequestLog(2);
    log.add(entry(1));
    log.list().push(entry(9));
    expect(log.list()).toHaveLength(1);
    log.clear();
    expect(log.list()).toEqual([]);
    log.add(entry(2));
    log.add(entry(3));
    log.add(entry(4));
    expect(log.list().map((e) => e.path)).toEqual(['/r/3', '/r/4']);
  });
});

const mllp = (n: number): MllpLogEntry => ({
  at: new Date(n).toISOString(),
  protocol: 'mllp',
  messageType: 'ORU^R01',
  controlId: `C${n}`,
  ack: 'AA',
  durationMs: 1,
  bytes: 10,
});

describe('MLLP entries', () => {
  it('share the ring with HTTP entries; list() stays HTTP-only, entries() has both in order', () => {
    const log = createRequestLog(3);
    log.add(entry(1));
    log.addMllp(mllp(2));
    log.add(entry(3));
    log.addMllp(mllp(4));
    expect(log.entries().map((e) => (isMllpEntry(e) ? e.controlId : e.path))).toEqual([
      'C2',
      '/r/3',
      'C4',
    ]);
    expect(log.list().map((e) => e.path)).toEqual(['/r/3']);
    log.clear();
    expect(log.entries()).toEqual([]);
  });
});

describe('redactedUrl', () => {
  it('replaces credential query values, case-insensitively, and keeps everything else as sent', () => {
    expect(redactedUrl('/r4/t/Patient?identifier=urn%3Aoid%3A1%7C2&_count=5')).toBe(
      '/r4/t/Patient?identifier=urn%3Aoid%3A1%7C2&_count=5',
    );
    expect(redactedUrl('/x?ACCESS_TOKEN=a&token&client%5Fsecret=b&refresh_token=c&q=1')).toBe(
      '/x?ACCESS_TOKEN=[redacted]&token=[redacted]&client%5Fsecret=[redacted]&refresh_token=[redacted]&q=1',
    );
    expect(redactedUrl('/x?%E0%A4%A=1')).toBe('/x?%E0%A4%A=1');
    expect(redactedUrl('/x')).toBe('/x');
  });
});
