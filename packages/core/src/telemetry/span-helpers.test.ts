import { describe, expect, it } from 'vitest';
import {
  addSafeEvent,
  failSpan,
  setSafeAttributes,
  statusClass,
  type SpanLike,
} from './span-helpers.js';

/** A span that records what it is told, the way an SDK span does. */
function fakeSpan(recording: boolean): SpanLike & { calls: [string, ...unknown[]][] } {
  const calls: [string, ...unknown[]][] = [];
  return {
    calls,
    isRecording: () => recording,
    setAttributes: (a) => calls.push(['setAttributes', a]),
    addEvent: (n, a) => calls.push(['addEvent', n, a]),
    setStatus: (s) => calls.push(['setStatus', s]),
  };
}

describe('span helpers', () => {
  it('write guarded attributes, events and an error status without a message', () => {
    const span = fakeSpan(true);
    setSafeAttributes(span, { 'hl7.control_id': 'Zebulon Quagmire', 'hl7.ack_code': 'AE' });
    addSafeEvent(span, 'retry', { 'cerner.retry.reason': 'status', 'cerner.retry.delay_ms': 5 });
    failSpan(span, 'timeout', 'FhirActionError');
    failSpan(span, 'Patient Zebulon not found');
    expect(span.calls).toEqual([
      ['setAttributes', { 'hl7.control_id': '[redacted]', 'hl7.ack_code': 'AE' }],
      ['addEvent', 'retry', { 'cerner.retry.reason': 'status', 'cerner.retry.delay_ms': 5 }],
      ['setStatus', { code: 2, message: 'timeout' }],
      ['setAttributes', { 'error.type': 'timeout' }],
      ['addEvent', 'exception', { 'exception.type': 'FhirActionError', 'error.type': 'timeout' }],
      ['setStatus', { code: 2, message: '[redacted]' }],
      ['setAttributes', { 'error.type': '[redacted]' }],
    ]);
  });

  it('do nothing on a span that does not record (no SDK, not sampled)', () => {
    const span = fakeSpan(false);
    setSafeAttributes(span, { 'hl7.ack_code': 'AA' });
    addSafeEvent(span, 'retry');
    failSpan(span, 'timeout');
    expect(span.calls).toEqual([]);
  });

  it('statusClass', () => {
    expect([200, 201, 304, 404, 503, undefined, 42].map(statusClass)).toEqual([
      '2xx',
      '2xx',
      '3xx',
      '4xx',
      '5xx',
      'none',
      'none',
    ]);
  });
});
