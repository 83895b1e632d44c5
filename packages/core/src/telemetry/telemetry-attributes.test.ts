import { describe, expect, it } from 'vitest';
import {
  REDACTED,
  redactTelemetryAttributes,
  safeAttributeValue,
  TELEMETRY_ATTRIBUTE_RULES,
  type TelemetryAttributes,
} from './telemetry-attributes.js';

describe('redactTelemetryAttributes', () => {
  it('keeps listed keys with values of their shape', () => {
    const attrs: TelemetryAttributes = {
      'http.request.method': 'GET',
      'http.response.status_code': 503,
      'http.request.resend_count': 2,
      'server.address': 'fhir-ehr-code.cerner.com',
      'server.port': 443,
      'url.template': '/r4/{tenant}/Patient/{id}',
      'error.type': 'server_error',
      'cerner.action': 'getPatientEncounters',
      'cerner.tenant_id': 'ec2458f2-1e24-41c8-b71b-0e701af7583d',
      'cerner.request_id': 'a1b2c3d4-0000-4f00-8000-00000000abcd',
      'cerner.fhir.in_doubt': true,
      'cerner.retry.delay_ms': 1500,
      'cerner.token.scopes': ['system/Patient.read', 'system/Encounter.rs', 'launch'],
      'hl7.message_type': 'ORU^R01^ORU_R01',
      'hl7.control_id': 'CK20261204.17',
      'hl7.ack_code': 'AE',
      'hl7.version': '2.5.1',
    };
    expect(redactTelemetryAttributes(attrs)).toEqual(attrs);
  });

  it('accepts the hosts it will see: names, IPv4, IPv6', () => {
    for (const host of ['127.0.0.1', 'localhost', '[::1]', '::1']) {
      expect(redactTelemetryAttributes({ 'server.address': host })).toEqual({
        'server.address': host,
      });
    }
  });

  it('redacts strings of the wrong shape: names, dates, SSNs, note text, full URLs', () => {
    const out = redactTelemetryAttributes({
      'hl7.control_id': 'QUAGMIRE^ZEBULON',
      'cerner.request_id': '1961-07-04',
      'cerner.tenant_id': '123-45-6789',
      'hl7.message_type': 'Patient reports dizziness',
      'url.template': 'https://x.example/r4/t/Patient?identifier=urn:oid:1|7734221',
      'http.request.method': 'get',
      'cerner.token.scopes': ['system/Patient.read', 'Zebulon Quagmire'],
      'fhir.resource_type': '12724066',
      'server.address': 'host/path?mrn=1',
    });
    expect(out).toEqual({
      'hl7.control_id': REDACTED,
      'cerner.request_id': REDACTED,
      'cerner.tenant_id': REDACTED,
      'hl7.message_type': REDACTED,
      'url.template': REDACTED,
      'http.request.method': REDACTED,
      'cerner.token.scopes': ['system/Patient.read', REDACTED],
      'fhir.resource_type': REDACTED,
      'server.address': REDACTED,
    });
  });

  it('url.template refuses literal segments with digits (an id left in the path)', () => {
    expect(redactTelemetryAttributes({ 'url.template': '/r4/{tenant}/Patient/12724066' })).toEqual({
      'url.template': REDACTED,
    });
    expect(
      redactTelemetryAttributes({ 'url.template': '/r4/{tenant}/Patient/{id}/_history/{vid}' }),
    ).toEqual({ 'url.template': '/r4/{tenant}/Patient/{id}/_history/{vid}' });
  });

  it('drops unlisted keys, undefined values, numbers out of range and non-boolean flags', () => {
    const input = {
      'patient.name': 'Zebulon',
      'url.full': 'https://x/Patient/1',
      'http.response.status_code': 42,
      'cerner.fhir.in_doubt': 'yes',
      'server.port': 1.5,
      'cerner.action': undefined,
    } as unknown as TelemetryAttributes;
    expect(redactTelemetryAttributes(input)).toEqual({});
  });

  it('never passes a non-string through a string rule', () => {
    const input = { 'hl7.control_id': { toString: () => 'x' } } as unknown as TelemetryAttributes;
    expect(redactTelemetryAttributes(input)).toEqual({ 'hl7.control_id': REDACTED });
  });

  it('caps lists', () => {
    const scopes = Array.from({ length: 100 }, () => 'system/Patient.read');
    const out = redactTelemetryAttributes({ 'cerner.token.scopes': scopes });
    expect(out['cerner.token.scopes']).toHaveLength(64);
  });

  it('has no rule that takes free text', () => {
    // Every pattern refuses spaces, '|', '?', '&', '@' and '^'-separated names with lower case.
    for (const [key, rule] of Object.entries(TELEMETRY_ATTRIBUTE_RULES)) {
      if (rule.kind !== 'pattern' && rule.kind !== 'list') continue;
      for (const bad of ['Zebulon Quagmire', 'a|b', 'a?b=c', 'x@y.z', 'Quagmire^Zebulon']) {
        expect(rule.re.test(bad), `${key} accepts ${bad}`).toBe(false);
      }
    }
  });
});

describe('safeAttributeValue', () => {
  it('passes a value of the right shape and redacts another', () => {
    expect(safeAttributeValue('hl7.message_type', 'ADR^A19')).toBe('ADR^A19');
    expect(safeAttributeValue('hl7.message_type', 'Smith^John')).toBe(REDACTED);
    expect(safeAttributeValue('hl7.message_type', 'DOE^JON')).toBe(REDACTED);
    expect(safeAttributeValue('hl7.message_type', 'ACK^R01^ACK')).toBe('ACK^R01^ACK');
  });
});
