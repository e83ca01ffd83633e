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
import { PROSE } from './prose.mjs';

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

/** Developer channels: what these receive is for a bug report or a log, not for the user's eyes. */
const DEVELOPER_CALLS = new Set(['log', 'debug', 'trace', 'assertNever', 'appendLine']);
const DEVELOPER_LOG_METHODS = new Set(['info', 'warn', 'error', 'debug', 'trace']);
/** Property names whose string values are markup, not words: CSS classes, ids, roles. */
const MARKUP_KEYS = new Set(['class', 'className', 'id', 'role']);
/** Generated source code (the exported PyTorch script) speaks English, like the code it is. */
const GENERATED = [path.join('src', 'core', 'export') + path.sep];

/**
 * English prose in string literals outside the bundles: a message the user would see in English
 * whatever the display language. Exempt, by rule: messages of t()/marked()/translate(); developer
 * channels (log/debug/trace lines, console, assertNever, thrown Errors); CSS classes, ids and
 * roles; HTML markup; Vega expressions; type positions and switch cases (keys, not text); the
 * generated PyTorch script; a literal on (or right under) a line marked `// l10n-key` (an
 * identifier that reads like English, shown to the user through a translation elsewhere, e.g. a
 * chart series name); and one marked `// not translated: <why>` (command syntax, internal reasons).
 */
export function strayProse(base = root) {
  const strays = [];
  for (const dir of SOURCE_DIRS.filter((d) => fs.existsSync(path.join(base, d)))) {
    for (const fileName of sourceFiles(path.join(base, dir))) {
      const rel = path.relative(base, fileName);
      if (GENERATED.some((g) => rel.startsWith(g))) continue;
      const text = fs.readFileSync(fileName, 'utf8');
      const lines = text.split('\n');
      const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
      const names = importedNames(file);
      const marker = /\/\/\s*(l10n-key|not translated)\b/;
      const keyLine = (line) => marker.test(lines[line] ?? '') || /^\s*\/\//.test(lines[line - 1] ?? '') && marker.test(lines[line - 1] ?? '');
      const visit = (node) => {
        if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isLiteralTypeNode(node) || ts.isCaseClause(node) || ts.isTypeNode(node)) return;
        if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
          const callee = node.expression;
          const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
          const object = ts.isPropertyAccessExpression(callee) ? callee.expression.getText(file) : '';
          if (ts.isIdentifier(callee) && (names.has(name) || name === 'translate')) return;
          if (DEVELOPER_CALLS.has(name) || object === 'console' || (DEVELOPER_LOG_METHODS.has(name) && /(^|\.)(output|log|logger|channel)$/i.test(object))) return;
          if (ts.isNewExpression(node) && /Error$/.test(name)) return;
        }
        if (ts.isThrowStatement(node)) return;
        if (ts.isPropertyAssignment(node) && MARKUP_KEYS.has(node.name.getText(file).replace(/['"]/g, ''))) return;
        let literal = null;
        if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literal = node.text;
        else if (ts.isTemplateExpression(node)) literal = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ');
        if (literal !== null) {
          const line = file.getLineAndCharacterOfPosition(node.getStart()).line;
          const bare = literal.replace(/`[^`]*`/g, ' ').replace(/"[^"]*"/g, ' ');
          if (PROSE.test(bare) && !/^\s*</.test(literal) && !/\bdatum\./.test(literal) && !keyLine(line)) strays.push(`${rel}:${line + 1}: ${literal.slice(0, 100).replace(/\s+/g, ' ')}`);
          return;
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
    }
  }
  return strays;
}

/** The English bundle's text: every message mapped to itself, sorted. */
export function englishBundle(messages) {
  const sorted = [...messages.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `${JSON.stringify(Object.fromEntries(sorted.map((m) => [m, m])), null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { messages, problems } = collectMessages();
  for (const p of problems) console.error(p);
  if (process.argv.includes('--strays')) {
    const strays = strayProse();
    for (const s of strays) console.error(`${s}  ← English prose outside t()`);
    problems.push(...strays);
  }
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
