/* WEST voice: answers that wait for the network, and pages that never fail to post.
 *
 * Every respondent page loads this file; every page works without it.
 *
 * - The queue: finished answers wait in IndexedDB ("westcc-offline", store "waiting"),
 *   keyed by their submission UUID, and go to POST /api/submissions on page load, when
 *   the browser says it is back online, when staff press "Send now", and on a timer that
 *   waits longer after each failure (5 s, doubling, at most 5 minutes). A stored or
 *   duplicate answer (201/200) leaves the queue; one the server refuses for good (400,
 *   403, 404, 409, 410) moves to the store "refused" and is counted, never retried; a
 *   busy or unreachable server (429, 5xx, no network) keeps it for the next try. Only
 *   counts are ever shown: no screen reads an answer back. Before and after sending,
 *   the tablet tells POST /api/waiting how many answers it holds for each class session,
 *   so the teacher's live view can show them as waiting.
 * - Page posts: before a survey form is posted, /api/online is asked (3 s). With no
 *   answer the page stays as it is, with what was typed, and says so; on a class
 *   tablet whose tablet document is kept, the pupil moves to it with the answers given
 *   so far and carries on there (see tablet.js).
 * - Class tablets: the start page registers the service worker (/offline-sw.js) and
 *   keeps the session's tablet document in the cache.
 */
(function () {
  "use strict";

  var DB_NAME = "westcc-offline";
  var WAITING = "waiting";
  var REFUSED = "refused";
  var DOC_CACHE = "westcc-tablet-documents";
  var CARRY_KEY = "westcc-carry";
  var FIRST_WAIT = 5000, LONGEST_WAIT = 300000, PROBE_WAIT = 3000;
  var config = {};
  var wait = FIRST_WAIT, timer = null, sending = null;

  function readConfig() {
    // the settings ride on the script's own tag: the content policy allows no inline script
    var node = document.getElementById("westcc-offline");
    try { config = node ? JSON.parse(node.getAttribute("data-config") || "{}") : {}; }
    catch (e) { config = {}; }
  }

  /* --- IndexedDB ------------------------------------------------------------------- */

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = window.indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        var db = request.result;
        [WAITING, REFUSED].forEach(function (name) {
          if (!db.objectStoreNames.contains(name)) { db.createObjectStore(name, { keyPath: "submission_id" }); }
        });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(name, mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(name, mode);
        var result = work(tx.objectStore(name));
        tx.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function countOf(name) { return withStore(name, "readonly", function (s) { return s.count(); }); }
  function allOf(name) { return withStore(name, "readonly", function (s) { return s.getAll(); }); }

  /* --- sending ----------------------------------------------------------------------- */

  var GIVE_UP = [400, 403, 404, 409, 410];

  function post(body) {
    return fetch(config.api_url, {
      method: "POST", credentials: "same-origin", cache: "no-store",
      headers: { "Content-Type": "application/json" }, body: JSON.stringify(body)
    });
  }

  /* Send one waiting answer. Resolves {receipt} when stored (now or earlier), {refused}
     when the server will never take it, and rejects when it should be tried again. */
  function sendOne(record) {
    return post(record.body).then(function (response) {
      if (response.status === 200 || response.status === 201) {
        return response.json().then(function (data) {
          return withStore(WAITING, "readwrite", function (s) { s.delete(record.submission_id); })
            .then(function () { return { receipt: data.receipt }; });
        });
      }
      if (GIVE_UP.indexOf(response.status) >= 0) {
        var kept = { submission_id: record.submission_id, status: response.status };
        return withStore(REFUSED, "readwrite", function (s) { s.put(kept); })
          .then(function () {
            return withStore(WAITING, "readwrite", function (s) { s.delete(record.submission_id); });
          })
          .then(function () { return { refused: response.status }; });
      }
      throw new Error("server busy: " + response.status);
    });
  }

  /* --- telling the teacher how many answers wait ------------------------------------ */

  /* A random name for this tablet, kept in the browser: it lets the server tell two
     tablets' counts apart within a session, nothing more. */
  function tabletName() {
    var key = "westcc-tablet-name", name = null;
    try { name = window.localStorage.getItem(key); } catch (e) { name = null; }
    if (!name && window.crypto && window.crypto.getRandomValues) {
      var bytes = new Uint8Array(16);
      window.crypto.getRandomValues(bytes);
      name = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
      try { window.localStorage.setItem(key, name); } catch (e) { /* private mode: a new name each time */ }
    }
    return name;
  }

  /* Class session code -> how many of these records are for it. */
  function countBySession(records) {
    var counts = {};
    records.forEach(function (record) {
      var code = record.body && record.body.session;
      if (code) { counts[code] = (counts[code] || 0) + 1; }
    });
    return counts;
  }

  /* Report each session's count (0 for a session whose answers have all gone); a report
     that fails is simply not made: the answers themselves are what matters. */
  function reportWaiting(counts, before) {
    var name = tabletName();
    if (!config.waiting_url || !name) { return Promise.resolve(); }
    var codes = Object.keys(before || {}).concat(Object.keys(counts)).filter(function (code, i, all) {
      return all.indexOf(code) === i;
    });
    return Promise.all(codes.map(function (code) {
      return fetch(config.waiting_url, {
        method: "POST", credentials: "same-origin", cache: "no-store",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ session: code, tablet: name, waiting: counts[code] || 0 })
      }).catch(function () { return null; });
    }));
  }

  function sendAllNow() {
    return allOf(WAITING).then(function (records) {
      var failed = 0, before = countBySession(records);
      return reportWaiting(before).then(function () {
        return records.reduce(function (chain, record) {
          return chain.then(function () {
            return sendOne(record).catch(function () { failed += 1; });
          });
        }, Promise.resolve());
      }).then(function () { return allOf(WAITING); })
        .then(function (left) { return reportWaiting(countBySession(left), before); })
        .then(function () { return failed; });
    });
  }

  /* One sender at a time, across tabs too where the browser has Web Locks. */
  function sendAll() {
    if (sending) { return sending; }
    var run = function () { return sendAllNow(); };
    var locked = navigator.locks ? navigator.locks.request("westcc-offline-queue", run) : run();
    sending = locked.then(function (failed) {
      sending = null;
      wait = failed ? Math.min(wait * 2, LONGEST_WAIT) : FIRST_WAIT;
      return showStatus();
    }, function () {
      sending = null;
      wait = Math.min(wait * 2, LONGEST_WAIT);
      return showStatus();
    });
    return sending;
  }

  /* A try is booked while answers wait (after the running one, if any); showing the
     count again never moves it. */
  function schedule(waiting) {
    if (waiting === 0) {
      if (timer) { window.clearTimeout(timer); timer = null; }
    } else if (!timer && !sending) {
      timer = window.setTimeout(function () { timer = null; sendAll(); }, wait);
    }
  }

  function add(body) {
    return withStore(WAITING, "readwrite", function (s) {
      s.put({ submission_id: body.submission_id, body: body });
    }).then(showStatus);
  }

  /* --- what staff see ------------------------------------------------------------------ */

  function words(box, name, n) {
    var text = box.getAttribute("data-" + name + (n === 1 ? "-one" : "-many")) || "";
    return text.replace("{n}", String(n));
  }

  function showStatus() {
    if (!window.indexedDB) { return Promise.resolve(0); }
    return Promise.all([countOf(WAITING), countOf(REFUSED)]).then(function (counts) {
      var waiting = counts[0], refused = counts[1];
      document.querySelectorAll(".queue-status").forEach(function (box) {
        box.hidden = waiting === 0 && refused === 0;
        box.querySelector(".queue-count").textContent = waiting ? words(box, "waiting", waiting)
          : box.getAttribute("data-all-sent");
        var refusedLine = box.querySelector(".queue-refused");
        refusedLine.hidden = refused === 0;
        refusedLine.textContent = refused ? words(box, "refused", refused) : "";
        box.querySelector(".queue-send").hidden = waiting === 0;
        box.querySelector(".queue-note").hidden = waiting === 0;
      });
      schedule(waiting);
      return waiting;
    });
  }

  function setupStatus() {
    document.querySelectorAll(".queue-status .queue-send").forEach(function (button) {
      button.addEventListener("click", function () {
        wait = FIRST_WAIT;
        button.disabled = true;
        sendAll().then(function () { button.disabled = false; });
      });
    });
  }

  /* --- posting a page ---------------------------------------------------------------- */

  function reachable() {
    var controller = window.AbortController ? new AbortController() : null;
    var timeout = window.setTimeout(function () { if (controller) { controller.abort(); } }, PROBE_WAIT);
    return fetch(config.probe_url, { cache: "no-store", credentials: "same-origin",
                                     signal: controller ? controller.signal : undefined })
      .then(function (response) { window.clearTimeout(timeout); return response.ok; },
            function () { window.clearTimeout(timeout); return false; });
  }

  /* True when a service worker looks after /join/ and the tablet document is kept. */
  function documentKept() {
    if (!config.doc_url || !window.caches || !navigator.serviceWorker) { return Promise.resolve(false); }
    return navigator.serviceWorker.getRegistration(config.scope).then(function (registration) {
      if (!registration || !registration.active) { return false; }
      return window.caches.open(DOC_CACHE).then(function (cache) {
        return cache.match(config.doc_url, { ignoreVary: true, ignoreSearch: true });
      }).then(function (kept) { return Boolean(kept); });
    }).catch(function () { return false; });
  }

  /* The answers given so far plus this page's, as form fields, for the tablet document. */
  function carry(form, submitter) {
    var data = {};
    try { data = JSON.parse(form.getAttribute("data-carry") || "{}") || {}; } catch (e) { data = {}; }
    var fields = data.fields || {};
    form.querySelectorAll("[name^='a-']").forEach(function (el) { delete fields[el.name]; });
    new FormData(form).forEach(function (value, name) {
      if (name.indexOf("a-") !== 0 || value === "") { return; }
      (fields[name] = fields[name] || []).push(value);
    });
    var page = /(?:\/survey\/|[?&]page=)(\d+)/.exec(form.getAttribute("action") || "");
    var action = submitter ? submitter.value : "";
    var stopping = form.classList.contains("stop-form");
    return { code: config.code, submission_id: data.submission_id || null, fields: fields,
             page: page ? Number(page[1]) : (action === "start" ? 0 : null),
             stop: action === "stop" || stopping };
  }

  function showOffline(form) {
    var notice = document.getElementById("offline-notice");
    if (!notice) {
      notice = document.createElement("p");
      notice.id = "offline-notice";
      notice.className = "notice offline-notice";
      notice.setAttribute("role", "alert");
      notice.textContent = config.words.no_network;
      form.parentNode.insertBefore(notice, form);
    }
    notice.scrollIntoView({ block: "center" });
  }

  function guard(form) {
    var checked = false, pending = false;
    form.addEventListener("submit", function (event) {
      if (checked) { return; }
      event.preventDefault();
      /* A second tap while the first is on its way would post the page again: after
         "Send my answers" that second post finds nothing to send and the pupil would
         miss the thanks page (receipt and help). One post per page. */
      if (pending) { return; }
      pending = true;
      var submitter = event.submitter || null;
      form.setAttribute("aria-busy", "true");
      reachable().then(function (ok) {
        form.removeAttribute("aria-busy");
        if (ok) {
          checked = true;
          if (form.requestSubmit) { form.requestSubmit(submitter); } else { form.submit(); }
          checked = false;
          return null;
        }
        return documentKept().then(function (kept) {
          var moving = kept && (form.id === "survey-form" || form.classList.contains("start-form") ||
                                form.classList.contains("stop-form"));
          if (!moving) { pending = false; showOffline(form); return; }
          window.sessionStorage.setItem(CARRY_KEY, JSON.stringify(carry(form, submitter)));
          window.location.assign(config.doc_url);
        });
      });
    });
  }

  /* --- class tablets: the service worker and the tablet document ---------------------- */

  function keepTabletDocument() {
    if (!config.doc_url || !navigator.serviceWorker || !window.caches) { return; }
    navigator.serviceWorker.register(config.sw_url, { scope: config.scope }).then(function () {
      return window.caches.open(DOC_CACHE);
    }).then(function (cache) {
      return cache.add(new Request(config.doc_url, { cache: "no-store", credentials: "same-origin" }))
        .then(function () { return cache.keys(); })
        .then(function (requests) {
          /* One class at a time: an earlier session's document is not needed again. */
          return Promise.all(requests.filter(function (r) {
            return new URL(r.url).pathname !== config.doc_url;
          }).map(function (r) { return cache.delete(r); }));
        });
    }).then(function () {
      document.documentElement.setAttribute("data-offline-ready", "true");
    }, function () { /* not kept this time; the next start page tries again */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    readConfig();
    if (!config.api_url) { return; }
    setupStatus();
    document.querySelectorAll("form[data-guard]").forEach(guard);
    if (config.keep_document) { keepTabletDocument(); }
    if (window.indexedDB) { sendAll(); }
  });
  window.addEventListener("online", function () { wait = FIRST_WAIT; if (config.api_url) { sendAll(); } });

  window.westccQueue = { add: add, sendOne: sendOne, sendAll: sendAll, showStatus: showStatus,
                         carryKey: CARRY_KEY };
})();
