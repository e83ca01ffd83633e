// What a page test puts in place of the host's own English (a verdict's reason, the wording
// table's verdicts, a lab's summary): the host translates those and its own tests check them, so a
// test of a page's words swaps any English prose the host sent for this Japanese stand-in.
import { englishProse } from './japanese';

/** The Japanese the stand-in host says. */
export const HOST_STAND_IN = 'ホストが伝える文です。';

/** `text` as the host will send it in Japanese: unchanged unless it is English prose. */
export const hostWords = (text: string): string => (englishProse(text).length ? HOST_STAND_IN : text);
