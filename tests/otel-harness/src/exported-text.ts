import type { Attributes } from '@opentelemetry/api';
import type { MetricData } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';

function attributeText(attrs: Attributes | undefined, out: string[]): void {
  for (const [k, v] of Object.entries(attrs ?? {})) {
    out.push(k);
    if (Array.isArray(v)) for (const x of v as unknown[]) out.push(String(x));
    else if (v !== undefined) out.push(JSON.stringify(v));
  }
}

/**
 * Every piece of text an exporter would send: span names, status messages, attribute keys and
 * values (span, event, link, instrumentation scope), event names; metric names, descriptions,
 * units and every data point's attribute keys and values. What the PHI guard scans.
 *
 * @param spans - finished spans
 * @param metricData - collected metrics
 * @returns the strings, unsorted, with repeats
 * @example
 * ```ts
 * const text = exportedText(otel.spans(), await otel.metrics()).join('\n');
 * expect(text).not.toContain('Zebulon');
 * ```
 */
export function exportedText(
  spans: readonly ReadableSpan[],
  metricData: readonly MetricData[] = [],
): string[] {
  const out: string[] = [];
  for (const s of spans) {
    out.push(s.name, s.status.message ?? '', s.instrumentationScope.name);
    attributeText(s.attributes, out);
    for (const e of s.events) {
      out.push(e.name);
      attributeText(e.attributes, out);
    }
    for (const l of s.links) attributeText(l.attributes, out);
  }
  for (const m of metricData) {
    out.push(m.descriptor.name, m.descriptor.description, m.descriptor.unit);
    for (const p of m.dataPoints as readonly { attributes: Attributes }[]) {
      attributeText(p.attributes, out);
    }
  }
  return out.filter((t) => t !== '');
}

/**
 * Finds which of the needles occur in the exported text (case-insensitive).
 *
 * @param text - from {@link exportedText}
 * @param needles - the distinctive values that must never be exported
 * @returns each leaked needle with the first text that contains it
 * @example
 * ```ts
 * expect(findLeaks(exportedText(spans, metrics), ['Zebulon', '999-12-3456'])).toEqual([]);
 * ```
 */
export function findLeaks(
  text: readonly string[],
  needles: readonly string[],
): { needle: string; in: string }[] {
  const leaks: { needle: string; in: string }[] = [];
  for (const needle of needles) {
    const n = needle.toLowerCase();
    const hit = text.find((t) => t.toLowerCase().includes(n));
    if (hit !== undefined) leaks.push({ needle, in: hit });
  }
  return leaks;
}
