import { z } from 'zod';
import { actions, isActionKey, type ActionKey } from './registry.js';

/**
 * One input field of an action, for CLIs and forms.
 *
 * @example
 * ```ts
 * const fields: ActionField[] = describeActionInput('createPatient');
 * ```
 */
export interface ActionField {
  /** Dotted for nested fields: `address.city`. */
  name: string;
  /** `string`, `integer`, `string | string[]`, or the allowed values: `male|female|other|unknown`. */
  type: string;
  required: boolean;
  description?: string;
  /** `date`, `date-time` or `email` when the string has a format. */
  format?: string;
  /** The allowed values of an enumeration. */
  enum?: string[];
}

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  description?: string;
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

function typeName(s: JsonSchema): string {
  if (s.enum) return s.enum.map(String).join('|');
  if (s.anyOf) return s.anyOf.map(typeName).join(' | ');
  if (s.type === 'array') return `${s.items ? typeName(s.items) : 'unknown'}[]`;
  if (Array.isArray(s.type)) return s.type.join(' | ');
  return s.type ?? 'unknown';
}

function fields(schema: JsonSchema, prefix: string, parentRequired: boolean): ActionField[] {
  const out: ActionField[] = [];
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    const required = parentRequired && (schema.required?.includes(key) ?? false);
    if (prop.type === 'object' && prop.properties) {
      out.push(...fields(prop, name, required));
      continue;
    }
    const strings = prop.enum?.every((v) => typeof v === 'string') ? prop.enum : undefined;
    out.push({
      name,
      type: typeName(prop),
      required,
      ...(prop.description ? { description: prop.description } : {}),
      ...(prop.format ? { format: prop.format } : {}),
      ...(strings ? { enum: strings } : {}),
    });
  }
  return out;
}

/**
 * The input fields of an action, derived from its zod schema (via `z.toJSONSchema`), for a CLI or
 * a form. Nested objects are flattened with dotted names (`address.city`).
 *
 * @param key - the action
 * @returns the fields in schema order
 * @throws {TypeError} for an unknown key
 * @example
 * ```ts
 * describeActionInput('findPatientByMrn');
 * // [{ name: 'mrn', type: 'string', required: true, description: 'The medical record number' },
 * //  { name: 'system', type: 'string', required: false, description: '…' }]
 * ```
 */
export function describeActionInput(key: ActionKey): ActionField[] {
  if (!isActionKey(key)) throw new TypeError(`unknown action ${String(key)}`);
  const schema = z.toJSONSchema(actions[key].input, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  return fields(schema, '', true);
}
