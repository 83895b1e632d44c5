// STUB: owned by the FHIR engineer; keep the exported names.
export interface FaultRegistry {
  reset(): void;
}
export function createFaultRegistry(): FaultRegistry {
  return { reset: () => undefined };
}
