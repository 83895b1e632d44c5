/** One demo step: what it is called, what it does in plain words, and how to run it. */
export interface DemoStep {
  action: string;
  /** `fhir`: one of the seven FHIR actions; `hl7`: an HL7 v2 step (MLLP, or its FHIR echo). */
  kind: 'fhir' | 'hl7';
  /** What the step does, for someone who has never seen Cerner. */
  explain: string;
  run(): Promise<string>;
}

/** How one step went. */
export interface DemoResult {
  action: string;
  kind: 'fhir' | 'hl7';
  explain: string;
  ok: boolean;
  /** The result line, or `code: message` when it failed. */
  result: string;
  ms: number;
}

/**
 * Runs the steps in order; a failed step does not stop the ones after it.
 *
 * @param steps - the steps
 * @returns one result per step
 * @example
 * ```ts
 * const results = await runDemoSteps(steps);
 * ```
 */
export async function runDemoSteps(steps: readonly DemoStep[]): Promise<DemoResult[]> {
  const results: DemoResult[] = [];
  for (const step of steps) {
    const started = performance.now();
    const { action, kind, explain } = step;
    try {
      const result = await step.run();
      results.push({ action, kind, explain, ok: true, result, ms: performance.now() - started });
    } catch (e) {
      const code = (e as { code?: string }).code;
      const result = `${code ? `${code}: ` : ''}${e instanceof Error ? e.message : String(e)}`;
      results.push({ action, kind, explain, ok: false, result, ms: performance.now() - started });
    }
  }
  return results;
}

/**
 * The counts the demo reports: FHIR actions and HL7 steps, and how many succeeded.
 *
 * @param results - from {@link runDemoSteps}
 * @returns the counts
 * @example
 * ```ts
 * demoCounts(results); // { fhirActions: 7, hl7Steps: 3, succeeded: 10, total: 10 }
 * ```
 */
export function demoCounts(results: readonly DemoResult[]): {
  fhirActions: number;
  hl7Steps: number;
  succeeded: number;
  total: number;
} {
  return {
    fhirActions: results.filter((r) => r.kind === 'fhir').length,
    hl7Steps: results.filter((r) => r.kind === 'hl7').length,
    succeeded: results.filter((r) => r.ok).length,
    total: results.length,
  };
}

/**
 * The demo's table (step, kind, status, result, time), then each step explained, then the counts.
 *
 * @param results - from {@link runDemoSteps}
 * @returns the text
 * @example
 * ```ts
 * process.stdout.write(demoReport(await runDemoSteps(steps)));
 * ```
 */
export function demoReport(results: readonly DemoResult[]): string {
  const rows = results.map((r, i) => [
    String(i + 1),
    r.action,
    r.kind.toUpperCase(),
    r.ok ? 'ok' : 'FAILED',
    r.result,
    `${r.ms.toFixed(1)} ms`,
  ]);
  const header = ['#', 'step', 'kind', 'status', 'result', 'time'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const explained = results.map((r, i) => `${i + 1}. ${r.action}: ${r.explain}`).join('\n');
  const c = demoCounts(results);
  return (
    `${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n\n` +
    `What each step did:\n${explained}\n\n` +
    `${c.succeeded} of ${c.total} steps succeeded: ${c.fhirActions} FHIR actions and ${c.hl7Steps} HL7 steps.\n`
  );
}
