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
  it('says required for a missing field and names unknown fields', () => {
    expect(err({})).toMatchObject({ field: 'name', message: 'act: name: required (string)' });
    expect(err({ name: 'x', extra: 1 })).toMatchObject({
      field: 'extra',
      message: expect.stringMatching(/unknown field/),
    });
    expect(err({ name: 'x', address: { lines: [], zip: 1 } })).toMatchObject({
      field: 'address.zip',
    });
  });
  it('names an unknown field beside a missing one, so a misspelt key is obvious', () => {
    expect(err({ Name: 'x' })).toMatchObject({
      field: 'name',
      message: 'act: name: required (string) (and unknown field Name: a typo?)',
    });
    expect(err({ address: { line: ['a'] }, name: 'x', Tags: 'SECRET-VALUE' })).toMatchObject({
      field: 'address.lines',
      message:
        'act: address.lines: required (array) (and unknown fields address.line, Tags: a typo?)',
    });
  });
  it('refuses non-objects', () => {
    for (const v of [null, undefined, 'x', [1]]) expect(err(v)).toMatchObject({ field: 'input' });
  });
  it('never echoes the value', () => {
    expect(err({ name: 'x', tags: ['SECRET-VALUE'] }).message).not.toContain('SECRET');
  });
});
