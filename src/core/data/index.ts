/** Data a run trains on: the shared shapes (dataset.ts), the cars rows, CSV text and synthetic data. */
export * from './dataset';
export * from './cars';
export * from './penguins';
export * from './classes';
export * from './csv';
export * from './synthetic';
export { parsePlainNumber } from './csvScan';
