import type { Resource } from 'fhir/r4.js';
import { FhirActionError } from '../errors.js';
import type { FhirHttp } from '../http/fhir-http-client.js';

/** GET `{type}/{id}` and check what came back. @internal */
export async function readResource<T extends Resource>(http: FhirHttp, type: T['resourceType'], id: string, requiredScopes: readonly string[]): Promise<T> {
  const res = await http.request({ method: 'GET', path: `${type}/${encodeURIComponent(id)}`, requiredScopes, resourceType: type });
  return expectResource<T>(res.body, type);
}

/** The body, if it is a resource of this type. @internal */
export function expectResource<T extends Resource>(body: unknown, type: string): T {
  if (typeof body !== 'object' || body === null || (body as Resource).resourceType !== type) {
    throw new FhirActionError('bad_response', `Expected a ${type} resource, got ${typeof body === 'object' && body !== null ? String((body as Resource).resourceType) : typeof body}`);
  }
  return body as T;
}
