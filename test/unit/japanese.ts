// What a Japanese surface may still show in Latin letters: single identifiers (training.json's
// keys, optimizer and dataset names, column names, symbols like λmax), never English prose. Prose
// is two or more English words in a row; this finds them so a test can show where English leaked.
const ALLOWED_PHRASES = [/\bVS Code\b/g, /\bDescent Lab\b/g, /\bDescent:/g];

/** The runs of English prose in `text` (empty when it reads as Japanese with identifiers). */
export function englishProse(text: string): string[] {
  let rest = text;
  for (const allowed of ALLOWED_PHRASES) rest = rest.replace(allowed, ' ');
  // Quoted JSON, paths, URLs and code spans are identifiers, not prose.
  rest = rest.replace(/`[^`]*`/g, ' ').replace(/"[^"]*"/g, ' ').replace(/\b[\w.-]+\.(json|csv|py|svg|png)\b/g, ' ').replace(/https?:\/\/\S+/g, ' ');
  return [...rest.matchAll(/\b[A-Za-z][a-z’']+(?:[ \t]+[a-z][a-z’']+)+\b/g)].map((m) => m[0]).filter((run) => run.split(/\s+/).length >= 2);
}
