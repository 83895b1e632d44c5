import type { FhirResource } from 'fhir/r4.js';
import { FhirActionError } from '../errors.js';
import type { FhirHttpClient } from '../http/fhir-http-client.js';

/**
 * Checks that a response body is a resource of the expected type.
 *
 * @param body - the parsed body
 * @param type - the expected `resourceType`
 * @returns the resource
 * @throws {@link FhirActionError} `bad_response` otherwise
 * @example
 * ```ts
 * const patient = expectResource<Patient>(res.body, 'Patient');
 * ```
 * @internal
 */
export function expectResource<T extends FhirResource>(body: unknown, type: T['resourceType']): T {
  if (
    typeof body !== 'object' ||
    body === null ||
    (body as { resourceType?: unknown }).resourceType !== type
  ) {
    const got =
      typeof body === 'object' && body !== null
        ? String((body as { resourceType?: unknown }).resourceType)
        : body === undefined
          ? 'an empty body'
          : typeof body;
    throw new FhirActionError('bad_response', `Expected a ${type} resource, got ${got}`);
  }
  return body as T;
}

/**
 * `GET {type}/{id}` and check what came back.
 *
 * @param http - the HTTP layer
 * @param type - resource type
 * @param id - a validated FHIR id
 * @param signal - the caller's signal (aborts the request and any retry wait)
 * @returns the resource
 * @throws {@link FhirActionError} `not_found` and the other HTTP codes; `bad_response`
 * @example
 * ```ts
 * await readResource<Encounter>(http, 'Encounter', '97939518');
 * ```
 * @internal
 */
export async function readResource<T extends FhirResource>(
  http: FhirHttpClient,
  type: T['resourceType'],
  id: string,
  signal?: AbortSignal,
): Promise<T> {
  const res = await http.request({
    method: 'GET',
    path: `${type}/${encodeURIComponent(id)}`,
    resourceType: type,
    ...(signal ? { signal } : {}),
  });
  const resource = expectResource<T>(res.body, type);
  if (resource.id !== undefined && resource.id !== id) {
    throw new FhirActionError(
      'bad_response',
      `GET ${type}/{id} returned a ${type} with another id`,
    );
  }
  return resource;
}
