
/**
 * The line end papaparse would use, when the scanner can read the text the same way: no quotes,
 * no other delimiter it might guess (it looks at the first 10 lines), and LF or CRLF line ends
 * (papaparse's choice from the first megabyte). null: leave the text to papaparse.
 */
export function scannableLineEnd(text: string): '\n' | '\r\n' | null {
  if (text.indexOf('"') >= 0) return null;
  let previewEnd = 0;
  for (let line = 0; line < 10 && previewEnd >= 0; line++) previewEnd = text.indexOf('\n', previewEnd + (line > 0 ? 1 : 0));
  if (/[\t|;\x1e\x1f]/.test(text.slice(0, previewEnd < 0 ? text.length : previewEnd))) return null;
  const head = text.slice(0, 1 << 20);
  const firstCr = head.indexOf('\r');
  const firstLf = head.indexOf('\n');
  if (firstCr < 0 || (firstLf >= 0 && firstLf < firstCr)) return '\n';
  let crs = 0;
  let crlfs = 0;
  for (let i = firstCr; i >= 0; i = head.indexOf('\r', i + 1)) {
    crs++;
    if (head.charCodeAt(i + 1) === 10) crlfs++;
  }
  return crlfs >= (crs + 1) / 2 ? '\r\n' : null;
}

/**
 * Lines in the text that are not empty (nor a lone CR): an upper bound on its rows, the header
 * included, that a file of blank lines does not inflate.
 */
export function countRowLines(text: string): number {
  let lines = 0;
  let start = 0;
  for (;;) {
    const lf = text.indexOf('\n', start);
    const end = lf < 0 ? text.length : lf;
    if (end - start > (end > start && text.charCodeAt(end - 1) === 13 ? 1 : 0)) lines++;
    if (lf < 0) return lines;
    start = lf + 1;
  }
}

/** Where the scanner puts what it reads (the CSV reader's rows): a header first, then records. */
export interface RowSink {
  /** The header's cells once read, else null (the first record is the header). */
  readonly header: string[] | null;
  /** 1 for each column the config uses, by column. */
  readonly chosen: Uint8Array;
  /** Set when reading must stop (a problem was found). */
  readonly failure: unknown;
  /** A record as text cells (the header, or a row the number scanner could not take). */
  take(record: string[]): boolean;
  /** A row whose chosen cells were all plain decimal numbers, in column order. */
  takeNumbers(values: Float64Array): void;
}

/**
 * Feeds every line of quote-free text to `rows`: plain numeric lines straight from the characters,
 * any other line split at its commas and given to `take`, as papaparse would have split it.
 * false when the text must go to papaparse after all (with CRLF line ends, a bare LF is no line end).
 */
export function scanCsv(text: string, crlf: boolean, rows: RowSink): boolean {
  const n = text.length;
  let values = new Float64Array(0);
  const commas: CommaCursor = { at: -1 };
  for (let start = 0; start < n && !rows.failure; ) {
    const lf = text.indexOf('\n', start);
    const next = lf < 0 ? n : lf;
    let end = next;
    // The CR of a CRLF ends the line; with LF line ends it ends the last cell, which is trimmed.
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    else if (crlf && lf >= 0) return false;
    const header = rows.header;
    if (header !== null && values.length !== header.length) values = new Float64Array(header.length);
    if (header !== null && scanNumbers(text, start, end, rows.chosen, values, commas)) {
      rows.takeNumbers(values);
    } else {
      const record = text.slice(start, end).split(',');
      // papaparse's greedy skipEmptyLines: a line of blank cells is not a row.
      if (record.join('').trim() !== '') rows.take(record);
    }
    start = next + 1;
  }
  return true;
}

/**
 * The next comma at or after the scan's position (text.length when there is none). Lines are scanned
 * in order, so each search starts past the last one: a search is never repeated over the same text,
 * however many blank or comma-free lines come before the next comma.
 */
interface CommaCursor {
  at: number;
}

export function nextComma(text: string, from: number, cursor: CommaCursor): number {
  if (cursor.at < from) {
    const i = text.indexOf(',', from);
    cursor.at = i < 0 ? text.length : i;
  }
  return cursor.at;
}

/**
 * Reads line start … end − 1 as comma-separated cells, writing the chosen ones (chosen[c] = 1) to
 * values[c]; false, leaving the line to the general rules, unless it has exactly one cell per
 * column and every chosen one is a plain finite number.
 */
export function scanNumbers(text: string, start: number, end: number, chosen: Uint8Array, values: Float64Array, commas: CommaCursor): boolean {
  const width = chosen.length;
  let c = 0;
  for (let from = start; ; c++) {
    const comma = nextComma(text, from, commas);
    const to = comma > end ? end : comma;
    if (c >= width) return false;
    if (chosen[c] === 1) {
      const v = parsePlainNumber(text, from, to);
      if (v - v !== 0) return false;
      values[c] = v;
    }
    if (to === end) break;
    from = to + 1;
  }
  return c + 1 === width;
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`)); // exact: 10^k = 2^k·5^k and 5^k < 2^53 for k ≤ 22

/**
 * Number(text.slice(from, to).trim()) for a cell like ` -12.5e3 ` (spaces, a sign, digits with one
 * point, an exponent), NaN for anything else (the caller's general path then decides). `to` must be
 * a comma, a line end or the end of the text: it stops every loop. Up to 15 digits and a power of
 * ten within ±22, the value is m·10^e or m / 10^−e of two exact doubles, which one rounding makes
 * the correctly rounded result Number gives (Clinger's fast path); beyond that it calls Number.
 */
export function parsePlainNumber(text: string, from: number, to: number): number {
  let i = from;
  let ch = text.charCodeAt(i);
  while (ch === 32) ch = text.charCodeAt(++i);
  const start = i;
  const negative = ch === 45;
  if (ch === 45 || ch === 43) ch = text.charCodeAt(++i);
  let mantissa = 0;
  let digits = i;
  while (ch >= 48 && ch <= 57) {
    mantissa = mantissa * 10 + (ch - 48);
    ch = text.charCodeAt(++i);
  }
  digits = i - digits;
  let fraction = 0;
  if (ch === 46) {
    ch = text.charCodeAt(++i);
    fraction = i;
    while (ch >= 48 && ch <= 57) {
      mantissa = mantissa * 10 + (ch - 48);
      ch = text.charCodeAt(++i);
    }
    fraction = i - fraction;
    digits += fraction;
  }
  if (digits === 0) return NaN;
  let exponent = 0;
  if (ch === 101 || ch === 69) {
    ch = text.charCodeAt(++i);
    const negativeExponent = ch === 45;
    if (ch === 45 || ch === 43) ch = text.charCodeAt(++i);
    const first = i;
    while (ch >= 48 && ch <= 57) {
      if (exponent < 1e6) exponent = exponent * 10 + (ch - 48);
      ch = text.charCodeAt(++i);
    }
    if (i === first) return NaN;
    if (negativeExponent) exponent = -exponent;
  }
  const end = i;
  while (ch === 32) ch = text.charCodeAt(++i);
  if (i !== to) return NaN;
  const scale = exponent - fraction;
  if (digits > 15 || scale > 22 || scale < -22) return Number(text.slice(start, end));
  const value = scale >= 0 ? mantissa * (POWERS_OF_TEN[scale] as number) : mantissa / (POWERS_OF_TEN[-scale] as number);
  return negative ? -value : value;
}
