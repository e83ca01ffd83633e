/** The epoch prefetch thread (src/prefetch.ts): produces the epochs of the run whose shared memory it was given. */
import { workerData } from 'node:worker_threads';
import { type EpochShared, produceEpochs } from './core/prefetch';

produceEpochs(workerData as EpochShared);
