import type { RunningMockCerner } from './start-mock-cerner.js';

/**
 * The human-readable block `mock-cerner` prints at start: URLs (FHIR base, both token URL forms,
 * discovery, admin, inspector), the default client's credentials and scopes, and a curl example.
 *
 * @param running - the started mock
 * @returns the text, ending with a newline
 * @example
 * ```ts
 * process.stdout.write(startupBanner(await startMockCerner({ port: 8080 })));
 * ```
 */
export function startupBanner(running: RunningMockCerner): string {
  const lines = [
    'mock-cerner: an offline Cerner (Oracle Health Millennium) sandbox',
    `  FHIR base      ${running.fhirBaseUrl}`,
    `  token URL      ${running.tokenUrl}`,
    `                 ${running.hostTokenUrl}`,
    `  discovery      ${running.fhirBaseUrl}/.well-known/smart-configuration`,
    `  tenant         ${running.tenantId}`,
    `  admin          ${running.adminUrl}`,
    `  inspector      ${running.inspectorUrl}`,
  ];
  if (running.mllpPort !== undefined) {
    lines.push(`  HL7 MLLP       ${running.host}:${running.mllpPort}  (QRY^A19, ORU^R01, MDM^T02)`);
  }
  const c = running.clients[0];
  if (c) {
    lines.push(
      '',
      `  default system client (${c.clientSecret !== undefined ? 'client_secret_basic' : 'private_key_jwt'})`,
      `    client id    ${c.clientId}`,
      ...(c.clientSecret !== undefined ? [`    secret       ${c.clientSecret}`] : []),
      `    scopes       ${c.scopes.join(' ')}`,
    );
    if (c.clientSecret !== undefined) {
      lines.push(
        '',
        '  try:',
        `    curl -s -u '${c.clientId}:${c.clientSecret}' -d grant_type=client_credentials -d 'scope=${c.scopes[0] ?? 'system/Patient.read'}' '${running.tokenUrl}'`,
      );
    }
  }
  lines.push('', '  Ctrl-C to stop.');
  return `${lines.join('\n')}\n`;
}
