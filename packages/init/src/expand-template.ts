/**
 * Expands `${NAME}` placeholders from `values`. Unknown names are left as
 * they are, so a literal `${…}` meant for a shell inside the command survives.
 */
export function expandTemplate(text: string, values: Readonly<Record<string, string | undefined>>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => values[name] ?? whole);
}
