import { afterAll, beforeAll, describe, type TestContext } from 'vitest';
import { readLiveConfig } from './live-config.js';
import { liveTarget, mockTarget, type Target, type TargetIds } from './target.js';

const live = readLiveConfig();

/**
 * Registers a contract suite twice: against the in-process mock (always) and against a live
 * tenant (only with CERNER_LIVE=1 and the CERNER_* variables; skipped otherwise). Tests that only
 * make sense on the mock (fault injection, the mock's store) call {@link mockOnly}; tests that read
 * known ids call {@link need}, so a live run without those ids skips them, saying which variable
 * to set, instead of failing on an empty id.
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

/** Where a live run gets each id from. */
const LIVE_ID_VARIABLES: Partial<Record<keyof TargetIds, string>> = {
  patientId: 'CERNER_LIVE_PATIENT_ID',
  mrn: 'CERNER_LIVE_MRN',
  encounterId: 'CERNER_LIVE_ENCOUNTER_ID',
  appointmentId: 'CERNER_LIVE_APPOINTMENT_ID',
  organizationId: 'CERNER_LIVE_ORGANIZATION_ID',
};

/**
 * Call first in a test that creates resources: against a live tenant it runs only with
 * `CERNER_LIVE_WRITES=1` (otherwise it is skipped before anything is written).
 */
export function writes(t: () => Target, ctx: TestContext): void {
  if (!t().writes) {
    ctx.skip('writes to the live tenant: set CERNER_LIVE_WRITES=1 to allow them');
  }
}

/** Skips the rest of the test (marking it skipped, not passed) unless it runs against the mock. */
export function mockOnly(t: () => Target, ctx: TestContext): void {
  if (t().mode !== 'mock') ctx.skip('needs the mock (fault injection, request log or store)');
}

/** Skips the test when the target lacks one of these ids (a live run without CERNER_LIVE_*). */
export function need(t: () => Target, ctx: TestContext, ...keys: (keyof TargetIds)[]): void {
  const missing = keys.filter((k) => t().ids[k] === undefined);
  if (missing.length === 0) return;
  const how = missing.map((k) => LIVE_ID_VARIABLES[k] ?? `${k} (mock only)`).join(', ');
  ctx.skip(`needs ${how}`);
}
