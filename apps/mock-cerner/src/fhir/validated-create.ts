import type { Request, RequestHandler, Response } from 'express';
import type { Resource } from 'fhir/r4.js';
import { sendOutcome } from '../http/operation-outcome.js';
import type { MockState } from '../state/mock-state.js';
import { fhirBase } from './fhir-base.js';
import type { CreateResult, StructureCheck } from './store.js';
import { loadStructureValidator } from './validate-structure.js';
import { sendCreated, sendViolations } from './write-responses.js';

/**
 * The last handler of a create route: loads the structure validator (once per process), runs the
 * store's rule-checked create with it, and answers Cerner's 201 (empty body, `Location`, `ETag`)
 * or 422 naming every violated rule. A validator that cannot load is a 500 OperationOutcome.
 *
 * @param state - the mock's state
 * @param create - the store's create for the resource type
 * @returns the handler
 * @example
 * ```ts
 * router.post('/Patient', requireScope('Patient', 'create'), fhirJsonBody(),
 *   validatedCreate(state, (body, validateStructure) => state.store.createPatient(body, { validateStructure })));
 * ```
 */
export function validatedCreate<T extends Resource>(
  state: MockState,
  create: (body: unknown, validateStructure: StructureCheck) => CreateResult<T>,
): RequestHandler {
  return (req: Request, res: Response) => {
    loadStructureValidator().then(
      (validateStructure) => {
        const result = create(req.body, validateStructure);
        if (!result.ok) return sendViolations(res, result.violations);
        const { resource } = result;
        sendCreated(res, fhirBase(state, req), resource, new Date(resource.meta!.lastUpdated!));
      },
      () => sendOutcome(res, 500, 'exception', 'Internal Server Error'),
    );
  };
}
