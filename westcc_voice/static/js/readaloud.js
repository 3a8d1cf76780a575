/* Read-aloud: each question's "Read aloud" button speaks its text and its answers with
 * the browser's own speech synthesis, in the language the text is written in (the
 * nearest lang attribute). Buttons stay hidden unless the browser has a voice for that
 * language: speechSynthesis.getVoices() is often empty at first and filled later, so
 * this checks again on "voiceschanged". Nothing is sent anywhere.
 */
(function () {
  "use strict";

  var synth = window.speechSynthesis;
  var speaking = null;

  function langOf(el) {
    var node = el.closest("[lang]");
    return (node && node.getAttribute("lang")) || document.documentElement.lang || "en";
  }

  function voiceFor(lang) {
    if (!synth || typeof synth.getVoices !== "function") { return null; }
    var voices = synth.getVoices() || [];
    var wanted = lang.toLowerCase();
    var base = wanted.split("-")[0];
    var exact = null, close = null;
    voices.forEach(function (v) {
      var vl = String(v.lang || "").toLowerCase().replace("_", "-");
      if (vl === wanted && !exact) { exact = v; }
      if (vl.split("-")[0] === base && !close) { close = v; }
    });
    return exact || close;
  }

  var QUESTION_PARTS = ".q-text, .q-help, .q-hint, .anchors, .grid-item-text, label, .assent-big, .assent-points li";
  var SCREEN_PARTS = "h1, h2, .help-title, p, li, label";

  /* The words a listener needs: the question, its help and hint, then each answer's
     label; for a screen (data-read-all) its headings, paragraphs and items. A grid's own
     button reads the question only: each statement has its button. */
  function textOf(container) {
    var parts = [];
    var seen = new Set();
    var all = container.hasAttribute("data-read-all");
    container.querySelectorAll(all ? SCREEN_PARTS : QUESTION_PARTS)
      .forEach(function (el) {
        if (el.closest(".read-aloud, [hidden], .receipt, .visually-hidden") || seen.has(el)) { return; }
        var row = el.closest(".grid-item");
        if (row && row !== container) { return; }
        seen.add(el);
        var words = el.querySelector(".option-word");
        var text = (words ? words.textContent : el.textContent).replace(/\s+/g, " ").trim();
        if (text) { parts.push({ text: text, lang: langOf(el) }); }
      });
    return parts;
  }

  function stop() {
    if (synth) { synth.cancel(); }
    if (speaking) { speaking.setAttribute("aria-pressed", "false"); speaking = null; }
  }

  function speak(button) {
    var target = document.getElementById(button.getAttribute("data-read"));
    if (!target) { return; }
    if (speaking === button) { stop(); return; }
    stop();
    speaking = button;
    button.setAttribute("aria-pressed", "true");
    var parts = textOf(target);
    parts.forEach(function (part, index) {
      var utterance = new window.SpeechSynthesisUtterance(part.text);
      utterance.lang = part.lang;
      var voice = voiceFor(part.lang);
      if (voice) { utterance.voice = voice; }
      utterance.rate = 0.9;
      if (index === parts.length - 1) {
        utterance.onend = function () { if (speaking === button) { stop(); } };
      }
      synth.speak(utterance);
    });
  }

  function refresh() {
    document.querySelectorAll(".read-aloud[data-read]").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("data-read"));
      var first = target && target.querySelector(".q-text, .grid-item-text, .assent-big, h1, p");
      var available = Boolean(synth) && Boolean(voiceFor(langOf(first || button)));
      button.hidden = !available;
    });
    var any = document.querySelector(".read-aloud[data-read]:not([hidden])");
    document.querySelectorAll(".needs-voice").forEach(function (el) { el.hidden = !any; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!synth || typeof window.SpeechSynthesisUtterance !== "function") { return; }
    document.querySelectorAll(".read-aloud[data-read]").forEach(function (button) {
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", function () { speak(button); });
    });
    refresh();
    if (typeof synth.addEventListener === "function") {
      synth.addEventListener("voiceschanged", refresh);
    } else {
      synth.onvoiceschanged = refresh;
    }
    window.addEventListener("pagehide", stop);
  });
})();
