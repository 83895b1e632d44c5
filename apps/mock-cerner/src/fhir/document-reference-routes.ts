import { Router, type Request, type Response } from 'express';
import type { Binary, DocumentReference } from 'fhir/r4.js';
import { sendOutcome } from '../http/operation-outcome.js';
import type { MockState } from '../state/mock-state.js';
import { requireScope } from './bearer-auth.js';
import { searchBundle, selfLink } from './bundle.js';
import { createDocumentReference, documentReferenceView } from './document-references.js';
import { fhirBase, queryParams } from './fhir-base.js';
import { fhirJsonBody } from './json-body.js';
import { loadStructureValidator } from './validate-structure.js';
import { sendCreated, sendResource, sendViolations } from './write-responses.js';

/** DocumentReference create/read/search and the Binary that serves its content. */
export function createDocumentReferenceRoutes(state: MockState): Router {
  const router = Router();

  router.post('/DocumentReference', requireScope('DocumentReference', 'create'), ...fhirJsonBody(), (req: Request, res: Response) => {
    void (async () => {
      const body = req.body as Record<string, unknown>;
      const validate = await loadStructureValidator();
      const result = createDocumentReference(state, body);
      if (!result.ok) return sendViolations(res, result.violations);
      const structural = validate(result.resource);
      if (structural.length > 0) {
        state.store.remove('DocumentReference', result.resource.id!);
        return sendViolations(res, structural, 'structure');
      }
      sendCreated(res, fhirBase(state, req), result.resource, new Date(state.now()));
    })().catch(() => sendOutcome(res, 500, 'exception', 'Internal Server Error'));
  });

  router.get('/DocumentReference/:id', requireScope('DocumentReference', 'read'), (req: Request, res: Response) => {
    const doc = state.store.get<DocumentReference>('DocumentReference', String(req.params.id));
    if (!doc) return sendOutcome(res, 404, 'not-found', 'Not Found');
    sendResource(res, documentReferenceView(doc, fhirBase(state, req)));
  });

  router.get('/DocumentReference', requireScope('DocumentReference', 'search'), (req: Request, res: Response) => {
    const params = queryParams(req);
    const patient = params.get('patient') ?? params.get('subject')?.replace(/^Patient\//, '') ?? null;
    const idParam = params.get('_id');
    if (patient === null && idParam === null) return sendOutcome(res, 400, 'invalid', 'at least one of _id, patient, or subject must be provided');
    let docs = patient !== null ? state.store.documentsOf(patient) : idParam!.split(',').map((i) => state.store.get<DocumentReference>('DocumentReference', i)).filter((d): d is DocumentReference => d !== undefined);
    const encounter = params.get('encounter');
    if (encounter !== null) docs = docs.filter((d) => d.context?.encounter?.some((e) => e.reference === `Encounter/${encounter.replace(/^Encounter\//, '')}`));
    const base = fhirBase(state, req);
    const bundle = searchBundle({ base, selfUrl: selfLink(base, 'DocumentReference', params), resources: docs.map((d) => documentReferenceView(d, base)), total: docs.length });
    res.status(200).type('application/fhir+json').send(JSON.stringify(bundle));
  });

  router.get('/Binary/:id', requireScope('Binary', 'read', ['system/DocumentReference.r']), (req: Request, res: Response) => {
    const m = /^([A-Z]+)-([\w.]+)$/.exec(String(req.params.id));
    const doc = m ? state.store.get<DocumentReference>('DocumentReference', m[2]!) : undefined;
    const attachment = doc?.content[0]?.attachment;
    if (!doc || !attachment?.data) return sendOutcome(res, 404, 'not-found', 'Not Found');
    const accept = req.get('accept') ?? '';
    if (accept && !/json|\*\/\*/.test(accept)) {
      // Raw content when asked for it (Cerner serves renditions by Accept).
      res.status(200).type(attachment.contentType ?? 'application/octet-stream').send(Buffer.from(attachment.data, 'base64'));
      return;
    }
    const binary: Binary = { resourceType: 'Binary', id: String(req.params.id), contentType: attachment.contentType ?? 'application/octet-stream', data: attachment.data };
    res.status(200).type('application/fhir+json').send(JSON.stringify(binary));
  });
  return router;
}
