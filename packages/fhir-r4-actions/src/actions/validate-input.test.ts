import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { validateInput } from './validate-input.js';

const schema = z.strictObject({
  name: z.string().min(1, 'must not be empty'),
  tags: z.union([z.string(), z.array(z.string().max(3, 'too long'))]).optional(),
  address: z.strictObject({ lines: z.array(z.string().max(5, 'at most 5')) }).optional(),
});

const err = (input: unknown): { field?: string; message: string; code: string } => {
  try {
    validateInput(schema, input, 'act');
  } catch (e) {
    return e as never;
  }
  throw new Error('expected an error');
};

describe('validateInput', () => {
  it('returns the parsed input', () => {
    expect(validateInput(schema, { name: 'x' }, 'act')).toEqual({ name: 'x' });
  });
  it('names nested paths with dots and [index]', () => {
    expect(err({ name: 'x', address: { lines: ['ok', 'far too long'] } })).toMatchObject({
      code: 'invalid_input',
      field: 'address.lines[1]',
      message: 'act: address.lines[1]: at most 5',
    });
  });
  it('reports the deepest union branch', () => {
    expect(err({ name: 'x', tags: ['a', 'abcd'] })).toMatchObject({
      field: 'tags[1]',
      message: 'act: tags[1]: too long',
    });
  });
  // Unknown keys are counted, never echoed: a key can hold data (#16). The field is the object
  // that holds them, and a key close to a valid name points at that name.
  it('says required for a missing field and counts unknown fields, naming the object', () => {
    expect(err({})).toMatchObject({ field: 'name', message: 'act: name: required (string)' });
    expect(err({ name: 'x', extra: 1 })).toMatchObject({
      field: 'input',
      message:
        'act: input: 1 unknown field (not sent to Cerner, so refused rather than silently dropped)',
    });
    expect(err({ name: 'x', address: { lines: [], zip: 1 } })).toMatchObject({
      field: 'address',
    });
  });
  it('points a misspelt key beside a missing field at the valid name, without repeating it', () => {
    expect(err({ Name: 'x' })).toMatchObject({
      field: 'name',
      message: 'act: name: required (string) (and 1 unknown field: did you mean name?)',
    });
    expect(err({ address: { line: ['a'] }, name: 'x', Tags: 'SECRET-VALUE' })).toMatchObject({
      field: 'address.lines',
      message:
        'act: address.lines: required (array) (and 2 unknown fields: did you mean address.lines, tags?)',
    });
  });
  it('never echoes an unknown key, which may hold data', () => {
    const e = err({ name: 'x', 'Jane Doe 1984-02-29': 'MRN 700123', tags: 'a' });
    expect(e).toMatchObject({
      field: 'input',
      message: expect.stringMatching(/^act: input: 1 unknown field \(/),
    });
    expect(e.message).not.toMatch(/Jane|1984|700123/);
    const nested = err({ name: 'x', address: { lines: [], 'Jane Doe': 1, lnes: 2 } });
    expect(nested).toMatchObject({
      field: 'address',
      message: expect.stringContaining('2 unknown fields: did you mean address.lines?'),
    });
    expect(nested.message).not.toContain('Jane');
  });
  it('refuses non-objects', () => {
    for (const v of [null, undefined, 'x', [1]]) expect(err(v)).toMatchObject({ field: 'input' });
  });
  it('never echoes the value', () => {
    expect(err({ name: 'x', tags: ['SECRET-VALUE'] }).message).not.toContain('SECRET');
  });
});
