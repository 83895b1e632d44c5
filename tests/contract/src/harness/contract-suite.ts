import { afterAll, beforeAll, describe } from 'vitest';
import { readLiveConfig } from './live-config.js';
import { liveTarget, mockTarget, type Target } from './target.js';

const live = readLiveConfig();

/**
 * Registers a contract suite twice: against the in-process mock (always) and against a live
 * tenant (only with CERNER_LIVE=1 and the CERNER_* variables; skipped otherwise). Tests that only
 * make sense on the mock (fault injection, request counting) check `t().mode`.
 */
export function contractSuite(name: string, body: (t: () => Target) => void): void {
  for (const mode of ['mock', 'live'] as const) {
    const skip = mode === 'live' && 'skip' in live;
    describe.skipIf(skip)(`${name} [${mode}]`, () => {
      let target: Target | undefined;
      beforeAll(async () => {
        target =
          mode === 'mock'
            ? await mockTarget()
            : await liveTarget(live as Exclude<typeof live, { skip: string }>);
      });
      afterAll(async () => {
        await target?.close();
      });
      body(() => target!);
    });
  }
}

/** The mock's request log entries for FHIR paths containing `fragment`. */
export function fhirRequests(
  t: Target,
  fragment: string,
): { method: string; path: string; status: number }[] {
  return (t.mock?.mock.state.requestLog.list() ?? []).filter(
    (e) => e.path.includes('/r4/') && e.path.includes(fragment),
  );
}
