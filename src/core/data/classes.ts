import { type Problem, ProblemCode, listItems, problem, quote } from '../../shared/problems';
import type { ClassCoding, ModelConfig } from '../../shared/report';
import { DATA, availableColumns } from './dataset';
import { t } from '../../shared/l10n';

/** Label text that means "no value": a row with it is dropped and counted, as a missing number is (`.` is the penguins data's placeholder for an unrecorded sex). */
const MISSING_LABELS = new Set(['', '.', 'na', 'n/a', 'nan', 'null']);

/** Where the model's classes are named in training.json. */
const POSITIVE = ['model', 'logistic', 'positive'];
const NEGATIVE = ['model', 'logistic', 'negative'];

/**
 * Codes a category label column as 0/1 for logistic regression, row by row, and counts the classes
 * it saw: `code("Adelie")` → 1 for the positive class, 0 for the negative one (or any other value
 * when no negative class is named), `null` for a row of another class (left out, counted) and
 * `undefined` for a missing label (dropped, counted with the rows missing a feature).
 * e.g. positive "Adelie", negative "Gentoo": Adelie → 1, Gentoo → 0, Chinstrap → null.
 */
export class ClassLabels {
  private readonly counts = new Map<string, number>();
  positiveRows = 0;
  negativeRows = 0;
  otherRows = 0;

  constructor(
    readonly positive: string,
    readonly negative: string | null,
  ) {}

  /** Whether a label cell is missing (its row is dropped). */
  static isMissing(text: string | null | undefined): boolean {
    return text === null || text === undefined || MISSING_LABELS.has(text.trim().toLowerCase());
  }

  /** 1, 0, null (another class: left out) or undefined (missing: dropped) for a row's label text. */
  code(text: string | null | undefined): 1 | 0 | null | undefined {
    if (ClassLabels.isMissing(text)) return undefined;
    const value = (text as string).trim();
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
    if (value === this.positive) {
      this.positiveRows++;
      return 1;
    }
    if (this.negative === null || value === this.negative) {
      this.negativeRows++;
      return 0;
    }
    this.otherRows++;
    return null;
  }

  /** The classes seen, most rows first: "Adelie" (151), "Gentoo" (123), … */
  seen(): string[] {
    return [...this.counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([c]) => c);
  }

  /**
   * What the coding found wrong: a class named that no usable row has (the message lists the
   * classes present), the same class as positive and negative, or one class only (nothing to
   * tell apart). `label` names the column. Rows of other classes left out are no problem of the
   * file: the coding counts them (`otherRows`) and the panel and the CLI say how many.
   */
  problems(label: string): Problem[] {
    const present = this.seen();
    const listed = present.length
      ? t('The classes in {0}: {1}.', quote(label), listItems(present.slice(0, 10).map((c) => `${quote(c)} (${this.counts.get(c) ?? 0})`).concat(present.slice(10))))
      : t('{0} has no usable value.', quote(label));
    const out: Problem[] = [];
    if (this.negative !== null && this.negative === this.positive) {
      out.push(problem(NEGATIVE, ProblemCode.UnknownClass, 'error', t('The negative class is the positive one, {0}: name two different classes. {1}', quote(this.positive), listed)));
      return out;
    }
    if (!this.counts.has(this.positive)) out.push(problem(POSITIVE, ProblemCode.UnknownClass, 'error', t('No usable row has {0} = {1}. {2}', quote(label), quote(this.positive), listed)));
    if (this.negative !== null && !this.counts.has(this.negative)) out.push(problem(NEGATIVE, ProblemCode.UnknownClass, 'error', t('No usable row has {0} = {1}. {2}', quote(label), quote(this.negative), listed)));
    if (out.length === 0 && this.negative === null && this.negativeRows === 0) {
      out.push(problem(POSITIVE, ProblemCode.OneClass, 'error', t('Every usable row has {0} = {1}: with one class there is nothing to tell apart.', quote(label), quote(this.positive))));
    }
    return out;
  }

  /** The coding as a run reports it. */
  coding(): ClassCoding {
    return {
      positive: this.positive,
      negative: this.negative,
      positiveRows: this.positiveRows,
      negativeRows: this.negativeRows,
      otherRows: this.otherRows,
      otherClasses: this.seen().filter((c) => c !== this.positive && c !== this.negative && this.negative !== null),
    };
  }
}

/**
 * The label column must fit the model: a logistic model tells classes of a category apart, a linear
 * one predicts a number. `category` says which the column is.
 */
export function labelKindProblems(label: string, category: boolean, model: ModelConfig, categories: readonly string[]): Problem[] {
  if (model.kind === 'logistic' && !category) {
    const message = categories.length
      ? t("{0} is numeric, but a logistic model's label is a category whose value is compared with the positive class {1}: choose a category column: {2}.", quote(label), quote(model.positive), availableColumns(categories))
      : t("{0} is numeric, but a logistic model's label is a category whose value is compared with the positive class {1}: this data has no category column.", quote(label), quote(model.positive));
    return [problem([...DATA, 'label'], ProblemCode.LabelKind, 'error', message)];
  }
  if (model.kind === 'linear' && category) {
    return [problem([...DATA, 'label'], ProblemCode.LabelKind, 'error', t('{0} is a category, not a number: linear regression predicts a number. To tell its classes apart, set {1}.', quote(label), '"model": { "logistic": { "positive": "…" } }'))];
  }
  return [];
}
