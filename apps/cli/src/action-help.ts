import { actions, describeActionInput, type ActionKey } from '@cerner-kit/fhir-r4-actions';

/**
 * The text `cerner-fhir run <action> --help` prints: what the action does, the scopes it needs
 * and one line per input field, with the flag that sets it.
 *
 * @param key - the action
 * @returns the help text (ends with a newline)
 * @example
 * ```ts
 * process.stdout.write(actionHelp('findPatientByMrn'));
 * ```
 */
export function actionHelp(key: ActionKey): string {
  const action = actions[key];
  const fields = describeActionInput(key);
  const width = Math.max(...fields.map((f) => f.name.length + 2));
  const lines = fields.map((f) => {
    const flag = `--${f.name}`.padEnd(width);
    const list = f.type.includes('[]') ? ' (repeat the flag for a list)' : '';
    return `  ${flag}  ${f.required ? 'required' : 'optional'}, ${f.type}${f.description ? `: ${f.description}` : ''}${list}`;
  });
  const example = fields
    .filter((f) => f.required)
    .map((f) => `--${f.name} …`)
    .join(' ');
  return `${action.title} (${key}): ${action.description}
Scopes: ${action.requiredScopes.join(' ')} (SMART v2: ${action.requiredScopesV2.join(' ')})

Usage: cerner-fhir run ${key}${example ? ` ${example}` : ''}
       cerner-fhir run ${key} --input '<json object>'

Fields:
${lines.join('\n')}
`;
}
