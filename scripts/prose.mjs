// The one rule for "English prose" that the localization checks share (scripts/l10n.mjs's stray
// literals, the unit tests' and the UI tests' Japanese surfaces): two or more English words in a
// row. A single identifier (training.json's keys, SGD, Adam, column names, λmax) is not prose.

/** Two or more English words in a row. */
export const PROSE = /\b[A-Za-z][a-z’']+(?:[ \t]+[a-z][a-z’']+)+\b/;

const ALLOWED_PHRASES = /\bVS Code\b|\bDescent Lab\b|\bDescent:/g;

/**
 * The runs of English prose in `text` (empty when it reads as Japanese with identifiers). Quoted
 * JSON, code spans, file names and URLs are identifiers, not prose; so are the product's names.
 */
export function englishProse(text) {
  const rest = String(text)
    .replace(ALLOWED_PHRASES, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/"[^"]*"/g, ' ')
    .replace(/\b[\w.-]+\.(json|csv|py|svg|png)\b/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ');
  return [...rest.matchAll(new RegExp(PROSE.source, 'g'))].map((m) => m[0]);
}
