// The few values of the `vscode` module that src/panel.ts uses at run time, for unit tests of the
// panel's message handling outside VS Code (test/vitest.config.mts maps `vscode` here). Anything
// else a test imports from `vscode` is undefined and fails loudly.
export const Uri = {
  joinPath: (base: { path: string }, ...parts: string[]) => ({ path: [base.path, ...parts].join('/'), toString: () => [base.path, ...parts].join('/') }),
};
export const ViewColumn = { One: 1, Beside: -2 };
