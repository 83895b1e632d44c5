import { metrics, propagation, trace, context } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { exportedText, findLeaks, otelHarness, spanTree, treeOutline } from './index.js';

const otel = otelHarness();
beforeEach(() => otel.reset());

describe('otelHarness', () => {
  it('is one harness per process', () => {
    expect(otelHarness()).toBe(otel);
  });

  it('records nested spans through the async context and builds the tree', async () => {
    const tracer = trace.getTracer('t');
    await tracer.startActiveSpan('root', async (root) => {
      await tracer.startActiveSpan('child', async (child) => {
        await Promise.resolve();
        child.addEvent('retry');
        child.end();
      });
      tracer.startSpan('second').end();
      root.end();
    });
    expect(treeOutline(otel.spans())).toEqual(['root', '  child [retry]', '  second']);
    const [root] = spanTree(otel.spans());
    expect(root!.children.map((c) => c.name)).toEqual(['child', 'second']);
  });

  it('injects a W3C traceparent for the active span', () => {
    const span = trace.getTracer('t').startSpan('s');
    const headers: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), span), headers);
    span.end();
    expect(headers.traceparent).toBe(
      `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`,
    );
  });

  it('collects metrics as deltas and reset forgets them', async () => {
    const counter = metrics.getMeter('m').createCounter('c');
    counter.add(2, { k: 'v' });
    const first = await otel.metrics();
    expect(first.find((m) => m.descriptor.name === 'c')?.dataPoints[0]?.value).toBe(2);
    counter.add(1, { k: 'v' });
    await otel.reset();
    const after = await otel.metrics();
    expect(after.find((m) => m.descriptor.name === 'c')?.dataPoints ?? []).toEqual([]);
  });

  it('exportedText sees names, attributes, events, status and metric labels', async () => {
    const span = trace.getTracer('t').startSpan('name-x', { attributes: { 'a.key': 'attr-x' } });
    span.addEvent('event-x', { 'e.key': ['list-x'] });
    span.setStatus({ code: 2, message: 'status-x' });
    span.end();
    metrics.getMeter('m').createHistogram('hist-x').record(1, { label: 'label-x' });
    const text = exportedText(otel.spans(), await otel.metrics());
    for (const needle of [
      'name-x',
      'attr-x',
      'a.key',
      'event-x',
      'list-x',
      'status-x',
      'hist-x',
      'label-x',
    ]) {
      expect(findLeaks(text, [needle])).toHaveLength(1);
    }
    expect(findLeaks(text, ['absent-x'])).toEqual([]);
  });
});
