import { Router, type Request, type Response } from 'express';
import type { Identifier, Patient } from 'fhir/r4.js';
import { sendOutcome } from '../http/operation-outcome.js';
import type { MockState } from '../state/mock-state.js';
import { requireScope } from './bearer-auth.js';
import { searchBundle, selfLink } from './bundle.js';
import { fhirBase, queryParams } from './fhir-base.js';
import { fhirJsonBody } from './json-body.js';
import { checkPatientCreate } from './patient-rules.js';
import { mrnIdentifier } from './seed/cerner-shapes.js';
import { SANDBOX_MRN_SYSTEM } from './store.js';
import { loadStructureValidator } from './validate-structure.js';
import { sendCreated, sendResource, sendViolations } from './write-responses.js';

const SEARCH_PARAMS = ['_id', 'identifier', 'name', 'family', 'given', 'birthdate', 'phone', 'email', 'address-postalcode', '-pageContext'];
const MISSING_PARAMS_TEXT =
  'at least one of _id, identifier, name, family, given, birthdate, phone, email, address-postalcode, or -pageContext must be provided';

function nameMatches(p: Patient, param: string, value: string): boolean {
  const v = value.toLowerCase();
  return (p.name ?? []).some((n) => {
    const parts = param === 'family' ? [n.family] : param === 'given' ? n.given ?? [] : [n.family, ...(n.given ?? []), n.text];
    return parts.some((s) => s?.toLowerCase().startsWith(v));
  });
}

/** Patient read, search (identifier, _id, name parts, birthdate) and create, with Cerner's rules. */
export function createPatientRoutes(state: MockState): Router {
  const router = Router();

  router.get('/Patient/:id', requireScope('Patient', 'read'), (req: Request, res: Response) => {
    const p = state.store.get<Patient>('Patient', String(req.params.id));
    if (!p) return sendOutcome(res, 404, 'not-found', 'Not Found');
    sendResource(res, p);
  });

  router.get('/Patient', requireScope('Patient', 'search'), (req: Request, res: Response) => {
    const params = queryParams(req);
    if (!SEARCH_PARAMS.some((k) => params.has(k))) return sendOutcome(res, 400, 'invalid', MISSING_PARAMS_TEXT);
    for (const k of ['identifier', 'name', 'family', 'given', 'birthdate', 'phone', 'email', 'address-postalcode', 'gender']) {
      if (params.getAll(k).length > 1 || (k !== 'birthdate' && params.get(k)?.includes(','))) {
        return sendOutcome(res, 400, 'invalid', `${k} may be given once, with one value`);
      }
    }
    let ids: string[] | undefined;
    const identifier = params.get('identifier');
    if (identifier !== null) {
      const bar = identifier.indexOf('|');
      const system = bar < 0 ? undefined : identifier.slice(0, bar);
      const value = bar < 0 ? identifier : identifier.slice(bar + 1);
      if (value === '') return sendOutcome(res, 400, 'invalid', 'identifier needs a value (system|value)');
      ids = state.store.findPatientsByIdentifier(system, value);
    }
    const idParam = params.get('_id');
    if (idParam !== null) {
      const wanted = idParam.split(',');
      ids = ids ? ids.filter((i) => wanted.includes(i)) : wanted;
    }
    let patients = (ids ?? state.store.list('Patient').map((p) => p.id!))
      .map((i) => state.store.get<Patient>('Patient', i))
      .filter((p): p is Patient => p !== undefined && p.active !== false);
    for (const k of ['name', 'family', 'given'] as const) {
      const v = params.get(k);
      if (v !== null) patients = patients.filter((p) => nameMatches(p, k, v));
    }
    const birthdate = params.get('birthdate');
    if (birthdate !== null) patients = patients.filter((p) => p.birthDate === birthdate.replace(/^eq/, ''));
    const gender = params.get('gender');
    if (gender !== null) patients = patients.filter((p) => p.gender === gender);
    if (patients.length > 1000) return sendOutcome(res, 422, 'business-rule', 'Unprocessable Content: more than 1000 patients match');
    const base = fhirBase(state, req);
    const bundle = searchBundle({ base, selfUrl: selfLink(base, 'Patient', params), resources: patients, total: patients.length });
    res.status(200).type('application/fhir+json').send(JSON.stringify(bundle));
  });

  router.post('/Patient', requireScope('Patient', 'create'), ...fhirJsonBody(), (req: Request, res: Response) => {
    void (async () => {
      const body = req.body as Record<string, unknown>;
      const violations = checkPatientCreate(body);
      if (violations.length > 0) return sendViolations(res, violations);
      const validate = await loadStructureValidator();
      const structural = validate(body as unknown as Patient);
      if (structural.length > 0) return sendViolations(res, structural, 'structure');
      const input = body as unknown as Patient;
      const id = state.store.allocateId();
      const mrn = state.store.allocateMrn();
      // Millennium assigns the MRN: the first identifier (assigner only) is replaced by it.
      const identifiers: Identifier[] = [mrnIdentifier(id, mrn, SANDBOX_MRN_SYSTEM), ...(input.identifier ?? []).slice(1)];
      const now = new Date(state.now());
      const patient: Patient = {
        ...input,
        id,
        meta: { versionId: '0', lastUpdated: now.toISOString() },
        identifier: identifiers,
        active: true,
        name: (input.name ?? []).map((n, i) => ({
          id: `CI-${id}-${i}`,
          ...n,
          text: [n.family, (n.given ?? []).join(' ')].filter(Boolean).join(', '),
        })),
        ...(input.telecom ? { telecom: input.telecom.map((t) => ({ ...t, rank: t.rank ?? 1 })) } : {}),
      };
      state.store.put(patient);
      sendCreated(res, fhirBase(state, req), patient, now);
    })().catch(() => sendOutcome(res, 500, 'exception', 'Internal Server Error'));
  });
  return router;
}
