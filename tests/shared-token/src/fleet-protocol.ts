/** Messages between the acceptance suite and its fleet workers (child processes). */
export type FleetRequest =
  | {
      type: 'start';
      id: number;
      redisUrl: string;
      encryptionKey: string;
      prefix: string;
      tokenUrl: string;
      fhirBaseUrl: string;
      clientId: string;
      clientSecret: string;
      clockMs: number;
    }
  | { type: 'clock'; id: number; ms: number }
  /** The access token this worker's FHIR client used last. */
  | { type: 'token'; id: number }
  | { type: 'store-ready'; id: number }
  | { type: 'run'; id: number; calls: number; patientId: string }
  | { type: 'stop'; id: number };

/** What a worker answers. */
export type FleetReply =
  | { type: 'ok'; id: number }
  | { type: 'error'; id: number; message: string }
  | { type: 'token'; id: number; accessToken: string }
  | {
      type: 'ran';
      id: number;
      ok: number;
      failed: number;
      failureCodes: string[];
      /** Token requests this worker sent during the run. */
      tokenRequests: number;
      /** 401 answers from the FHIR server during the run. */
      unauthorized: number;
      warnings: string[];
    };
