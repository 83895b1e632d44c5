import express, { Router, type Request, type Response } from 'express';
import type { JSONWebKeySet } from 'jose';
import type { MockState } from '../state/mock-state.js';
import type { RegisteredClient } from './client-registry.js';

const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

function invalid(res: Response, field: string, description: string): void {
  res.status(400).json({ error: 'invalid_request', error_description: `${field}: ${description}`, field });
}

/** Parses and checks a registration; returns an error [field, text] or the client. */
export function parseClientRegistration(body: unknown): RegisteredClient | [string, string] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return ['body', 'expected a JSON object'];
  const b = body as Record<string, unknown>;
  if (typeof b.clientId !== 'string' || !/^[\w.:-]{1,128}$/.test(b.clientId)) return ['clientId', 'required: 1-128 of letters, digits, _ . : -'];
  const kinds = (['clientSecret', 'jwks', 'jwksUrl'] as const).filter((k) => b[k] !== undefined);
  if (kinds.length !== 1) return ['clientSecret', 'give exactly one of clientSecret, jwks, jwksUrl'];
  if (b.clientSecret !== undefined && (typeof b.clientSecret !== 'string' || b.clientSecret.length < 8)) {
    return ['clientSecret', 'at least 8 characters'];
  }
  if (b.jwks !== undefined) {
    const keys = (b.jwks as JSONWebKeySet | undefined)?.keys;
    if (!Array.isArray(keys) || keys.length === 0) return ['jwks', 'expected { keys: [...] } with at least one key'];
    for (const [i, k] of keys.entries()) {
      if (typeof k !== 'object' || k === null || typeof k.kty !== 'string' || typeof k.kid !== 'string') return [`jwks.keys[${i}]`, 'each key needs kty and kid'];
      if (PRIVATE_JWK_MEMBERS.some((m) => m in k)) return [`jwks.keys[${i}]`, 'only public keys may be registered'];
    }
  }
  if (b.jwksUrl !== undefined && (typeof b.jwksUrl !== 'string' || !/^https?:\/\//.test(b.jwksUrl) || !URL.canParse(b.jwksUrl))) {
    return ['jwksUrl', 'must be an http(s) URL'];
  }
  const scopes = typeof b.scopes === 'string' ? b.scopes.split(/\s+/).filter(Boolean) : b.scopes;
  if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every((s) => typeof s === 'string')) return ['scopes', 'a non-empty list of scopes'];
  const style = b.scopeStyle ?? 'both';
  if (style !== 'v1' && style !== 'v2' && style !== 'both') return ['scopeStyle', "one of 'v1', 'v2', 'both'"];
  return {
    clientId: b.clientId,
    ...(typeof b.clientSecret === 'string' ? { clientSecret: b.clientSecret } : {}),
    ...(b.jwks !== undefined ? { jwks: b.jwks as JSONWebKeySet } : {}),
    ...(typeof b.jwksUrl === 'string' ? { jwksUrl: b.jwksUrl } : {}),
    scopes: scopes,
    scopeStyle: style,
    ...(typeof b.name === 'string' ? { name: b.name } : {}),
  };
}

/** What the admin API shows of a client: never its secret. */
export function publicView(c: RegisteredClient): Record<string, unknown> {
  return {
    clientId: c.clientId,
    auth: c.clientSecret !== undefined ? 'client_secret_basic' : 'private_key_jwt',
    ...(c.jwksUrl ? { jwksUrl: c.jwksUrl } : {}),
    ...(c.jwks ? { kids: c.jwks.keys.map((k) => k.kid) } : {}),
    scopes: c.scopes,
    scopeStyle: c.scopeStyle,
    ...(c.name ? { name: c.name } : {}),
  };
}

/** `POST /admin/clients` registers a client; `GET /admin/clients` lists them without secrets. */
export function createClientAdminRouter(state: MockState): Router {
  const router = Router();
  router.post('/clients', express.json({ limit: '64kb', type: () => true }), (req: Request, res: Response) => {
    const parsed = parseClientRegistration(req.body);
    if (Array.isArray(parsed)) {
      invalid(res, parsed[0], parsed[1]);
      return;
    }
    state.clients.register(parsed);
    state.logger.info('mock-cerner: client registered', { clientId: parsed.clientId, scopes: parsed.scopes });
    res.status(201).json(publicView(parsed));
  });
  router.get('/clients', (_req: Request, res: Response) => {
    res.json(state.clients.list().map(publicView));
  });
  return router;
}
