import { Router, type Request, type Response } from 'express';
import type { DocumentReference } from 'fhir/r4.js';
import { sendOutcome } from '../http/operation-outcome.js';
import type { MockState } from '../state/mock-state.js';
import { searchBundle, selfLink } from './bundle.js';
import { documentReferenceView } from './document-references.js';
import { fhirBase, queryParams } from './fhir-base.js';
import { fhirJsonBody } from './json-body.js';
import { requireScope } from './scope-check.js';
import { DOCUMENT_REFERENCE_SEARCH_SPEC, modifierProblem } from './search-modifiers.js';
import { refId } from './store.js';
import { validatedCreate } from './validated-create.js';
import { sendJson, sendResource } from './write-responses.js';

/** Cerner-style 400 text when no required DocumentReference search parameter is given. */
export const DOCUMENT_MISSING_PARAMS_TEXT =
  'at least one of _id, patient, or subject must be provided';

/**
 * DocumentReference create (Cerner's §G.1 rules, then FHIR structure; 201 with an empty body,
 * `Location`, `Etag: W/"1"`), read (attachment `url` to the Binary instead of `data`) and search
 * (`patient` or `subject`, optional `encounter`; or `_id`).
 *
 * @param state - the mock's state
 * @returns the router
 * @example
 * ```ts
 * router.use(createDocumentReferenceRoutes(state));
 * ```
 */
export function createDocumentReferenceRoutes(state: MockState): Router {
  const router = Router();

  router.post(
    '/DocumentReference',
    requireScope('DocumentReference', 'create'),
    fhirJsonBody(),
    validatedCreate(state, (body, validateStructure) =>
      state.store.createDocumentReference(body, { validateStructure }),
    ),
  );

  router.get(
    '/DocumentReference/:id',
    requireScope('DocumentReference', 'read'),
    (req: Request, res: Response) => {
      const doc = state.store.get<DocumentReference>('DocumentReference', String(req.params.id));
      if (!doc) return sendOutcome(res, 404, 'not-found', 'Not Found');
      sendResource(res, documentReferenceView(doc, fhirBase(state, req)));
    },
  );

  router.get(
    '/DocumentReference',
    requireScope('DocumentReference', 'search'),
    (req: Request, res: Response) => {
      const params = queryParams(req);
      const modifier = modifierProblem(params, DOCUMENT_REFERENCE_SEARCH_SPEC);
      if (modifier !== undefined) return sendOutcome(res, 400, 'invalid', modifier);
      const subject = params.get('subject');
      const patient =
        params.get('patient') ?? (subject !== null ? (refId(subject, 'Patient') ?? '') : null);
      const idParam = params.get('_id');
      if (patient === null && idParam === null) {
        return sendOutcome(res, 400, 'invalid', DOCUMENT_MISSING_PARAMS_TEXT);
      }
      let docs =
        patient !== null
          ? state.store.documentsOf(patient)
          : idParam!
              .split(',')
              .map((i) => state.store.get<DocumentReference>('DocumentReference', i))
              .filter((d): d is DocumentReference => d !== undefined);
      if (patient !== null && idParam !== null) {
        docs = docs.filter((d) => idParam.split(',').includes(d.id!));
      }
      const encounter = params.get('encounter');
      if (encounter !== null) {
        const eid = refId(encounter, 'Encounter') ?? encounter;
        docs = docs.filter((d) =>
          d.context?.encounter?.some((e) => refId(e.reference, 'Encounter') === eid),
        );
      }
      const base = fhirBase(state, req);
      sendJson(
        res,
        searchBundle({
          base,
          selfUrl: selfLink(base, 'DocumentReference', params),
          resources: docs.map((d) => documentReferenceView(d, base)),
          total: docs.length,
        }),
      );
    },
  );
  return router;
}
