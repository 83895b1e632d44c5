import { parseArgs } from 'node:util';

/**
 * What the `mock-cerner` command line asks for.
 * @example
 * ```ts
 * const options: CliOptions = { port: 0, mllpPort: 0, host: '127.0.0.1', json: true, quiet: false };
 * ```
 */
export interface CliOptions {
  port: number;
  /** HL7 MLLP port (0 = any free port). */
  mllpPort: number;
  host: string;
  tenantId?: string;
  publicUrl?: string;
  json: boolean;
  quiet: boolean;
  /** `--log` / `--verbose`: one access-log line per request and HL7 message on stderr. */
  log?: true;
  /** `--admin-token`: the admin API's bearer token. */
  adminToken?: string;
  /** `--allow-remote-admin`: non-loopback peers may use the admin API (with the token). */
  allowRemoteAdmin?: true;
}

/**
 * The result of {@link parseCliArgs}: options, a help request, or a usage error (exit 2).
 * @example
 * ```ts
 * const parsed: CliParse = parseCliArgs(process.argv.slice(2));
 * if (parsed.kind === 'error') process.exitCode = 2;
 * ```
 */
export type CliParse =
  { kind: 'run'; options: CliOptions } | { kind: 'help' } | { kind: 'error'; message: string };

/**
 * Default port of the bin (0 picks any free port).
 * @example
 * ```ts
 * parseCliArgs([]); // options.port === DEFAULT_PORT
 * ```
 */
export const DEFAULT_PORT = 8080;

/**
 * Default HL7 MLLP port of the bin.
 * @example
 * ```ts
 * parseCliArgs([]); // options.mllpPort === DEFAULT_MLLP_PORT
 * ```
 */
export const DEFAULT_MLLP_PORT = 2575;

/**
 * The usage text printed by `--help` and after a usage error.
 * @example
 * ```ts
 * process.stdout.write(USAGE);
 * ```
 */
export const USAGE = `Usage: mock-cerner [--port N] [--mllp-port N] [--host H] [--tenant ID] [--public-url URL] [--json] [--quiet]
                   [--log] [--admin-token TOKEN] [--allow-remote-admin]

  --port N          port to listen on (default ${DEFAULT_PORT}; 0 = any free port)
  --mllp-port N     HL7 MLLP port (default ${DEFAULT_MLLP_PORT}; 0 = any free port)
  --host H          interface to bind (default 127.0.0.1, loopback only)
  --tenant ID       tenant id (default: Cerner's public sandbox tenant)
  --public-url URL  origin used in absolute URLs (default http://HOST:PORT)
  --json            print one JSON line (fhirBaseUrl, tokenUrl, tenantId, clients, adminUrl, inspectorUrl, mllpPort)
  --quiet           print nothing at start
  --log, --verbose  one line per request and per HL7 message on stderr (no bodies, queries or headers)
  --admin-token T   bearer token for the admin API and inspector (16+ characters; also
                    MOCK_CERNER_ADMIN_TOKEN); required when --host is not loopback
  --allow-remote-admin  let non-loopback peers use the admin API (needs --admin-token)
  -h, --help        this text
`;

function parsePort(text: string | undefined, fallback: number): number | undefined {
  if (text === undefined) return fallback;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  return Number.isInteger(port) && port <= 65535 ? port : undefined;
}

/**
 * Parses the `mock-cerner` arguments strictly (unknown flags and positionals are errors).
 *
 * @param argv - the arguments after the script (`process.argv.slice(2)`)
 * @returns what to do
 * @example
 * ```ts
 * parseCliArgs(['--port', '0', '--json']); // { kind: 'run', options: { port: 0, mllpPort: 2575, host: '127.0.0.1', json: true, quiet: false } }
 * ```
 */
export function parseCliArgs(argv: readonly string[]): CliParse {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        'mllp-port': { type: 'string' },
        host: { type: 'string' },
        tenant: { type: 'string' },
        'public-url': { type: 'string' },
        json: { type: 'boolean' },
        quiet: { type: 'boolean' },
        log: { type: 'boolean' },
        verbose: { type: 'boolean' },
        'admin-token': { type: 'string' },
        'allow-remote-admin': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
  }
  if (values.help) return { kind: 'help' };
  const port = parsePort(values.port as string | undefined, DEFAULT_PORT);
  if (port === undefined) {
    return { kind: 'error', message: '--port must be an integer from 0 to 65535' };
  }
  const mllpPort = parsePort(values['mllp-port'] as string | undefined, DEFAULT_MLLP_PORT);
  if (mllpPort === undefined) {
    return { kind: 'error', message: '--mllp-port must be an integer from 0 to 65535' };
  }
  const host = (values.host as string | undefined) ?? '127.0.0.1';
  if (host === '' || /[\s/]/.test(host)) {
    return { kind: 'error', message: '--host must be a host name or IP address' };
  }
  const tenantId = values.tenant as string | undefined;
  if (tenantId !== undefined && !/^[A-Za-z0-9._~-]{1,128}$/.test(tenantId)) {
    return {
      kind: 'error',
      message: '--tenant must be 1-128 URL-safe characters (letters, digits, . _ ~ -)',
    };
  }
  const publicUrl = values['public-url'] as string | undefined;
  if (publicUrl !== undefined) {
    const u = URL.canParse(publicUrl) ? new URL(publicUrl) : undefined;
    if (
      !u ||
      (u.protocol !== 'http:' && u.protocol !== 'https:') ||
      (u.pathname !== '/' && u.pathname !== '') ||
      u.search ||
      u.hash
    ) {
      return {
        kind: 'error',
        message: '--public-url must be an http(s) origin such as https://mock.example:8443',
      };
    }
  }
  if (values.json && values.quiet) {
    return { kind: 'error', message: '--json and --quiet exclude each other' };
  }
  const adminToken = values['admin-token'] as string | undefined;
  if (adminToken !== undefined && !/^[\x21-\x7e]{16,256}$/.test(adminToken)) {
    return {
      kind: 'error',
      message: '--admin-token must be 16-256 printable characters, no spaces',
    };
  }
  if (values['allow-remote-admin'] && adminToken === undefined) {
    return { kind: 'error', message: '--allow-remote-admin needs --admin-token' };
  }
  return {
    kind: 'run',
    options: {
      port,
      mllpPort,
      host,
      ...(tenantId !== undefined ? { tenantId } : {}),
      ...(publicUrl !== undefined ? { publicUrl: publicUrl.replace(/\/$/, '') } : {}),
      json: values.json === true,
      quiet: values.quiet === true,
      ...(values.log || values.verbose ? { log: true as const } : {}),
      ...(adminToken !== undefined ? { adminToken } : {}),
      ...(values['allow-remote-admin'] ? { allowRemoteAdmin: true as const } : {}),
    },
  };
}
