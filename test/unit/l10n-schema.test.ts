// The training.json schema in Japanese: every text of the schema (title, description,
// markdownDescription, errorMessage, a snippet's label) is marked for the bundle and translated by
// localizeSchema, and VS Code's JSON language service shows the Japanese in a hover.
import { afterEach, describe, expect, it } from 'vitest';
import { type JSONSchema, TextDocument, getLanguageService } from 'vscode-json-languageservice';
import { type JsonSchema, TRAINING_SCHEMA, localizeSchema } from '../../src/core/schema';
import { setLanguage } from '../../src/shared/l10n';
import jaBundle from '../../l10n/bundle.l10n.ja.json';
import { englishProse } from './japanese';

afterEach(() => setLanguage({ locale: 'en' }));

const TEXT_KEYS = ['title', 'description', 'markdownDescription', 'errorMessage'] as const;

/** Every text of `schema` with where it is, e.g. `{ at: 'properties.learningRate.description', text: '学習率: …' }`. */
function textsOf(schema: unknown, at = ''): { at: string; text: string }[] {
  if (Array.isArray(schema)) return schema.flatMap((v, i) => textsOf(v, `${at}[${i}]`));
  if (schema === null || typeof schema !== 'object') return [];
  return Object.entries(schema).flatMap(([key, value]) => {
    const here = at ? `${at}.${key}` : key;
    if (typeof value === 'string' && ((TEXT_KEYS as readonly string[]).includes(key) || (key === 'label' && at.startsWith('defaultSnippets')))) return [{ at: here, text: value }];
    // Values a file holds are no text: defaults, enums, a snippet's body.
    if (key === 'default' || key === 'enum' || key === 'const' || key === 'body') return [];
    return textsOf(value, here);
  });
}

function japaneseSchema(): JsonSchema {
  setLanguage({ locale: 'ja', bundle: jaBundle });
  return localizeSchema(TRAINING_SCHEMA);
}

describe('the training.json schema in Japanese', () => {
  it('translates every description, markdownDescription, errorMessage, title and snippet label: no English prose is left', () => {
    const texts = textsOf(japaneseSchema());
    // The English schema has as many texts, so the walk found them all.
    expect(texts.length).toBe(textsOf(TRAINING_SCHEMA).length);
    expect(texts.length).toBeGreaterThan(70);
    expect(texts.filter((t) => englishProse(t.text).length > 0).map((t) => ({ at: t.at, prose: englishProse(t.text) }))).toEqual([]);
    // Every text changed, except the title, which is the product's and the file's names.
    const english = new Map(textsOf(TRAINING_SCHEMA).map((t) => [t.at, t.text]));
    expect(texts.filter((t) => t.text === english.get(t.at)).map((t) => t.at)).toEqual(['title']);
  });

  it('keeps the JSON examples, key names and formulas of the markdown verbatim', () => {
    const schema = japaneseSchema();
    const codeSpans = (s: string | undefined) => (s?.match(/`[^`]*`/g) ?? []).sort();
    const pairs = textsOf(schema).map((t) => [t.at, t.text] as const);
    const english = new Map(textsOf(TRAINING_SCHEMA).map((t) => [t.at, t.text]));
    for (const [at, text] of pairs) if (at.endsWith('markdownDescription')) expect(codeSpans(text), at).toEqual(codeSpans(english.get(at)));
    expect(schema.properties?.learningRate?.markdownDescription).toContain('**学習率**');
    expect(schema.properties?.batchSize?.markdownDescription).toMatch(/確率的勾配降下法 \(SGD\)[\s\S]*ミニバッチ確率的勾配降下法/);
    expect(schema.properties?.epochs?.description).toContain('エポック');
  });

  it('leaves everything but the text as declared: types, bounds, defaults, enums, snippets\' bodies', () => {
    const strip = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (key, v: unknown) => ((TEXT_KEYS as readonly string[]).includes(key) || key === 'label' ? undefined : v)));
    expect(strip(japaneseSchema())).toEqual(strip(TRAINING_SCHEMA));
    expect(japaneseSchema().defaultSnippets?.[0]?.body).toEqual(TRAINING_SCHEMA.defaultSnippets?.[0]?.body);
  });

  it('is what VS Code shows: a hover on "learningRate" gives the Japanese text with 学習率', async () => {
    // The schema as the build writes it to dist/training.schema.ja.json.
    const schema = JSON.parse(JSON.stringify(japaneseSchema())) as JSONSchema;
    const service = getLanguageService({});
    service.configure({ validate: true, schemas: [{ uri: 'https://descent.invalid/training.schema.ja.json', fileMatch: ['training.json'], schema }] });
    const text = '{\n  "learningRate": 0.05,\n  "batchSize": 32\n}';
    const document = TextDocument.create('file:///project/training.json', 'jsonc', 1, text);
    const json = service.parseJSONDocument(document);
    const hoverText = async (key: string) => {
      const hover = await service.doHover(document, document.positionAt(text.indexOf(key) + 3), json);
      const contents = hover?.contents;
      return (Array.isArray(contents) ? contents : [contents]).map((c) => (typeof c === 'string' ? c : (c?.value ?? ''))).join('\n');
    };
    const learningRate = await hoverText('learningRate');
    expect(learningRate).toContain('学習率');
    expect(learningRate).toBe((schema.properties?.learningRate as JSONSchema).markdownDescription);
    expect(englishProse(learningRate)).toEqual([]);
    expect(await hoverText('batchSize')).toContain('バッチサイズ');
  });

  it('gives VS Code its errorMessage in Japanese: choosing both "momentum" and "adam"', async () => {
    const schema = JSON.parse(JSON.stringify(japaneseSchema())) as JSONSchema;
    const service = getLanguageService({});
    const text = '{"optimizer": {"momentum": 0.9, "adam": {}}}';
    const document = TextDocument.create('file:///project/training.json', 'jsonc', 1, text);
    const diagnostics = await service.doValidation(document, service.parseJSONDocument(document), { comments: 'ignore', trailingCommas: 'warning' }, schema);
    const messages = diagnostics.map((d) => (typeof d.message === 'string' ? d.message : (d.message as { value: string }).value));
    expect(messages).toContain('オプティマイザは "momentum" か "adam" のどちらか一方を選んでください。両方は指定できません。');
  });
});
