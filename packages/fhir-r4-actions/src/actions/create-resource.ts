import type { Resource } from 'fhir/r4.js';
import { FhirActionError } from '../errors.js';
import type { FhirHttp } from '../http/fhir-http-client.js';
import { idFromLocation } from '../http/location.js';

/**
 * POST a resource and return the new id from `Location` (Cerner answers 201 with an empty body).
 * Never retried blindly: see the HTTP layer.
 * @internal
 */
export async function createResource(http: FhirHttp, resource: Resource, requiredScopes: readonly string[]): Promise<{ id: string }> {
  const res = await http.request({ method: 'POST', path: resource.resourceType, body: resource, requiredScopes, resourceType: resource.resourceType });
  const id = idFromLocation(res.headers.get('location'), resource.resourceType) ?? (res.body as Resource | undefined)?.id;
  if (!id) {
    throw new FhirActionError('bad_response', `POST ${resource.resourceType} returned HTTP ${res.status} without a usable Location header: the resource was probably created; search for it before trying again`, {
      status: res.status,
      mayHaveSucceeded: true,
    });
  }
  return { id };
}
