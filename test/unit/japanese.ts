// What a Japanese surface may still show in Latin letters: single identifiers (training.json's
// keys, optimizer and dataset names, column names, symbols like λmax), never English prose. The
// rule is scripts/prose.mjs's, shared with the UI tests and the stray-literal check.
export { englishProse } from '../../scripts/prose.mjs';
