import { describe, expect, it } from 'vitest';
import { createFaultRegistry, parseFaultRules } from './faults.js';
import { describeMllpFault, mllpTypeMatches } from './mllp-fault-rules.js';

const error = (rule: Record<string, unknown>): string => {
  const parsed = parseFaultRules({ rules: [{ path: 'Patient/*', status: 500 }, rule] });
  if (typeof parsed !== 'string') throw new Error(`accepted: ${JSON.stringify(rule)}`);
  return parsed;
};

describe('MLLP fault rules', () => {
  it('accepts each effect, with a type, a type alone, or no type', () => {
    const rules = [
      { protocol: 'mllp', messageType: 'ORU^R01', ack: 'AE', times: 1 },
      { protocol: 'mllp', messageType: 'qry^a19', ack: 'AR' },
      { protocol: 'mllp', messageType: 'ORU', latencyMs: 20 },
      { protocol: 'mllp', drop: true, dropAfterStore: true, latencyMs: 5 },
      { protocol: 'mllp', noReply: true, dropAfterStore: false },
      { protocol: 'mllp', ack: 'AE', latencyMs: 10 },
      { protocol: 'http', path: 'Patient/*', status: 503 },
    ];
    expect(parseFaultRules({ rules })).toEqual(rules);
  });

  it('refuses a bad rule with a text naming the field', () => {
    const cases: [Record<string, unknown>, string][] = [
      [
        { protocol: 'ftp', path: 'x', status: 500 },
        "rules[1].protocol: 'http' (the default) or 'mllp'",
      ],
      [{ protocol: 'mllp', messageType: 'ORU^R01^ORU_R01', ack: 'AE' }, 'rules[1].messageType'],
      [{ protocol: 'mllp', messageType: 'ORU R01', ack: 'AE' }, 'rules[1].messageType'],
      [{ protocol: 'mllp', messageType: 7, ack: 'AE' }, 'rules[1].messageType'],
      [{ protocol: 'mllp', ack: 'AA' }, 'rules[1].ack: AE or AR'],
      [{ protocol: 'mllp', ack: 'CE' }, 'rules[1].ack: AE or AR'],
      [{ protocol: 'mllp', drop: 'yes' }, 'rules[1].drop: true or false'],
      [{ protocol: 'mllp', noReply: 1 }, 'rules[1].noReply: true or false'],
      [
        { protocol: 'mllp', drop: true, dropAfterStore: 'y' },
        'rules[1].dropAfterStore: true or false',
      ],
      [{ protocol: 'mllp', latencyMs: -1 }, 'rules[1].latencyMs: 0 to 60000'],
      [{ protocol: 'mllp', latencyMs: 60_001 }, 'rules[1].latencyMs: 0 to 60000'],
      [{ protocol: 'mllp', ack: 'AE', times: 0 }, 'rules[1].times: a positive integer'],
      [{ protocol: 'mllp', ack: 'AE', times: 1.5 }, 'rules[1].times: a positive integer'],
      [{ protocol: 'mllp', drop: true, noReply: true }, 'rules[1].noReply: not with drop'],
      [{ protocol: 'mllp', ack: 'AE', drop: true }, 'rules[1].ack: not with drop or noReply'],
      [{ protocol: 'mllp', noReply: true, latencyMs: 5 }, 'rules[1].latencyMs: not with noReply'],
      [
        { protocol: 'mllp', ack: 'AE', dropAfterStore: true },
        'rules[1].dropAfterStore: only with drop or noReply',
      ],
      [{ protocol: 'mllp', drop: false }, 'rules[1]: give ack, latencyMs, drop or noReply'],
      [{ protocol: 'mllp' }, 'rules[1]: give ack, latencyMs, drop or noReply'],
      [{ protocol: 'mllp', path: 'Patient/*', ack: 'AE' }, 'rules[1].path: an HTTP rule field'],
      [{ protocol: 'mllp', status: 500 }, 'rules[1].status: an HTTP rule field'],
      [{ protocol: 'mllp', ack: 'AE', delay: 5 }, 'rules[1].delay: not a field of an mllp rule'],
      // an HTTP rule (no protocol) with MLLP fields forgot its protocol
      [
        { messageType: 'ORU^R01', ack: 'AE' },
        "rules[1].protocol: 'mllp' is required for a rule with messageType",
      ],
      [
        { path: 'x', status: 500, noReply: true },
        "rules[1].protocol: 'mllp' is required for a rule with noReply",
      ],
    ];
    for (const [rule, text] of cases) expect(error(rule)).toContain(text);
  });

  it('matches a type with its event, a type alone, or anything; case-insensitively', () => {
    expect(mllpTypeMatches(undefined, 'QRY^A19')).toBe(true);
    expect(mllpTypeMatches('ORU', 'ORU^R01')).toBe(true);
    expect(mllpTypeMatches('oru^r01', 'ORU^R01')).toBe(true);
    expect(mllpTypeMatches('ORU^R01', 'ORU^R30')).toBe(false);
    expect(mllpTypeMatches('ORU', 'MDM^T02')).toBe(false);
    expect(mllpTypeMatches('ORU', 'ORUX^R01')).toBe(false);
  });

  it('keeps HTTP and MLLP rules apart, counts times down per protocol, lists all in order', () => {
    const reg = createFaultRegistry();
    reg.set([
      { protocol: 'mllp', messageType: 'ORU^R01', ack: 'AE', times: 2 },
      { path: '/**', status: 503 },
      { protocol: 'mllp', latencyMs: 5 },
    ]);
    expect(reg.match('GET', '/r4/t/Patient/1')?.status).toBe(503);
    expect(reg.matchMllp('QRY^A19')).toEqual({ protocol: 'mllp', latencyMs: 5 });
    expect(reg.matchMllp('ORU^R01')).toMatchObject({ ack: 'AE' });
    expect(reg.list()).toEqual([
      { protocol: 'mllp', messageType: 'ORU^R01', ack: 'AE', times: 1 },
      { path: '/**', status: 503 },
      { protocol: 'mllp', latencyMs: 5 },
    ]);
    expect(reg.matchMllp('ORU^R01')).toMatchObject({ ack: 'AE' });
    expect(reg.matchMllp('ORU^R01')).toEqual({ protocol: 'mllp', latencyMs: 5 });
    expect(reg.list()).toHaveLength(2);
    reg.set([{ protocol: 'mllp', ack: 'AR' }]);
    expect(reg.match('GET', '/r4/t/Patient/1')).toBeUndefined();
  });

  it('names the applied fault for the request log', () => {
    expect(describeMllpFault({ protocol: 'mllp', ack: 'AR' })).toBe('ack AR');
    expect(describeMllpFault({ protocol: 'mllp', drop: true })).toBe('drop');
    expect(
      describeMllpFault({ protocol: 'mllp', drop: true, dropAfterStore: true, latencyMs: 20 }),
    ).toBe('latency 20 ms + drop after store');
    expect(describeMllpFault({ protocol: 'mllp', noReply: true, dropAfterStore: true })).toBe(
      'no reply after store',
    );
  });
});
