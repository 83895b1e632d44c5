import { otelHarness } from '@cerner-kit/otel-harness';
import { trace } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  addSafeEvent,
  failSpan,
  setSafeAttributes,
  statusClass,
  type SpanLike,
} from './span-helpers.js';

const otel = otelHarness();
beforeEach(() => otel.reset());

describe('span helpers', () => {
  it('write guarded attributes, events and an error status without a message', () => {
    const span = trace.getTracer('t').startSpan('s');
    setSafeAttributes(span, { 'hl7.control_id': 'Zebulon Quagmire', 'hl7.ack_code': 'AE' });
    addSafeEvent(span, 'retry', { 'cerner.retry.reason': 'status', 'cerner.retry.delay_ms': 5 });
    failSpan(span, 'Patient Zebulon not found', 'FhirActionError');
    span.end();
    const [s] = otel.spans();
    expect(s!.attributes).toEqual({
      'hl7.control_id': '[redacted]',
      'hl7.ack_code': 'AE',
      'error.type': '[redacted]',
    });
    expect(s!.status).toEqual({ code: 2, message: '[redacted]' });
    expect(s!.events.map((e) => [e.name, e.attributes])).toEqual([
      ['retry', { 'cerner.retry.reason': 'status', 'cerner.retry.delay_ms': 5 }],
      ['exception', { 'exception.type': 'FhirActionError', 'error.type': '[redacted]' }],
    ]);
  });

  it('do nothing on a span that does not record (no SDK, not sampled)', () => {
    const calls: string[] = [];
    const span: SpanLike = {
      isRecording: () => false,
      setAttributes: () => calls.push('setAttributes'),
      addEvent: () => calls.push('addEvent'),
      setStatus: () => calls.push('setStatus'),
    };
    setSafeAttributes(span, { 'hl7.ack_code': 'AA' });
    addSafeEvent(span, 'retry');
    failSpan(span, 'timeout');
    expect(calls).toEqual([]);
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
