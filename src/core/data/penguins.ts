// vega-datasets hides data/ behind its package "exports", so the penguins rows are imported by path
// and bundled, as the cars rows are: nothing is fetched at run time.
import penguinRows from '../../../node_modules/vega-datasets/data/penguins.json';

import { PENGUINS_CATEGORIES, PENGUINS_COLUMNS } from '../schema';
import { ProblemCode, problem, quote } from '../../shared/problems';
import type { ModelConfig } from '../../shared/report';
import { ClassLabels, labelKindProblems } from './classes';
import { t } from '../../shared/l10n';
import { DATA, type DataResult, FloatBuffer, availableColumns, checkColumns, finish, unknownColumn } from './dataset';

const isCategory = (column: string): boolean => (PENGUINS_CATEGORIES as readonly string[]).includes(column);

/**
 * The Palmer penguins rows from vega-datasets (344 penguins) with the chosen columns. A logistic
 * model's label is a category column coded 1 where it is the positive class (rows of other
 * classes left out when a negative class is named); a linear model's label is a numeric column.
 * A row missing a chosen value (2 penguins have no measurements, 11 no usable sex) is dropped and counted.
 * e.g. flipper length and body mass, Species, Adelie against Gentoo: 274 rows, 2 dropped, 68 Chinstrap left out.
 */
export function loadPenguins(spec: { features: string[]; label: string }, model: ModelConfig): DataResult {
  const problems = checkColumns({ kind: 'dataset', dataset: 'penguins', ...spec });
  spec.features.forEach((f, i) => {
    if (!(PENGUINS_COLUMNS as readonly string[]).includes(f)) problems.push(unknownColumn([...DATA, 'features', i], f, availableColumns(PENGUINS_COLUMNS)));
    else if (isCategory(f)) problems.push(problem([...DATA, 'features', i], ProblemCode.LabelKind, 'error', t('{0} is a category, not a number, so it cannot be weighed: choose among the measurements {1}.', quote(f), availableColumns(PENGUINS_COLUMNS.filter((c) => !isCategory(c))))));
  });
  if (!(PENGUINS_COLUMNS as readonly string[]).includes(spec.label)) problems.push(unknownColumn([...DATA, 'label'], spec.label, availableColumns(PENGUINS_COLUMNS)));
  else problems.push(...labelKindProblems(spec.label, isCategory(spec.label), model, PENGUINS_CATEGORIES));
  if (problems.length) return { dataset: null, problems };

  const labels = model.kind === 'logistic' ? new ClassLabels(model.positive, model.negative) : null;
  const x = new FloatBuffer();
  const y = new FloatBuffer();
  let dropped = 0;
  for (const row of penguinRows as Record<string, unknown>[]) {
    const values = spec.features.map((c) => row[c]);
    const raw = row[spec.label];
    const labelMissing = labels ? typeof raw !== 'string' || ClassLabels.isMissing(raw) : !(typeof raw === 'number' && Number.isFinite(raw));
    if (labelMissing || !values.every((v): v is number => typeof v === 'number' && Number.isFinite(v))) {
      dropped++;
      continue;
    }
    const target = labels ? labels.code(raw as string) : (raw as number);
    if (target === null || target === undefined) continue;
    for (const v of values) x.push(v);
    y.push(target);
  }
  if (labels) {
    const classProblems = labels.problems(spec.label);
    if (classProblems.some((p) => p.severity === 'error')) return { dataset: null, problems: classProblems };
    problems.push(...classProblems);
  }
  return finish({ source: 'penguins', featureNames: spec.features, labelName: spec.label, rows: y.length, x: x.toArray(), y: y.toArray(), droppedRows: dropped, ...(labels ? { classes: labels.coding() } : {}) }, problems);
}
