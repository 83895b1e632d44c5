// STUB: owned by the FHIR engineer; keep the exported names.
export interface FhirStore {
  /** Back to the seeded data. */
  reset(): void;
}

export function createFhirStore(_options: { tenantId: string; now: () => number; seed: boolean }): FhirStore {
  return { reset: () => undefined };
}
