/**
 * `GET /`: a short page linking the inspector, the default tenant's discovery document and its
 * FHIR base (relative links: no value from the request is reflected into the page).
 *
 * @param tenantId - the default tenant (a validated, URL-safe id)
 * @returns the HTML
 * @example
 * ```ts
 * res.type('text/html').send(landingPage(DEFAULT_TENANT_ID));
 * ```
 */
export function landingPage(tenantId: string): string {
  const t = encodeURIComponent(tenantId);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mock-cerner</title>
<style>body{font:15px system-ui,sans-serif;margin:2rem;max-width:42rem;color:#222}code{font-size:13px}</style>
</head><body>
<h1>mock-cerner</h1>
<p>An offline Cerner (Oracle Health Millennium) sandbox: SMART token issuer, FHIR R4, HL7 MLLP.</p>
<ul>
<li><a href="/admin/inspector">Inspector</a>: requests, HL7 messages and the store</li>
<li><a href="/r4/${t}/.well-known/smart-configuration">SMART discovery</a> and the <a href="/r4/${t}/metadata">CapabilityStatement</a></li>
<li>FHIR base: <code>/r4/${t}</code> (a bearer token from <code>/tenants/${t}/protocols/oauth2/profiles/smart-v1/token</code>)</li>
<li>Tenants: <a href="/admin/tenants">/admin/tenants</a></li>
</ul>
</body></html>`;
}
