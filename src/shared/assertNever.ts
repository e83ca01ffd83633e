/** For exhaustive switches: a compile error when a case is missing, a thrown error if one arrives at run time anyway. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value) ?? String(value)}`);
}
