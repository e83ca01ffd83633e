import { parseTree, type Node } from 'jsonc-parser';
import type { JsonPath, Problem } from './problems';

/** A span of training.json text; `line` and `column` are 1-based, for messages like `file:3:20`. */
export interface TextSpan {
  offset: number;
  length: number;
  line: number;
  column: number;
}

/** 1-based line and column of a character offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * The node at `path`, where a duplicated key means its last occurrence: the one the config uses
 * (JSON.parse keeps the last), so squiggles and fixes land on the value that ran.
 */
function findUsedNode(root: Node, path: JsonPath): Node | undefined {
  let node: Node | undefined = root;
  for (const segment of path) {
    if (!node) return undefined;
    if (typeof segment === 'string') {
      if (node.type !== 'object') return undefined;
      const props: Node[] = (node.children ?? []).filter((p) => p.children?.[0]?.value === segment);
      node = props[props.length - 1]?.children?.[1];
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
function nodeAlong(root: Node, path: JsonPath): Node {
  for (let n = path.length; n >= 0; n--) {
    const node = findUsedNode(root, path.slice(0, n));
    if (node) return node;
  }
  return root;
}

/**
 * Where a problem sits in the text: its own offset for syntax errors, else the JSON value at its
 * path (or the property name, for `onKey` problems such as unknown keys).
 * e.g. in `{"learningRate": -1}` the path `["learningRate"]` spans `-1` at 1:18.
 */
export function locateProblem(text: string, p: Problem, root?: Node): TextSpan {
  let offset = 0;
  let length = 0;
  if (p.offset !== undefined) {
    offset = p.offset;
    length = p.length ?? 0;
  } else {
    const tree = root ?? parseTree(text, [], { allowTrailingComma: true });
    if (tree) {
      let node = nodeAlong(tree, p.path);
      if (p.onKey && node.parent?.type === 'property' && node.parent.children?.[0]) node = node.parent.children[0];
      offset = node.offset;
      length = node.length;
    }
  }
  return { offset, length, ...lineColumnAt(text, offset) };
}
