import { describe, expect, it } from 'vitest';
import { Hl7Error } from '../errors.js';
import { parseFieldPath, parseHl7Path } from './path.js';

describe('parseHl7Path', () => {
  it('parses every form', () => {
    expect(parseHl7Path('PID-3[2].1.2')).toEqual({
      segment: 'PID',
      field: 3,
      repetition: 2,
      component: 1,
      subcomponent: 2,
    });
    expect(parseHl7Path('MSH-9.2')).toEqual({ segment: 'MSH', field: 9, component: 2 });
    expect(parseHl7Path('OBX(3)-5')).toEqual({ segment: 'OBX', occurrence: 3, field: 5 });
    expect(parseHl7Path('OBX[3]-5')).toEqual({ segment: 'OBX', occurrence: 3, field: 5 });
    expect(parseHl7Path('ZP1.2')).toEqual({ segment: 'ZP1', field: 2 });
    expect(parseFieldPath('5.1')).toEqual({ segment: '', field: 5, component: 1 });
    expect(parseFieldPath(7)).toEqual({ segment: '', field: 7 });
  });

  it.each(['PID', 'pid-3', 'PID-0', 'PID-3[0]', 'PID-3..1', 'PID-3.1.2.3', 'PID-x', ''])(
    'rejects %j',
    (p) => {
      try {
        parseHl7Path(p);
        expect.unreachable();
      } catch (e) {
        expect(
          Hl7Error.isInstance(e) && e.code === 'invalid_input' && e.inputField === 'path',
        ).toBe(true);
      }
    },
  );
});
