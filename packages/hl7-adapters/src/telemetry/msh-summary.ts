/**
 * MSH-9 (message type) and MSH-12 (version) read from the first segment only, for span names
 * and attributes. Nothing else of the message is looked at.
 *
 * @param message - ER7 text starting with `MSH`
 * @returns `messageType` as `ORU^R01` or `ORU^R01^ORU_R01` (components joined with `^`
 *   whatever the message's component separator), `version` as `2.5.1`; each undefined when absent
 * @throws never
 * @example
 * ```ts
 * mshSummary('MSH|^~\\&|A|B|C|D|20261204||ORU^R01|42|P|2.5.1\rPID|…'); // { messageType: 'ORU^R01', version: '2.5.1' }
 * ```
 */
export function mshSummary(message: string): { messageType?: string; version?: string } {
  if (!message.startsWith('MSH') || message.length < 8) return {};
  const field = message.charAt(3);
  const component = message.charAt(4);
  let end = message.length;
  for (const sep of ['\r', '\n']) {
    const at = message.indexOf(sep);
    if (at !== -1 && at < end) end = at;
  }
  // MSH-1 is the separator itself: MSH-n is at split index n-1.
  const fields = message.slice(0, end).split(field);
  const type = fields[8]
    ?.split(component)
    .slice(0, 3)
    .map((c) => c.trim())
    .filter((c, i, all) => c !== '' || i < all.length - 1);
  const version = fields[11]?.split(component)[0]?.trim();
  return {
    ...(type !== undefined && type.length > 0 && type[0] !== ''
      ? { messageType: type.join('^') }
      : {}),
    ...(version ? { version } : {}),
  };
}
