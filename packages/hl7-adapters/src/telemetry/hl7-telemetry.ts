import {
  failSpan,
  setSafeAttributes,
  redactTelemetryAttributes,
  safeAttributeValue,
  type SafeAttributes,
  type TelemetryAttributes,
} from '@cerner-kit/core';
import {
  context,
  metrics,
  SpanKind,
  trace,
  type Context,
  type Counter,
  type Histogram,
  type Span,
} from '@opentelemetry/api';
import { Hl7Error } from '../errors.js';
import { readAckCode } from '../mllp/control-id.js';
import { INSTRUMENTATION_SCOPE } from './instrumentation-scope.js';
import { mshSummary } from './msh-summary.js';
import type { TelemetryOptions } from './telemetry-options.js';

/** Prefix of the send spans: `hl7 send ORU^R01`. */
export const SEND_SPAN_PREFIX = 'hl7 send';
/** The child span from writing the frame to the reply. */
export const ROUND_TRIP_SPAN = 'mllp round-trip';

const NEGATIVE_ACKS = new Set(['AE', 'AR', 'CE', 'CR']);

/**
 * One traced send.
 * @internal
 *
 * @example
 * ```ts
 * const trace = tel.startSend(message, controlId, 'first');
 * socket.write(frame); trace.written(frame.length);
 * return trace.settle(replyPromise);
 * ```
 */
export interface SendTrace {
  /** The frame was written: starts the round-trip span. */
  written(frameBytes: number): void;
  /** Runs `fn` with the send span active (connect, write). */
  run<T>(fn: () => T): T;
  /** Ends the spans when the reply promise settles; returns a promise settling the same way. */
  settle(reply: Promise<string>): Promise<string>;
}

/**
 * The MLLP client's instrumentation.
 * @internal
 *
 * @example
 * ```ts
 * const tel = createHl7Telemetry({ host: '127.0.0.1', port: 2575 });
 * ```
 */
export interface Hl7Telemetry {
  /** Starts the `hl7 send <MSH-9>` span of one send. */
  startSend(message: string, controlId: string, returnAck: string): SendTrace;
}

const NOOP_SEND: SendTrace = Object.freeze({
  written: () => undefined,
  run: <T>(fn: () => T): T => fn(),
  settle: (reply: Promise<string>) => reply,
});
const NOOP: Hl7Telemetry = Object.freeze({ startSend: () => NOOP_SEND });

/**
 * The instrumentation of one MLLP client: a send span (message type, MSH-10, version, ACK code,
 * server), a round-trip child span, an ACK-code counter and a send-duration histogram. Never
 * records segment content, NACK text or error messages.
 * @internal
 *
 * @param o - providers (or `false`), the server's host and port
 * @returns the hooks (no-ops with `telemetry: false`)
 * @throws never
 * @example
 * ```ts
 * const tel = createHl7Telemetry({ telemetry: undefined, host: 'hl7.example.org', port: 2575 });
 * ```
 */
export function createHl7Telemetry(o: {
  telemetry?: TelemetryOptions | undefined;
  host: string;
  port: number;
}): Hl7Telemetry {
  if (o.telemetry === false) return NOOP;
  const { name, version } = INSTRUMENTATION_SCOPE;
  const tracer = (o.telemetry?.tracerProvider ?? trace.getTracerProvider()).getTracer(
    name,
    version,
  );
  const meter = (o.telemetry?.meterProvider ?? metrics.getMeterProvider()).getMeter(name, version);
  const acks: Counter = meter.createCounter('cerner.hl7.acks', {
    description: 'Replies to HL7 sends, by message type and MSA-1 acknowledgement code',
    unit: '{ack}',
  });
  const duration: Histogram = meter.createHistogram('cerner.hl7.send.duration', {
    description:
      'Time from send to the settling reply (or the failure), by message type and outcome',
    unit: 's',
  });
  const server: TelemetryAttributes = { 'server.address': o.host, 'server.port': o.port };
  const labelCache = new Map<string, SafeAttributes>();
  const labels = (attrs: TelemetryAttributes): SafeAttributes => {
    const key = JSON.stringify(attrs);
    let l = labelCache.get(key);
    if (l === undefined) {
      l = redactTelemetryAttributes(attrs);
      if (labelCache.size < 1024) labelCache.set(key, l);
    }
    return l;
  };

  return {
    startSend(message, controlId, returnAck) {
      const started = performance.now();
      const { messageType, version: hl7Version } = mshSummary(message);
      const type =
        messageType === undefined ? undefined : safeAttributeValue('hl7.message_type', messageType);
      const span: Span = tracer.startSpan(
        type === undefined ? SEND_SPAN_PREFIX : `${SEND_SPAN_PREFIX} ${String(type)}`,
        { kind: SpanKind.CLIENT },
      );
      setSafeAttributes(span, {
        ...server,
        'hl7.message_type': messageType,
        'hl7.control_id': controlId,
        'hl7.version': hl7Version,
        'hl7.return_ack': returnAck,
      });
      const ctx: Context | undefined = trace.isSpanContextValid(span.spanContext())
        ? trace.setSpan(context.active(), span)
        : undefined;
      let roundTrip: Span | undefined;
      const finish = (
        ackCode: string | undefined,
        errorType: string | undefined,
        exceptionType?: string,
      ): void => {
        duration.record(
          (performance.now() - started) / 1000,
          labels({
            'hl7.message_type': messageType,
            'hl7.ack_code': ackCode,
            'error.type': errorType,
          }),
        );
        for (const s of roundTrip ? [roundTrip, span] : [span]) {
          setSafeAttributes(s, { 'hl7.ack_code': ackCode });
          if (errorType !== undefined) {
            failSpan(s, errorType, s === span ? exceptionType : undefined);
          }
          s.end();
        }
      };
      return {
        written(frameBytes) {
          if (roundTrip !== undefined) return;
          roundTrip = tracer.startSpan(
            ROUND_TRIP_SPAN,
            { kind: SpanKind.CLIENT },
            ctx ?? context.active(),
          );
          setSafeAttributes(roundTrip, { ...server, 'mllp.frame_bytes': frameBytes });
        },
        run: (fn) => (ctx === undefined ? fn() : context.with(ctx, fn)),
        settle: (reply) =>
          reply.then(
            (text) => {
              const ack = readAckCode(text);
              acks.add(1, labels({ 'hl7.message_type': messageType, 'hl7.ack_code': ack }));
              finish(ack, ack !== undefined && NEGATIVE_ACKS.has(ack) ? ack : undefined);
              return text;
            },
            (error: unknown) => {
              const hl7 = Hl7Error.isInstance(error);
              finish(undefined, hl7 ? error.code : 'unexpected', hl7 ? 'Hl7Error' : 'Error');
              throw error;
            },
          ),
      };
    },
  };
}
