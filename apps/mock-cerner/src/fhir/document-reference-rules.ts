import { cernerCodeSetSystem } from '@cerner-kit/core';
import { isDateTimeWithZone, isObject, Violations, type RuleViolation } from './rule-violation.js';

/** Content types Cerner accepts on DocumentReference create (document-reference.md). */
export const SUPPORTED_CONTENT_TYPES = [
  'application/pdf',
  'text/plain',
  'text/richtext',
  'text/rtf',
  'text/html',
  'application/xml',
  'application/xhtml+xml',
] as const;

const LOINC = 'http://loinc.org';

/**
 * Cerner's DocumentReference create rules for system access (cerner-fhir.md §G.1). `patientExists`
 * lets the caller reject unknown subjects; `encounterPatient` unknown encounters and an encounter
 * of another patient (Cerner does not document that check; a note filed on someone else's visit
 * is refused rather than stored, the strict side).
 */
export function checkDocumentReferenceCreate(
  body: Record<string, unknown>,
  ctx: {
    tenantId: string;
    patientExists: (id: string) => boolean;
    /** The id of the encounter's patient; undefined when there is no such encounter. */
    encounterPatient: (id: string) => string | null | undefined;
  },
): RuleViolation[] {
  const v = new Violations();
  if (body.resourceType !== 'DocumentReference') v.add('resourceType', 'must be DocumentReference');
  if ('modifierExtension' in body) v.add('modifierExtension', 'modifierExtension is not supported');
  if ('implicitRules' in body) v.add('implicitRules', 'implicitRules is not supported');
  // Cerner's create takes no contained resources; refusing them beats storing what Cerner would not.
  if ('contained' in body) v.add('contained', 'contained resources are not supported');
  if ('id' in body) v.add('id', 'id must not be sent on create');
  if (body.status !== 'current') v.add('status', 'must be current');
  if (body.docStatus !== 'final' && body.docStatus !== 'amended') {
    v.add('docStatus', 'must be final or amended');
  }

  const codings =
    isObject(body.type) && Array.isArray(body.type.coding)
      ? (body.type.coding as unknown[])
      : undefined;
  if (!codings || codings.length === 0) {
    v.add('type', 'a CodeableConcept with LOINC codings or one codeSet 72 coding is required');
  } else {
    const systems = codings.map((c) => (isObject(c) ? c.system : undefined));
    const loinc = systems.filter((s) => s === LOINC).length;
    const proprietary = systems.filter((s) => s === cernerCodeSetSystem(ctx.tenantId, 72)).length;
    if (loinc + proprietary !== systems.length) {
      v.add('type.coding', 'only LOINC or codeSet 72 codings are supported');
    } else if (loinc > 0 && proprietary > 0) {
      v.add('type.coding', 'LOINC and codeSet 72 codings must not be mixed');
    } else if (proprietary > 1) v.add('type.coding', 'at most one codeSet 72 coding');
    if (codings.some((c) => !isObject(c) || typeof c.code !== 'string')) {
      v.add('type.coding', 'each coding needs a code');
    }
  }

  const subject = isObject(body.subject) ? body.subject.reference : undefined;
  const pm = typeof subject === 'string' ? /^Patient\/([\w.-]+)$/.exec(subject) : null;
  if (!pm) v.add('subject', 'a Patient reference is required');
  else if (!ctx.patientExists(pm[1]!)) v.add('subject', 'the patient does not exist');

  if (
    body.author !== undefined &&
    (!Array.isArray(body.author) ||
      body.author.some(
        (a: unknown) =>
          !isObject(a) ||
          typeof a.reference !== 'string' ||
          !a.reference.startsWith('Practitioner/'),
      ))
  ) {
    v.add('author', 'Practitioner references only');
  }

  const content = body.content;
  if (!Array.isArray(content) || content.length !== 1) {
    v.add('content', 'exactly one content entry is required');
  } else {
    const att: unknown = isObject(content[0]) ? content[0].attachment : undefined;
    if (!isObject(att)) v.add('content[0].attachment', 'is required');
    else {
      const ct = typeof att.contentType === 'string' ? att.contentType : '';
      const [mime, ...params] = ct.split(';').map((s) => s.trim().toLowerCase());
      const hasCharset = params.some((p) => /^charset=utf-8$/.test(p));
      if (!(SUPPORTED_CONTENT_TYPES as readonly string[]).includes(mime ?? '')) {
        v.add(
          'content[0].attachment.contentType',
          `unsupported; use one of ${SUPPORTED_CONTENT_TYPES.join(', ')}`,
        );
      } else if (mime !== 'application/pdf' && !hasCharset) {
        v.add('content[0].attachment.contentType', 'needs ;charset=utf-8');
      }
      if (
        typeof att.data !== 'string' ||
        att.data.length === 0 ||
        !/^[A-Za-z0-9+/]*={0,2}$/.test(att.data)
      ) {
        v.add('content[0].attachment.data', 'base64 data is required');
      }
      if (att.creation !== undefined && !isDateTimeWithZone(att.creation)) {
        v.add('content[0].attachment.creation', 'needs a time and a timezone');
      }
    }
  }

  const context = body.context;
  if (!isObject(context)) v.add('context', 'is required (with period.end)');
  else {
    const period = context.period;
    if (!isObject(period) || !isDateTimeWithZone(period.end)) {
      v.add('context.period.end', 'is required, with a time and a timezone');
    } else if (period.start !== undefined && !isDateTimeWithZone(period.start)) {
      v.add('context.period.start', 'needs a time and a timezone');
    }
    if (context.encounter !== undefined) {
      const enc = context.encounter;
      if (!Array.isArray(enc) || enc.length > 1) {
        v.add('context.encounter', 'at most one Encounter reference');
      } else if (enc.length === 1) {
        const ref: unknown = isObject(enc[0]) ? enc[0].reference : undefined;
        const em = typeof ref === 'string' ? /^Encounter\/([\w.-]+)$/.exec(ref) : null;
        if (!em) v.add('context.encounter[0]', 'must be an Encounter reference');
        else {
          const owner = ctx.encounterPatient(em[1]!);
          if (owner === undefined) v.add('context.encounter[0]', 'the encounter does not exist');
          else if (pm && owner !== pm[1]) {
            v.add('context.encounter[0]', 'the encounter belongs to another patient than subject');
          }
        }
      }
    }
  }
  return v.list;
}
