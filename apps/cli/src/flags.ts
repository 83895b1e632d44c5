/**
 * Turns `--field value` pairs into an input object: `--given A --given B` makes a list,
 * `--address.city X` a nested field, `--input '{"…"}'` gives the whole object as JSON.
 * Values that look like integers become numbers only for the names in `numeric`.
 */
export function flagsToInput(
  args: readonly string[],
  numeric: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  let input: Record<string, unknown> = {};
  const lists = new Set<string>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}: use --field value`);
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    const raw = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (raw === undefined) throw new Error(`--${name} needs a value`);
    if (name === 'input') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch (e) {
        // JSON.parse's message can quote the text (patient data): keep only where it failed,
        // and leave the error out as `cause`, where an inspector would print it.
        const at = /position (\d+)/.exec((e as Error).message);
        // eslint-disable-next-line preserve-caught-error -- the cause quotes the input
        throw new Error(`--input is not valid JSON${at ? ` (at character ${at[1]})` : ''}`);
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new Error('--input needs a JSON object');
      }
      input = { ...input, ...(parsed as Record<string, unknown>) };
      continue;
    }
    const value: unknown = numeric.has(name) && /^-?\d+$/.test(raw) ? Number(raw) : raw;
    const path = name.split('.');
    // `--__proto__.x` would write into Object.prototype (and every object would then "have" x).
    if (
      path.some((p) => p === '' || p === '__proto__' || p === 'constructor' || p === 'prototype')
    ) {
      throw new Error(`--${name}: not a field name`);
    }
    let target = input;
    for (const [i, p] of path.slice(0, -1).entries()) {
      const next = (target[p] ??= {}) as unknown;
      if (typeof next !== 'object' || next === null || Array.isArray(next)) {
        throw new Error(`--${name}: --${path.slice(0, i + 1).join('.')} already has a value`);
      }
      target = next as Record<string, unknown>;
    }
    const leaf = path[path.length - 1]!;
    if (leaf in target) {
      target[leaf] = lists.has(name)
        ? [...(target[leaf] as unknown[]), value]
        : [target[leaf], value];
      lists.add(name);
    } else {
      target[leaf] = value;
    }
  }
  return input;
}
