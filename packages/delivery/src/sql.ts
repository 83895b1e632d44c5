/** @internal Quotes a schema name for SQL (validated at creation, quoted anyway). */
export const q = (schema: string): string => `"${schema.replace(/"/g, '""')}"`;

/**
 * @internal The delivery table, beside pg-boss's tables in the same schema. `payload` holds the
 * frozen request (patient data: protect the database like the EHR data it is).
 */
export function createTableSql(schema: string): string {
  const s = q(schema);
  return `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.delivery (
  id uuid PRIMARY KEY,
  kind text NOT NULL,
  patient_key text NOT NULL,
  state text NOT NULL,
  payload jsonb NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  ae_count integer NOT NULL DEFAULT 0,
  path text[] NOT NULL DEFAULT '{}',
  cerner_id text,
  ack_code text,
  control_id text,
  error jsonb,
  job_id uuid,
  next_attempt_at timestamptz,
  first_failure_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz
);
CREATE INDEX IF NOT EXISTS delivery_patient_key ON ${s}.delivery (patient_key, created_at);
CREATE INDEX IF NOT EXISTS delivery_state ON ${s}.delivery (state) WHERE state <> 'delivered';
CREATE INDEX IF NOT EXISTS delivery_cerner_id ON ${s}.delivery (kind, cerner_id) WHERE cerner_id IS NOT NULL;
`;
}

/** @internal Columns read back as a status. */
export const STATUS_COLUMNS = `id, kind, state, attempts, path, cerner_id, ack_code, control_id,
  error, next_attempt_at, created_at, updated_at, delivered_at`;
