// Prevision's service worker: keeps the app shell so the studio opens without a network
// (a classroom with poor Wi-Fi), and never talks to any other origin.
//
// Network first, cache as fallback: an online visitor always gets the latest build (file
// names carry content hashes), and every same-origin file fetched once is kept for offline use.
const CACHE = 'prevision-shell-v1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
        }
        return response;
      })
      .catch(async () => {
        const cached = await caches.match(request);
        if (cached) return cached;
        // A page address with another query string (a shared link): serve the app shell.
        if (request.mode === 'navigate') {
          const shell = await caches.match(new URL('./', self.location.href).href);
          if (shell) return shell;
        }
        return Response.error();
      }),
  );
});
