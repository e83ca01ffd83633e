import pkg from '../package.json';

/** Descent's version (package.json), written into run files and generated scripts. */
export const DESCENT_VERSION: string = pkg.version;
