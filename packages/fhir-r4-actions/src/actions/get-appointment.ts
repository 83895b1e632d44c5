import type { Appointment } from 'fhir/r4.js';
import { z } from 'zod';
import { defineAction } from './define-action.js';
import { readResource } from './read-resource.js';
import { fhirId } from './schemas.js';

/**
 * Input schema of `getAppointment`.
 *
 * @example
 * ```ts
 * getAppointmentInput.parse({ appointmentId: '4822366' });
 * ```
 */
export const getAppointmentInput = z.strictObject({
  appointmentId: fhirId('The Appointment id (e.g. 4822366)'),
});
/**
 * Input of `getAppointment`.
 *
 * @example
 * ```ts
 * const input: GetAppointmentInput = { appointmentId: '4822366' };
 * ```
 */
export type GetAppointmentInput = z.input<typeof getAppointmentInput>;

/**
 * getAppointment: `GET Appointment/{id}`.
 *
 * @returns the Appointment (Cerner's times have no milliseconds; participants may have only a display)
 * @throws {@link FhirActionError} `not_found`, other HTTP codes, `bad_response`
 * @example
 * ```ts
 * await actions.getAppointment.run(client, { appointmentId: '4822366' });
 * ```
 */
export const getAppointmentAction = defineAction({
  key: 'getAppointment',
  title: 'Get appointment',
  description: 'Reads an Appointment by id (GET Appointment/{id}) and returns the whole resource.',
  requiredScopes: ['system/Appointment.read'],
  requiredScopesV2: ['system/Appointment.r'],
  input: getAppointmentInput,
  run: (ctx, input) =>
    readResource<Appointment>(ctx.http, 'Appointment', input.appointmentId, ctx.signal),
});
