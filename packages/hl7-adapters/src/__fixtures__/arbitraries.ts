import fc from 'fast-check';

/**
 * Any Unicode code point, weighted towards ASCII (where HL7's delimiters live), as a string of one
 * code point. Much cheaper to set up than fast-check's `unit: 'binary'` (which builds its full
 * Unicode table on first use: over a second per test file). With `loneSurrogates`, unpaired
 * U+D800-U+DFFF code units are generated too (valid in a JS string, not in UTF-8).
 */
export function anyCodePoint(options: { loneSurrogates?: boolean } = {}): fc.Arbitrary<string> {
  return fc
    .oneof(
      { arbitrary: fc.integer({ min: 0, max: 0x7f }), weight: 6 },
      { arbitrary: fc.integer({ min: 0x80, max: 0x7ff }), weight: 2 },
      { arbitrary: fc.integer({ min: 0x800, max: 0xffff }), weight: 2 },
      { arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }), weight: 1 },
    )
    .filter((cp) => options.loneSurrogates === true || cp < 0xd800 || cp > 0xdfff)
    .map((cp) =>
      cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp),
    );
}

/**
 * Strings of {@link anyCodePoint}.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(anyString({ maxLength: 30 }), (s) => …));
 * ```
 */
export function anyString(
  constraints: { minLength?: number; maxLength?: number; loneSurrogates?: boolean } = {},
): fc.Arbitrary<string> {
  const { loneSurrogates, ...length } = constraints;
  return fc.string({ unit: anyCodePoint({ loneSurrogates: loneSurrogates ?? false }), ...length });
}
