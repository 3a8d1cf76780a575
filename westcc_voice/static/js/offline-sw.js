/* WEST voice service worker for class tablets (served as /offline-sw.js, scope /join/).
 *
 * VERSION, ASSETS and SCOPE are written above this line by the server
 * (westcc_voice/collect/offline.py).
 *
 * - The site's scripts and styles are kept on install and served from the cache.
 * - A session's tablet document (/join/<code>/tablet) is fetched from the network when
 *   it can be and kept; without a network it, and the session's start page
 *   (/join/<code>), are answered from the cache, so a tablet never shows the browser's
 *   "no internet" page there.
 * - Nothing else is touched: posts, the answer queue's uploads and staff pages go to
 *   the network as they would without this file. No answer is ever put in a cache.
 */
/* global VERSION, ASSETS, SCOPE */
"use strict";

var ASSET_CACHE = "westcc-assets-" + VERSION;
var DOC_CACHE = "westcc-tablet-documents";
var NETWORK_WAIT_MS = 4000;
var SESSION_PATH = new RegExp("^" + SCOPE + "([^/]+)(/tablet)?/?$");

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(ASSET_CACHE).then(function (cache) {
    return cache.addAll(ASSETS.map(function (url) { return new Request(url, { cache: "reload" }); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("westcc-assets-") === 0 && name !== ASSET_CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function documentKey(code) {
  return new Request(SCOPE + code + "/tablet");
}

/* The network, but no longer than NETWORK_WAIT_MS: school Wi-Fi that hangs is no Wi-Fi. */
function fromNetwork(request) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("network too slow")); }, NETWORK_WAIT_MS);
    fetch(request).then(function (response) {
      clearTimeout(timer);
      resolve(response);
    }, function (error) {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function sessionPage(request, code, isDocument) {
  return fromNetwork(request).then(function (response) {
    if (isDocument && response.ok) {
      var copy = response.clone();
      caches.open(DOC_CACHE).then(function (cache) { return cache.put(documentKey(code), copy); });
    }
    return response;
  }).catch(function (error) {
    return caches.open(DOC_CACHE).then(function (cache) {
      return cache.match(documentKey(code), { ignoreVary: true, ignoreSearch: true });
    }).then(function (kept) {
      if (kept) { return kept; }
      throw error;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (ASSETS.indexOf(url.pathname) >= 0) {
    event.respondWith(caches.open(ASSET_CACHE).then(function (cache) {
      return cache.match(url.pathname).then(function (kept) { return kept || fetch(request); });
    }));
    return;
  }
  var match = SESSION_PATH.exec(url.pathname);
  if (match) {
    var code = decodeURIComponent(match[1]).toUpperCase();
    event.respondWith(sessionPage(request, code, Boolean(match[2])));
  }
});
