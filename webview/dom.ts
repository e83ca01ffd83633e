/** A small element builder for the page: text goes in as text nodes, never as HTML. */

type Attrs = Record<string, string | number | boolean | null | undefined>;
export type Child = Node | string | null | undefined | false;

/**
 * Creates an element with attributes and children; `false`/`null` attributes and children are
 * skipped, `true` sets an empty attribute. e.g. `h('th', { scope: 'row' }, 'SGD')`.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  el.append(...children.flat().filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
  return el;
}

/**
 * Replaces an element's children with `build()`'s unless `key` is what it was last drawn from:
 * unchanged sections keep their nodes, so screen readers are not re-told them and focus stays put.
 */
export function fill(el: HTMLElement, key: string, build: () => Child[]): void {
  if (el.dataset.key === key) return;
  el.dataset.key = key;
  el.replaceChildren(...build().filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
}
