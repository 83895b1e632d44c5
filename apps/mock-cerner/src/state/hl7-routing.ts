import type { MockState } from './mock-state.js';
import type { TenantRegistry } from './tenant-registry.js';

/**
 * MSH-5 (receiving application) and MSH-6 (receiving facility) of an ER7 message, first component
 * (the HD namespace id), read from the MSH segment alone (no full parse); `''` when absent or when
 * the text does not start with an MSH segment.
 *
 * @param text - the ER7 text of one frame
 * @returns the receiving application and facility
 * @example
 * ```ts
 * receivingOf('MSH|^~\\&|APP|FAC|CERNER|WARD-A|…'); // { application: 'CERNER', facility: 'WARD-A' }
 * ```
 */
export function receivingOf(text: string): { application: string; facility: string } {
  if (!text.startsWith('MSH') || text.length < 8) return { application: '', facility: '' };
  const end = text.search(/[\r\n]/);
  const msh = end < 0 ? text : text.slice(0, end);
  const fields = msh.split(msh[3]!);
  const component = msh[4] ?? '^';
  const first = (f: string | undefined): string => (f ?? '').split(component)[0]!.trim();
  return { application: first(fields[4]), facility: first(fields[5]) };
}

/**
 * The HL7 listener's routing hook: each message goes to the tenant its MSH-5/MSH-6 names (see
 * `TenantRegistry.hl7State`: configured routes, then MSH-6 equal to a tenant id, else the default
 * tenant).
 *
 * @param tenants - the mock's tenants
 * @returns the `route` option of `createHl7Listener`
 * @example
 * ```ts
 * createHl7Listener(mock.state, { route: routeHl7ByReceiver(mock.tenants) });
 * ```
 */
export function routeHl7ByReceiver(tenants: TenantRegistry): (text: string) => MockState {
  return (text) => {
    const { application, facility } = receivingOf(text);
    return tenants.hl7State(application, facility);
  };
}
