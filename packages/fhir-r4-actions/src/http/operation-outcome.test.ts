import { describe, expect, it } from 'vitest';
import { outcomes } from '../__fixtures__/cerner-payloads.js';
import { outcomeIssues } from '../errors.js';
import { parseOperationOutcome, summarizeOutcome } from './operation-outcome.js';

describe('parseOperationOutcome', () => {
  it("parses Cerner's outcomes", () => {
    expect(parseOperationOutcome(JSON.stringify(outcomes.notFound))?.issue).toHaveLength(1);
    expect(parseOperationOutcome(JSON.stringify(outcomes.insufficientScope))?.issue[0]?.code).toBe(
      'forbidden',
    );
  });
  it('returns undefined for empty, non-JSON and other bodies', () => {
    for (const t of [
      '',
      '   ',
      '<html>Service Unavailable</html>',
      '{"resourceType":"Patient"}',
      '{"resourceType":"OperationOutcome"}',
      'null',
      '[]',
    ]) {
      expect(parseOperationOutcome(t), t).toBeUndefined();
    }
  });
  it('drops non-object issues', () => {
    expect(
      parseOperationOutcome(
        '{"resourceType":"OperationOutcome","issue":[1,{"severity":"error","code":"x"}]}',
      )?.issue,
    ).toEqual([{ severity: 'error', code: 'x' }]);
  });
});

describe('outcomeIssues', () => {
  it('flattens details.text, diagnostics and expression', () => {
    expect(
      outcomeIssues(parseOperationOutcome(JSON.stringify(outcomes.insufficientScope))),
    ).toEqual([
      {
        severity: 'error',
        code: 'forbidden',
        diagnostics: 'Bearer realm="fhir-ehr-code.cerner.com", error="insufficient_scope"',
        expression: ['http.Authorization'],
      },
    ]);
  });
  it('falls back to details.coding display and to location', () => {
    expect(outcomeIssues(outcomes.businessRule as never)[0]).toMatchObject({
      code: 'business-rule',
      text: "Parameter 'Patient.name' content is invalid",
      expression: ['Patient.name'],
    });
    expect(outcomeIssues(outcomes.invalidToken as never)[0]).toMatchObject({
      code: 'login',
      expression: ['http.Authorization'],
    });
    expect(outcomeIssues(undefined)).toEqual([]);
  });
});

describe('summarizeOutcome', () => {
  it('lists codes, not texts or diagnostics, at most three', () => {
    // Server text stays on error.issues: a server may repeat what was sent (#16).
    expect(summarizeOutcome(outcomes.unprocessable as never)).toBe(' (invalid)');
    expect(summarizeOutcome(outcomes.invalidToken as never)).toBe(' (login)');
    const many = {
      resourceType: 'OperationOutcome',
      issue: [1, 2, 3, 4, 5].map((n) => ({ severity: 'error', code: `c${n}` })),
    };
    expect(summarizeOutcome(many as never)).toBe(' (c1; c2; c3; +2 more)');
    expect(summarizeOutcome(undefined)).toBe('');
  });
});
