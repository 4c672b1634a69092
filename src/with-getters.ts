// Live read-only properties on a hot object without making it slow: V8 turns an object literal
// that declares a getter into a dictionary-mode object, where every property read (a method
// call included) is a hash lookup. Adding the getters one by one with defineProperty keeps the
// object's fast hidden-class layout.

/** `fields` with each of `getters` added as an enumerable read-only property; returns `fields`. */
export function withGetters<T extends object, G extends Record<string, unknown>>(
  fields: T,
  getters: { readonly [K in keyof G]: () => G[K] },
): T & G {
  for (const key of Object.keys(getters) as (keyof G & string)[]) {
    Object.defineProperty(fields, key, { get: getters[key], enumerable: true });
  }
  return fields as T & G;
}
