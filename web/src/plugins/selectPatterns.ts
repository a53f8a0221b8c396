/**
 * The select patterns after a person ticks or unticks one stream or property in the catalog tree. Meltano's
 * rules: a bare `!stream` excludes a stream (`!stream.*` would only exclude its properties), `stream.*` selects it
 * with its properties, `stream.prop` / `!stream.prop` a property; an exclusion wins. Earlier patterns naming exactly
 * the same node are replaced, others kept; what the patterns then select is the Api's answer, not computed here.
 */
export function togglePattern(patterns: string[], stream: string, path: string | null, include: boolean): string[] {
  const escaped = stream.replaceAll('.', '\\.');
  const same = path === null ? [escaped, `${escaped}.*`] : [`${escaped}.${path}`];
  const kept = patterns.filter((p) => !same.includes(p.startsWith('!') ? p.slice(1) : p));
  const added = path === null ? (include ? `${escaped}.*` : `!${escaped}`) : `${include ? '' : '!'}${escaped}.${path}`;
  return [...kept, added];
}
