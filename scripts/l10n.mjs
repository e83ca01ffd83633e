// Collects every message Descent says into l10n/bundle.l10n.json, the English bundle whose keys
// every other language's bundle must have (a unit test checks that they match).
//
//   node scripts/l10n.mjs          rewrite l10n/bundle.l10n.json from the source
//   node scripts/l10n.mjs --check  exit 1 if it is out of date, or a message is not a literal
//
// A message is the first argument of t(…) or marked(…) imported from src/shared/l10n. It must be
// a string literal: it is the key the translations are looked up by, so a message built at run
// time could never have one.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIRS = ['src', 'webview'];
const FUNCTIONS = new Set(['t', 'marked']);
export const BUNDLE = path.join(root, 'l10n', 'bundle.l10n.json');

function* sourceFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield full;
  }
}

/** The names under which a file imports t / marked from the l10n module. */
function importedNames(file) {
  const names = new Map();
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (!/(^|\/)l10n$/.test(statement.moduleSpecifier.text)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const element of bindings.elements) {
      const imported = (element.propertyName ?? element.name).text;
      if (FUNCTIONS.has(imported)) names.set(element.name.text, imported);
    }
  }
  return names;
}

/** Every message in the source, and the calls whose message is not a literal. */
export function collectMessages() {
  const messages = new Map();
  const problems = [];
  for (const dir of SOURCE_DIRS) {
    for (const fileName of sourceFiles(path.join(root, dir))) {
      const text = fs.readFileSync(fileName, 'utf8');
      const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
      const names = importedNames(file);
      if (names.size === 0) continue;
      const visit = (node) => {
        if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && names.has(node.expression.text)) {
          const arg = node.arguments[0];
          const where = `${path.relative(root, fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
          if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) {
            if (!messages.has(arg.text)) messages.set(arg.text, where);
          } else {
            problems.push(`${where}: ${node.expression.text}() needs a string literal as its message (it is the translation's key)`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
    }
  }
  return { messages, problems };
}

/** The English bundle's text: every message mapped to itself, sorted. */
export function englishBundle(messages) {
  const sorted = [...messages.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `${JSON.stringify(Object.fromEntries(sorted.map((m) => [m, m])), null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { messages, problems } = collectMessages();
  for (const p of problems) console.error(p);
  const text = englishBundle(messages);
  if (process.argv.includes('--check')) {
    const now = fs.existsSync(BUNDLE) ? fs.readFileSync(BUNDLE, 'utf8') : '';
    if (now !== text) console.error('l10n/bundle.l10n.json is out of date: run `npm run l10n`.');
    process.exitCode = problems.length > 0 || now !== text ? 1 : 0;
  } else {
    fs.mkdirSync(path.dirname(BUNDLE), { recursive: true });
    fs.writeFileSync(BUNDLE, text);
    console.log(`l10n/bundle.l10n.json: ${messages.size} messages${problems.length ? `, ${problems.length} problems` : ''}`);
    process.exitCode = problems.length > 0 ? 1 : 0;
  }
}
