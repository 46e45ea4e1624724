// Small helpers for collections that the standard library of Node 20 lacks (Map.groupBy is 21+).

/** Appends `value` to the list `map` holds under `key`, starting the list when there is none. */
export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A pure function of one key whose results are kept: for values that repeat across persons (dates, codes). */
export function memoised<K, V>(compute: (key: K) => V): (key: K) => V {
  const known = new Map<K, V>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) known.set(key, (value = compute(key)));
    return value;
  };
}

/**
 * One copy of each equal string. SQLite hands over every row's text as a string of its own, and a
 * register repeats the same dates, groups and municipalities across tens of thousands of persons.
 */
export function interner(): <S extends string | null>(text: S) => S {
  // The first copy of a text is the value kept for it.
  return memoised((text: string | null) => text) as <S extends string | null>(text: S) => S;
}
