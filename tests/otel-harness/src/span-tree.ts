import type { Attributes } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';

/**
 * One span with its children, in start order.
 *
 * @example
 * ```ts
 * const [root] = spanTree(otel.spans());
 * root.children.map((c) => c.name);
 * ```
 */
export interface SpanNode {
  name: string;
  attributes: Attributes;
  events: string[];
  status: 'unset' | 'ok' | 'error';
  span: ReadableSpan;
  children: SpanNode[];
}

const STATUS = ['unset', 'ok', 'error'] as const;

const startOf = (s: ReadableSpan): number => s.startTime[0] * 1e9 + s.startTime[1];

/**
 * The finished spans as trees: roots are spans whose parent is not among them.
 *
 * @param spans - finished spans (any order)
 * @returns the roots, each with its descendants, siblings in start order
 * @example
 * ```ts
 * const roots = spanTree(otel.spans());
 * ```
 */
export function spanTree(spans: readonly ReadableSpan[]): SpanNode[] {
  const nodes = new Map<string, SpanNode>();
  for (const s of spans) {
    nodes.set(s.spanContext().spanId, {
      name: s.name,
      attributes: s.attributes,
      events: s.events.map((e) => e.name),
      status: STATUS[s.status.code] ?? 'unset',
      span: s,
      children: [],
    });
  }
  const roots: SpanNode[] = [];
  for (const s of [...spans].sort((a, b) => startOf(a) - startOf(b))) {
    const node = nodes.get(s.spanContext().spanId)!;
    const parent = s.parentSpanContext ? nodes.get(s.parentSpanContext.spanId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/**
 * The tree as indented names (events in brackets), for readable assertions.
 *
 * @param spans - finished spans
 * @returns one line per span, two spaces per level
 * @example
 * ```ts
 * expect(treeOutline(otel.spans())).toEqual(['cerner.action getPatient', '  cerner.token', '  GET /r4/{tenant}/Patient/{id}']);
 * ```
 */
export function treeOutline(spans: readonly ReadableSpan[]): string[] {
  const out: string[] = [];
  const walk = (n: SpanNode, depth: number): void => {
    const events = n.events.length > 0 ? ` [${n.events.join(', ')}]` : '';
    out.push(`${'  '.repeat(depth)}${n.name}${events}`);
    for (const c of n.children) walk(c, depth + 1);
  };
  for (const r of spanTree(spans)) walk(r, 0);
  return out;
}
