// A small stand-in for the browser's DOM, enough for the pages' layouts (webview/render.ts,
// runsTable.ts, modelSection.ts, lab/render.ts) to build and refill themselves in node: elements
// with attributes, children, text, `hidden`, `dataset` and listeners, text nodes, and a document
// that finds elements by id. `installFakeDom` puts it on globalThis; `pageText` reads back what a
// user (or a screen reader) is told: every text node and every aria-label, title and placeholder.

type Listener = (event: unknown) => void;

class FakeNode {
  parentNode: FakeElement | null = null;
}

class FakeText extends FakeNode {
  constructor(public data: string) {
    super();
  }
  get textContent(): string {
    return this.data;
  }
}

type Child = FakeElement | FakeText;

export class FakeElement extends FakeNode {
  readonly tagName: string;
  readonly childNodes: Child[] = [];
  readonly dataset: Record<string, string> = {};
  private readonly attrs = new Map<string, string>();
  private readonly listeners = new Map<string, Listener[]>();
  readonly classList = {
    toggle: (name: string, on?: boolean) => {
      const names = new Set((this.getAttribute('class') ?? '').split(/\s+/).filter(Boolean));
      if (on ?? !names.has(name)) names.add(name);
      else names.delete(name);
      this.setAttribute('class', [...names].join(' '));
    },
    contains: (name: string) => (this.getAttribute('class') ?? '').split(/\s+/).includes(name),
  };

  constructor(
    tag: string,
    private readonly doc: FakeDocument,
  ) {
    super();
    this.tagName = tag.toUpperCase();
  }

  setAttribute(name: string, value: string): void {
    this.attrs.set(name, String(value));
  }
  getAttribute(name: string): string | null {
    return this.attrs.get(name) ?? null;
  }
  removeAttribute(name: string): void {
    this.attrs.delete(name);
  }
  hasAttribute(name: string): boolean {
    return this.attrs.has(name);
  }
  /** The attributes a user is told, by name. */
  attributeEntries(): [string, string][] {
    return [...this.attrs.entries()];
  }

  get id(): string {
    return this.getAttribute('id') ?? '';
  }
  get className(): string {
    return this.getAttribute('class') ?? '';
  }
  get hidden(): boolean {
    return this.hasAttribute('hidden');
  }
  set hidden(on: boolean) {
    if (on) this.setAttribute('hidden', '');
    else this.removeAttribute('hidden');
  }

  get children(): FakeElement[] {
    return this.childNodes.filter((c): c is FakeElement => c instanceof FakeElement);
  }
  get textContent(): string {
    return this.childNodes.map((c) => c.textContent).join('');
  }
  set textContent(text: string) {
    this.replaceChildren(text);
  }
  get isConnected(): boolean {
    let top = this.parentNode;
    while (top?.parentNode) top = top.parentNode;
    return this === this.doc.documentElement || top === this.doc.documentElement;
  }

  append(...nodes: (Child | string)[]): void {
    for (const node of nodes) {
      const child = typeof node === 'string' ? new FakeText(node) : node;
      if (child.parentNode) child.parentNode.childNodes.splice(child.parentNode.childNodes.indexOf(child), 1);
      child.parentNode = this;
      this.childNodes.push(child);
    }
  }
  appendChild<T extends Child>(node: T): T {
    this.append(node);
    return node;
  }
  replaceChildren(...nodes: (Child | string)[]): void {
    for (const c of this.childNodes) c.parentNode = null;
    this.childNodes.length = 0;
    this.append(...nodes);
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  /** Calls the element's listeners for `type`, as a click or change would. */
  dispatch(type: string): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ type, target: this });
  }

  /** Every element under this one, depth first. */
  *descendants(): Generator<FakeElement> {
    for (const c of this.children) {
      yield c;
      yield* c.descendants();
    }
  }
  /** Only `tag` and `#id` selectors: what the layouts ask for. */
  querySelector(selector: string): FakeElement | null {
    for (const el of this.descendants()) if (selector.startsWith('#') ? el.id === selector.slice(1) : el.tagName === selector.toUpperCase()) return el;
    return null;
  }
  focus(): void {
    this.doc.activeElement = this;
  }
  scrollIntoView(): void {}
  getContext(): null {
    return null;
  }
}

export class FakeDocument {
  readonly documentElement: FakeElement;
  readonly body: FakeElement;
  activeElement: FakeElement;
  title = '';
  constructor() {
    this.documentElement = new FakeElement('html', this);
    this.body = new FakeElement('body', this);
    this.documentElement.append(this.body);
    this.activeElement = this.body;
  }
  createElement(tag: string): FakeElement {
    return new FakeElement(tag, this);
  }
  createElementNS(_ns: string, tag: string): FakeElement {
    return new FakeElement(tag, this);
  }
  getElementById(id: string): FakeElement | null {
    return this.documentElement.querySelector(`#${id}`);
  }
}

/** A fresh document on globalThis (with `HTMLElement`, `getComputedStyle`, `requestAnimationFrame`); returns it. */
export function installFakeDom(): FakeDocument {
  const doc = new FakeDocument();
  const g = globalThis as Record<string, unknown>;
  g.document = doc;
  g.HTMLElement = FakeElement;
  g.HTMLInputElement = class extends FakeElement {};
  g.getComputedStyle = () => ({ getPropertyValue: () => '' });
  g.requestAnimationFrame = (callback: () => void) => setTimeout(callback, 0);
  return doc;
}

/** The attributes whose words a user is told: by a screen reader or as a tooltip. */
const TOLD_ATTRIBUTES = ['aria-label', 'aria-valuetext', 'title', 'placeholder'];

/** What `root` tells a user, one string a text node or attribute (empty ones left out). */
export function pageText(root: FakeElement): string[] {
  const out: string[] = [];
  const walk = (el: FakeElement) => {
    for (const [name, value] of el.attributeEntries()) if (TOLD_ATTRIBUTES.includes(name) && value.trim()) out.push(value);
    for (const c of el.childNodes) {
      if (c instanceof FakeElement) walk(c);
      else if (c.data.trim()) out.push(c.data);
    }
  };
  walk(root);
  return out;
}
