/** Reading a list page's searchParams on the server (the filters live in the URL). */

/** One value of a page's searchParams, if it is one of `allowed`. */
export function oneOf<T extends string>(value: string | string[] | undefined, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === value);
}
