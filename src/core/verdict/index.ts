/** The verdict on a run: the rules (rules.ts) and the modal and noise-floor math they read (modal.ts). */
export * from './rules';
export * from './modal';
export * from './logistic';
