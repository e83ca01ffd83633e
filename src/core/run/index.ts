/** A run of a training.json: its plan (config, data, work), its execution, and the report. */
export * from './plan';
export * from './execute';
export { failedReport, locateAll, thinHistory } from './report';
export { LOG_LOSS_UNIT, MAX_CLASS_POINTS } from './classification';
