import { Scalar, stringify } from 'yaml';

/**
 * One YAML document as the generated deploy files print it: block style,
 * 120 columns, no anchors for objects used twice (the Kubernetes labels), and
 * every string a YAML 1.1 reader would take for something else (`"1000"`,
 * `"yes"`, `"0400"`) double-quoted. YAML 1.1 because kubectl still reads it:
 * an unquoted `yes` would reach the API server as a boolean.
 */
export function yamlDocument(value: unknown): string {
  return stringify(value, { version: '1.1', aliasDuplicateObjects: false, lineWidth: 120 });
}

/**
 * A string written double-quoted whatever its content. For Compose port
 * mappings: `22:22` is a base-60 number to YAML 1.1, and Docker's documentation
 * quotes every mapping, so the generated files do too.
 */
export function doubleQuoted(value: string): Scalar<string> {
  const scalar = new Scalar(value);
  scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}
