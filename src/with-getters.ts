// Live read-only properties on a hot object without making it slow. V8 turns an object literal
// that declares a getter into a dictionary-mode object, where every property read (a method
// call included) is a hash lookup; so the getters are added one by one with defineProperty,
// which keeps the object's fast hidden-class layout. And they are the same functions for every
// object: V8 shares a hidden class between objects only while their accessors are identical,
// and turns the second object given other getter functions into a dictionary (so the second
// engine of a process, or the second parser, ran up to 1.7× slower than the first). Each
// shared getter calls the object's own function, kept under a symbol.

const OWN_GETTERS = Symbol('getters');

type WithOwnGetters = { readonly [OWN_GETTERS]: Readonly<Record<string, () => unknown>> };

// One getter function per property name, for every object.
const sharedGetters = new Map<string, (this: WithOwnGetters) => unknown>();

function sharedGetter(key: string): (this: WithOwnGetters) => unknown {
  let get = sharedGetters.get(key);
  if (get === undefined) {
    get = function (this: WithOwnGetters): unknown {
      return this[OWN_GETTERS][key]();
    };
    sharedGetters.set(key, get);
  }
  return get;
}

/** `fields` with each of `getters` added as an enumerable read-only property; returns `fields`. */
export function withGetters<T extends object, G extends Record<string, unknown>>(
  fields: T,
  getters: { readonly [K in keyof G]: () => G[K] },
): T & G {
  Object.defineProperty(fields, OWN_GETTERS, { value: getters });
  for (const key of Object.keys(getters)) {
    Object.defineProperty(fields, key, { get: sharedGetter(key), enumerable: true });
  }
  return fields as T & G;
}
