/** A test double for localStorage (used by the store's unit tests). */
import type { StorageLike } from "./journal";

/** A Map-backed localStorage with an optional size limit (characters), like the browser's quota. */
export function memoryStorage(limit = Infinity): StorageLike & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem(k, v) {
      const used = [...map].reduce((n, [key, val]) => n + (key === k ? 0 : key.length + val.length), 0);
      if (used + k.length + v.length > limit) throw Object.assign(new Error("quota exceeded"), { name: "QuotaExceededError" });
      map.set(k, v);
    },
    removeItem: (k) => void map.delete(k),
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
  };
}

