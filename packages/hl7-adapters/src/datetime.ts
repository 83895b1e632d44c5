import { invalidInput } from './errors.js';

/**
 * How much of a TS/DTM value was sent.
 *
 * @example
 * ```ts
 * parseHl7DateTime('197504')?.precision; // 'month'
 * ```
 */
export type Hl7DateTimePrecision =
  'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'millisecond';

/**
 * The result of {@link parseHl7DateTime}.
 *
 * @example
 * ```ts
 * parseHl7DateTime('20240315101502-0500')?.offsetMinutes; // -300
 * ```
 */
export interface ParsedHl7DateTime {
  /**
   * ISO 8601 / FHIR form keeping the precision: `1975`, `1975-04`, `1975-04-12`,
   * `2024-03-15T10:15:00` (hour and minute precision get `:00` seconds), `…:02.1`, plus
   * `+hh:mm` when the value carried an offset (no offset means "local time of the sender").
   */
  iso: string;
  precision: Hl7DateTimePrecision;
  /** The offset the value carried, in minutes east of UTC. */
  offsetMinutes?: number;
  /** Epoch milliseconds, when the value has a time and an offset. */
  epochMs?: number;
}

const TS =
  /^(\d{4})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:\.(\d{1,4}))?)?)?)?)?)?(?:([+-])(\d{2})(\d{2}))?$/;
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses an HL7 TS/DTM value `YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]`, keeping its
 * precision. The fraction is a decimal fraction of a second (`.1` is 100 ms). A TS with a
 * `^precision` component is read from its first component.
 *
 * @param value - the HL7 value
 * @returns the parsed value, or undefined when empty or not a valid date/time
 * @example
 * ```ts
 * parseHl7DateTime('20240315101502.1-0500');
 * // { iso: '2024-03-15T10:15:02.1-05:00', precision: 'millisecond', offsetMinutes: -300, epochMs: 1710515702100 }
 * ```
 */
export function parseHl7DateTime(value: string): ParsedHl7DateTime | undefined {
  const m = TS.exec(value.split('^')[0]?.trim() ?? '');
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, sign, oh, om] = m;
  const year = Number(y);
  let iso = y ?? '';
  let precision: Hl7DateTimePrecision = 'year';
  if (mo !== undefined) {
    if (Number(mo) < 1 || Number(mo) > 12) return undefined;
    iso += `-${mo}`;
    precision = 'month';
  }
  if (d !== undefined) {
    if (Number(d) < 1 || Number(d) > daysInMonth(year, Number(mo))) return undefined;
    iso += `-${d}`;
    precision = 'day';
  }
  if (h !== undefined) {
    if (Number(h) > 23 || Number(mi ?? 0) > 59 || Number(s ?? 0) > 59) return undefined;
    iso += `T${h}:${mi ?? '00'}:${s ?? '00'}`;
    precision = s !== undefined ? 'second' : mi !== undefined ? 'minute' : 'hour';
    if (frac !== undefined) {
      iso += `.${frac}`;
      precision = 'millisecond';
    }
  }
  const out: ParsedHl7DateTime = { iso, precision };
  if (sign !== undefined) {
    if (Number(oh) > 14 || Number(om) > 59) return undefined;
    const offset = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
    out.offsetMinutes = offset;
    if (h !== undefined) {
      out.iso += `${sign}${oh}:${om}`;
      const ms = frac !== undefined ? Math.round(Number(`0.${frac}`) * 1000) : 0;
      const local = Date.UTC(
        year,
        Number(mo) - 1,
        Number(d),
        Number(h),
        Number(mi ?? 0),
        Number(s ?? 0),
        ms,
      );
      out.epochMs = local - offset * 60_000;
    }
  }
  return out;
}

/**
 * An HL7 date/time as a FHIR `date` or `dateTime`. FHIR requires an offset with a time: when
 * the value has none, `defaultOffsetMinutes` is applied, and without that the value is reduced
 * to its date.
 *
 * @param value - the HL7 value
 * @param defaultOffsetMinutes - the sender's offset, for values that carry none
 * @returns the FHIR value, or undefined when empty or invalid
 * @example
 * ```ts
 * hl7ToFhirDateTime('202403151015', -300); // '2024-03-15T10:15:00-05:00'
 * hl7ToFhirDateTime('202403151015'); // '2024-03-15'
 * ```
 */
export function hl7ToFhirDateTime(
  value: string,
  defaultOffsetMinutes?: number,
): string | undefined {
  const p = parseHl7DateTime(value);
  if (!p) return undefined;
  if (!p.iso.includes('T') || p.offsetMinutes !== undefined) return p.iso;
  if (defaultOffsetMinutes === undefined) return p.iso.slice(0, 10);
  return p.iso + formatOffset(defaultOffsetMinutes, ':');
}

function formatOffset(minutes: number, sep = ''): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}${sep}${pad(abs % 60)}`;
}

/**
 * Options of {@link formatHl7DateTime}.
 *
 * @example
 * ```ts
 * formatHl7DateTime(new Date(), { precision: 'minute', offsetMinutes: 60 });
 * ```
 */
export interface FormatHl7DateTimeOptions {
  /** Offset east of UTC in minutes to render the time in (default: the offset of an ISO string input, else 0). */
  offsetMinutes?: number;
  /** Default `second`. `day` drops the time and the offset. */
  precision?: 'day' | 'minute' | 'second' | 'millisecond';
}

/**
 * Formats a date/time as HL7 TS/DTM, `YYYYMMDDHHMMSS+ZZZZ` by default. Milliseconds are
 * zero-padded (`.005`). An ISO date-only string (`1975-04-12`) gives `19750412`.
 *
 * @param date - a Date, epoch milliseconds, or an ISO 8601 string
 * @param opts - offset and precision
 * @returns the HL7 value
 * @throws Hl7Error `invalid_input` (inputField `date` or `offsetMinutes`) for invalid values
 * @example
 * ```ts
 * formatHl7DateTime(new Date('2024-03-15T15:15:02Z'), { offsetMinutes: -300 }); // '20240315101502-0500'
 * ```
 */
export function formatHl7DateTime(
  date: Date | string | number,
  opts: FormatHl7DateTimeOptions = {},
): string {
  let offset = opts.offsetMinutes;
  let ms: number;
  if (typeof date === 'string') {
    const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    if (day) {
      if (Number.isNaN(Date.parse(date))) throw invalidInput('date', 'not a valid date');
      return `${day[1]}${day[2]}${day[3]}`;
    }
    const off = /(?:([+-])(\d{2}):?(\d{2})|Z)$/.exec(date);
    if (offset === undefined && off) {
      offset =
        off[1] === undefined
          ? 0
          : (off[1] === '-' ? -1 : 1) * (Number(off[2]) * 60 + Number(off[3]));
    }
    ms = Date.parse(date);
  } else {
    ms = date instanceof Date ? date.getTime() : date;
  }
  if (!Number.isFinite(ms)) throw invalidInput('date', 'not a valid date');
  offset ??= 0;
  if (!Number.isInteger(offset) || Math.abs(offset) > 14 * 60) {
    throw invalidInput('offsetMinutes', 'must be a whole number of minutes between -840 and 840');
  }
  const t = new Date(ms + offset * 60_000);
  const ymd = `${pad(t.getUTCFullYear(), 4)}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}`;
  const precision = opts.precision ?? 'second';
  if (precision === 'day') return ymd;
  let out = `${ymd}${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}`;
  if (precision !== 'minute') out += pad(t.getUTCSeconds());
  if (precision === 'millisecond') out += `.${pad(t.getUTCMilliseconds(), 3)}`;
  return out + formatOffset(offset);
}
