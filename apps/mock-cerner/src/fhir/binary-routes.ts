import { Router, type Request, type Response } from 'express';
import type { Binary, DocumentReference } from 'fhir/r4.js';
import { sendOutcome } from '../http/operation-outcome.js';
import type { MockState } from '../state/mock-state.js';
import { acceptsJson, requestedMediaType } from './accept.js';
import { binaryPrefix } from './document-references.js';
import { requireScope } from './scope-check.js';

/**
 * `GET Binary/{prefix}-{documentId}`: the content of a stored DocumentReference. With a JSON
 * `Accept` (or none) a FHIR Binary `{contentType, data}` (base64); with `Accept` naming the
 * document's own media type (or `application/octet-stream`), the raw bytes; any other type -> 406.
 * Needs `system/Binary.read` or `system/DocumentReference.read` (v1 or v2 style).
 *
 * @param state - the mock's state
 * @returns the router
 * @example
 * ```ts
 * router.use(createBinaryRoutes(state));
 * ```
 */
export function createBinaryRoutes(state: MockState): Router {
  const router = Router();
  router.get(
    '/Binary/:id',
    requireScope('Binary', 'read', ['system/DocumentReference.r']),
    (req: Request, res: Response) => {
      const id = String(req.params.id);
      const m = /^([A-Z]+)-([A-Za-z0-9.]{1,64})$/.exec(id);
      const doc = m ? state.store.get<DocumentReference>('DocumentReference', m[2]!) : undefined;
      // One Binary per rendition: the prefix picks the content entry (XR PDF, TR text, XML …).
      const attachment = doc?.content.find(
        (c) => binaryPrefix(c.attachment.contentType ?? '') === m![1],
      )?.attachment;
      const contentType = attachment?.contentType ?? 'application/octet-stream';
      if (!doc || !attachment?.data) {
        return sendOutcome(res, 404, 'not-found', 'Not Found');
      }
      const wanted = requestedMediaType(req);
      if (wanted !== undefined && !acceptsJson(req)) {
        const mime = contentType.split(';')[0]!.trim().toLowerCase();
        if (wanted !== mime && wanted !== 'application/octet-stream') {
          res.status(406).set('Content-Length', '0').end();
          return;
        }
        res
          .status(200)
          .set('Content-Type', contentType)
          .send(Buffer.from(attachment.data, 'base64'));
        return;
      }
      const binary: Binary = { resourceType: 'Binary', id, contentType, data: attachment.data };
      res.status(200).type('application/fhir+json').send(JSON.stringify(binary));
    },
  );
  return router;
}
