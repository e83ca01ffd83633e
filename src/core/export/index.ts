/** Runs leaving Descent: a standalone PyTorch script of a training.json (the rows it trains on, and the script). */
export * from './scriptData';
export * from './pytorchScript';
export * from './history';
