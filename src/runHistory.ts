import { formatNumber } from './core/analysis';
import type { TrainingConfig } from './core/config';

/** How many earlier runs of a file stay on the chart. */
export const MAX_PREVIOUS_RUNS = 5;

function describeValue(key: string, v: unknown): string {
  if (typeof v === 'number') return formatNumber(v);
  if (key === 'data' && v && typeof v === 'object') {
    const d = v as Record<string, unknown>;
    if (d.kind === 'csv') return `${d.csv}`;
    if (d.kind === 'synthetic') return `synthetic(${d.samples}×${d.features})`;
    return `${d.dataset ?? 'cars'}: ${(d.features as string[] | undefined)?.join('+') ?? ''} → ${d.label ?? ''}`;
  }
  return String(v);
}

/**
 * What changed from an earlier run's config to the current one, for the earlier run's faded line:
 * e.g. "learningRate 0.01 → 0.5, epochs 20 → 50"; null when nothing did.
 */
export function describeChange(before: TrainingConfig, after: TrainingConfig): string | null {
  const changes: string[] = [];
  for (const key of Object.keys(after) as (keyof TrainingConfig)[]) {
    const a = describeValue(key, before[key]);
    const b = describeValue(key, after[key]);
    if (a !== b) changes.push(`${key} ${a} → ${b}`);
  }
  return changes.length ? changes.join(', ') : null;
}
