// vega-datasets hides data/ behind its package "exports" and its loader fetches from a CDN, so the
// embedded Auto MPG rows are imported by path and bundled.
import carsRows from '../../../node_modules/vega-datasets/data/cars.json';

import { CARS_COLUMNS } from '../schema';
import type { ModelConfig } from '../../shared/report';
import { labelKindProblems } from './classes';
import { DATA, type DataResult, FloatBuffer, availableColumns, checkColumns, finish, unknownColumn } from './dataset';

/** The Auto MPG rows from vega-datasets with the chosen columns; rows missing one are dropped and counted. */
export function loadCars(spec: { features: string[]; label: string }, model: ModelConfig = { kind: 'linear' }): DataResult {
  const problems = checkColumns({ kind: 'dataset', dataset: 'cars', ...spec });
  // Every cars column Descent offers is numeric: a classifier needs a category (penguins has them).
  if ((CARS_COLUMNS as readonly string[]).includes(spec.label)) problems.push(...labelKindProblems(spec.label, false, model, []));
  spec.features.forEach((f, i) => {
    if (!(CARS_COLUMNS as readonly string[]).includes(f)) problems.push(unknownColumn([...DATA, 'features', i], f, availableColumns(CARS_COLUMNS)));
  });
  if (!(CARS_COLUMNS as readonly string[]).includes(spec.label)) problems.push(unknownColumn([...DATA, 'label'], spec.label, availableColumns(CARS_COLUMNS)));
  if (problems.length) return { dataset: null, problems };
  const x = new FloatBuffer();
  const y = new FloatBuffer();
  let dropped = 0;
  for (const row of carsRows as Record<string, unknown>[]) {
    const values = [...spec.features, spec.label].map((c) => row[c]);
    if (!values.every((v): v is number => typeof v === 'number' && Number.isFinite(v))) {
      dropped++;
      continue;
    }
    for (let j = 0; j < spec.features.length; j++) x.push(values[j] as number);
    y.push(values[spec.features.length] as number);
  }
  return finish({ source: 'cars', featureNames: spec.features, labelName: spec.label, rows: y.length, x: x.toArray(), y: y.toArray(), droppedRows: dropped }, problems);
}

/**
 * The embedded Auto MPG rows' canonical text (JSON.stringify of the rows as bundled): what a run
 * file's data hash is of for `"cars"`, so a kept run names the exact rows it trained on.
 */
export function carsCanonicalText(): string {
  return JSON.stringify(carsRows);
}
