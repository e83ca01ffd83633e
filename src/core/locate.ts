import { parseTree, type Node } from 'jsonc-parser';
import type { JsonPath, Problem } from '../shared/problems';

/** A span of training.json text; `line` and `column` are 1-based, for messages like `file:3:20`. */
export interface TextSpan {
  offset: number;
  length: number;
  line: number;
  column: number;
}

/**
 * Offset → 1-based line and column in `text`, counting line breaks as a VS Code TextDocument does:
 * `\n`, `\r\n` and a lone `\r` each end a line. Built once per text (one pass), then each lookup is a
 * binary search, so locating thousands of problems stays linear in the text.
 * e.g. in `"a\rb"` offset 2 is line 2, column 1.
 */
export function lineColumns(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (c === 10 || c === 13) starts.push(i + 1);
  }
  return (offset) => {
    const at = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - (starts[lo] as number) + 1 };
  };
}

/** 1-based line and column of a character offset (see `lineColumns`; build that once for many lookups). */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  return lineColumns(text)(offset);
}

/**
 * A parsed training.json to locate many problems in: the syntax tree, the line table, and per
 * object the last property of each key, built on first use, so every lookup costs the length of its
 * path rather than the size of the file.
 */
export class TextIndex {
  readonly lineColumn: (offset: number) => { line: number; column: number };
  private readonly keys = new WeakMap<Node, Map<string, Node>>();
  private tree: { root: Node | undefined } | null = null;

  constructor(readonly text: string) {
    this.lineColumn = lineColumns(text);
  }

  /** The syntax tree, parsed on first use: problems that carry their offset (a too-deep file) need none. */
  get root(): Node | undefined {
    this.tree ??= { root: parseTree(this.text, [], { allowTrailingComma: true }) };
    return this.tree.root;
  }

  /** The value of `key` in an object node: its last occurrence, the one JSON.parse keeps. */
  property(node: Node, key: string): Node | undefined {
    let map = this.keys.get(node);
    if (!map) {
      map = new Map();
      for (const p of node.children ?? []) {
        const name = p.children?.[0]?.value;
        const value = p.children?.[1];
        if (typeof name === 'string' && value) map.set(name, value);
      }
      this.keys.set(node, map);
    }
    return map.get(key);
  }
}

/**
 * The node at `path`, where a duplicated key means its last occurrence: the one the config uses
 * (JSON.parse keeps the last), so squiggles and fixes land on the value that ran.
 */
function findUsedNode(index: TextIndex, root: Node, path: JsonPath, length: number): Node | undefined {
  let node: Node | undefined = root;
  for (let k = 0; k < length; k++) {
    const segment = path[k] as string | number;
    if (!node) return undefined;
    if (typeof segment === 'string') {
      if (node.type !== 'object') return undefined;
      node = index.property(node, segment);
    } else {
      if (node.type !== 'array') return undefined;
      node = node.children?.[segment];
    }
  }
  return node;
}

/**
 * The deepest node that exists along `path`: a problem about `data.features[3]` in a file whose
 * `features` has two items still lands on `features`.
 */
function nodeAlong(index: TextIndex, root: Node, path: JsonPath): Node {
  for (let n = path.length; n >= 0; n--) {
    const node = findUsedNode(index, root, path, n);
    if (node) return node;
  }
  return root;
}

/**
 * Where a problem sits in the text: its own offset for syntax errors, else the JSON value at its
 * path (or the property name, for `onKey` problems such as unknown keys). Pass one `TextIndex` of
 * the text to locate many problems.
 * e.g. in `{"learningRate": -1}` the path `["learningRate"]` spans `-1` at 1:18.
 */
export function locateProblem(text: string, p: Problem, index: TextIndex = new TextIndex(text)): TextSpan {
  let offset = 0;
  let length = 0;
  if (p.offset !== undefined) {
    offset = p.offset;
    length = p.length ?? 0;
  } else {
    const root = index.root;
    if (!root) return { offset, length, ...index.lineColumn(offset) };
    let node = nodeAlong(index, root, p.path);
    if (p.onKey && node.parent?.type === 'property' && node.parent.children?.[0]) node = node.parent.children[0];
    offset = node.offset;
    length = node.length;
  }
  return { offset, length, ...index.lineColumn(offset) };
}
