/** Two or more English words in a row. */
export declare const PROSE: RegExp;
/** The runs of English prose in `text` (empty when it reads as Japanese with identifiers). */
export declare function englishProse(text: string): string[];
