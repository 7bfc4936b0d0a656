/**
 * The service worker that keeps the built app usable offline. The build writes the list
 * of its files into `PRECACHE` (see workers/vite-plugins.ts); they are cached at install
 * and served cache-first, so after the first visit no network is needed. A new build
 * has a new `VERSION`, which replaces the cache.
 */
declare const PRECACHE: string[];
declare const VERSION: string;

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `caravan-${VERSION}`;

sw.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("caravan-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== sw.location.origin) return;
  // Navigations to the app's pages map to their cached HTML (query strings carry share links).
  const key = request.mode === "navigate" ? new URL(url.pathname === "/" ? "/index.html" : url.pathname, url.origin).href : request.url;
  event.respondWith(
    caches.match(key, { ignoreSearch: request.mode === "navigate" }).then((hit) => hit ?? fetch(request)),
  );
});
