import type { FhirResource } from 'fhir/r4.js';
import { FhirActionError } from '../errors.js';
import type { FhirHttpClient } from '../http/fhir-http-client.js';
import { idFromLocation } from '../http/location.js';

/**
 * `POST {type}` and the new id from `Location` (Cerner answers 201 with an empty body and an
 * absolute Location). Never retried blindly: see the HTTP layer.
 *
 * @param http - the HTTP layer
 * @param resource - the resource to create
 * @param signal - the caller's signal (aborts the request)
 * @returns the new id
 * @throws {@link FhirActionError} any HTTP error (with `mayHaveSucceeded`); `bad_response` with
 *   `mayHaveSucceeded: true` when the server said yes but gave no usable Location
 * @example
 * ```ts
 * const { id } = await createResource(http, patient);
 * ```
 * @internal
 */
export async function createResource(
  http: FhirHttpClient,
  resource: FhirResource,
  signal?: AbortSignal,
): Promise<{ id: string }> {
  const type = resource.resourceType;
  const res = await http.request({
    method: 'POST',
    path: type,
    body: resource,
    resourceType: type,
    ...(signal ? { signal } : {}),
  });
  const bodyId =
    (res.body as { resourceType?: unknown; id?: unknown } | undefined)?.resourceType === type
      ? (res.body as { id?: unknown }).id
      : undefined;
  const id =
    idFromLocation(res.headers.get('location'), type) ??
    idFromLocation(res.headers.get('content-location'), type) ??
    (typeof bodyId === 'string' ? bodyId : undefined);
  if (id === undefined) {
    throw new FhirActionError(
      'bad_response',
      `POST ${type} answered HTTP ${res.status} without a usable Location header: the resource was probably created; search for it before trying again`,
      {
        status: res.status,
        method: 'POST',
        mayHaveSucceeded: true,
        ...(res.requestId ? { requestId: res.requestId } : {}),
      },
    );
  }
  return { id };
}
