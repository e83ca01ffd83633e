import { type FormattingOptions, type ParseError, findNodeAtLocation, modify, parseTree, printParseErrorCode } from 'jsonc-parser';
import { describeParseError } from './core/config';
import { lineColumnAt } from './core/locate';
import { t } from './shared/l10n';

/** One replacement in a text: `length` characters at `offset` become `content`. */
export interface TextChange {
  offset: number;
  length: number;
  content: string;
}

/**
 * The changes that set one top-level key of training.json text (`learningRate`, `normalize`,
 * `epochs`: what a verdict's fix names), and nothing else: the value the config uses is replaced
 * (with duplicate keys the last one, as JSON.parse keeps it), or the key is inserted when absent,
 * keeping comments and formatting. Refused, with why, when the text is not valid JSON or not an
 * object: a typo such as `"learningRate" 2` would otherwise get a second key appended, and a
 * `null` or `[]` file cannot hold one.
 */
export function valueChanges(text: string, key: string, value: number | string, eol: '\n' | '\r\n'): TextChange[] | { refused: string } {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true });
  const [error] = errors;
  if (error) {
    const at = lineColumnAt(text, error.offset);
    return { refused: t('training.json is not valid JSON at line {0}, column {1} ({2}); fix it before setting {3}.', at.line, at.column, describeParseError(printParseErrorCode(error.error)), key) };
  }
  if (!root || root.type !== 'object') return { refused: t('training.json is not an object ({ … }), so it has no {0} to set; fix it first.', key) };
  const props = (root.children ?? []).filter((p) => p.children?.[0]?.value === key);
  const node = props[props.length - 1]?.children?.[1] ?? findNodeAtLocation(root, [key]);
  if (node) return [{ offset: node.offset, length: node.length, content: JSON.stringify(value) }];
  const options: FormattingOptions = { insertSpaces: true, tabSize: 2, eol };
  return modify(text, [key], value, { formattingOptions: options });
}
