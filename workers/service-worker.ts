/**
 * The service worker that keeps the built app usable offline. The build writes the list
 * of its files into `PRECACHE` (see workers/vite-plugins.ts); they are cached at install
 * and served cache-first, so after the first visit no network is needed. A new build
 * has a new `VERSION`, which replaces the cache.
 *
 * A frame with the `sandbox` attribute is never served by a service worker, so offline the
 * app loads the sandbox page without the attribute, through here; this worker then makes
 * sure the page carries the `sandbox allow-scripts` policy (opaque origin) itself, and the
 * app checks that the frame is indeed cross-origin before it sends it anything.
 */
declare const PRECACHE: string[];
declare const VERSION: string;
declare const SANDBOX_POLICY: string;

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
  const sandbox = url.pathname === "/sandbox.html";
  event.respondWith(
    caches
      .match(key, { ignoreSearch: request.mode === "navigate" })
      .then((hit) => hit ?? fetch(request))
      .then((response) => (sandbox ? withSandboxPolicy(response) : response)),
  );
});

async function withSandboxPolicy(response: Response): Promise<Response> {
  const headers = new Headers(response.headers);
  headers.set("Content-Security-Policy", SANDBOX_POLICY);
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers });
}
