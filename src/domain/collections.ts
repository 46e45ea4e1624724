// Small helpers for collections that the standard library of Node 20 lacks (Map.groupBy is 21+).

/** Appends `value` to the list `map` holds under `key`, starting the list when there is none. */
export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
