/** One demo step: an action name and what it does. */
export interface DemoStep {
  action: string;
  run(): Promise<string>;
}

/** Runs steps in order and prints a table of action, result and time. Returns true if all succeed. */
export async function runDemoSteps(
  steps: DemoStep[],
  out: { write(s: string): unknown },
): Promise<boolean> {
  const rows: [string, string, string, string][] = [];
  let ok = true;
  for (const step of steps) {
    const started = performance.now();
    try {
      const result = await step.run();
      rows.push([step.action, 'ok', result, `${(performance.now() - started).toFixed(1)} ms`]);
    } catch (e) {
      ok = false;
      const code = (e as { code?: string }).code;
      rows.push([
        step.action,
        'FAILED',
        `${code ? `${code}: ` : ''}${e instanceof Error ? e.message : String(e)}`,
        `${(performance.now() - started).toFixed(1)} ms`,
      ]);
    }
  }
  const header: [string, string, string, string] = ['action', 'status', 'result', 'time'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  out.write(
    `${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n\n`,
  );
  out.write(
    ok
      ? `${rows.length} of ${rows.length} actions succeeded\n`
      : `${rows.filter((r) => r[1] === 'ok').length} of ${rows.length} actions succeeded\n`,
  );
  return ok;
}
