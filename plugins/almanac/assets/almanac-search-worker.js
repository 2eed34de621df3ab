// The search worker of the theme's search box (Material for MkDocs), answered by Pagefind.
//
// Material's box talks to a web worker in four messages: it sends SETUP (its own index, which
// `almanac/search` leaves empty) and the worker answers READY; it sends each QUERY (the text in
// the box) and the worker answers RESULT, a list of items the box draws as its own results
// (title, excerpt with the query marked, the link with `?h=` that highlights the query on the
// page it opens). This worker answers them from the Pagefind index `almanac/search` writes to
// `pagefind/` at the site's root: Pagefind fetches only the parts of the index a query needs. A
// big site's index is written in parts (`pagefind/part-2/` and on, listed in
// `pagefind/almanac-parts.json`), merged into the first before the worker answers.
// The pages point Material at this file in place of its Lunr worker (`mkdocs/search/plugin.py`).

"use strict";

const SETUP = 0;
const READY = 1;
const QUERY = 2;
const RESULT = 3;

// How many results the box lists, best first: each costs one request for its excerpt, and the
// browser asks a server six at a time. Material draws ten at first, the rest as the list scrolls.
const SHOWN = 10;
// Sections of a page listed under its result ("N more on this page").
const SECTIONS = 3;

// This file is `assets/almanac/almanac-search-worker.js`: the site's root is two folders up.
const root = new URL("../../", self.location.href);

let pagefind = null;
let latest = 0;

// The other parts of the index, as folders of `pagefind/`; none when the list is missing.
function otherParts() {
  return fetch(new URL("pagefind/almanac-parts.json", root).href)
    .then((response) => (response.ok ? response.json() : []))
    .then((parts) => (Array.isArray(parts) ? parts.filter((part) => /^part-[0-9]+\/$/.test(part)) : []))
    .catch(() => []);
}

function load() {
  if (pagefind === null) {
    const parts = otherParts();
    pagefind = import(new URL("pagefind/pagefind.js", root).href).then(async (module) => {
      const options = { baseUrl: "/", excerptLength: 24 };
      await module.options(options);
      await module.init();
      for (const part of await parts) {
        await module.mergeIndex(new URL(part, new URL("pagefind/", root)).href, options);
      }
      return module;
    });
  }
  return pagefind;
}

function escapeHtml(text) {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

// The text of an excerpt of Pagefind's: `<` and `>` escaped, the entities it leaves (quotes) as
// written in the page.
function unescapeHtml(text) {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;|&#x27;/g, "'");
}

// Pagefind's excerpts are text with the query in `<mark>`: the text is escaped again in full
// (`&` and quotes too), the marks become Material's.
function excerpt(marked) {
  return marked
    .split(/(<mark>|<\/mark>)/)
    .map((part) => {
      if (part === "<mark>") return "<mark data-md-highlight>";
      if (part === "</mark>") return "</mark>";
      return escapeHtml(unescapeHtml(part));
    })
    .join("");
}

// A URL of Pagefind's (`/blog/…/`, from `baseUrl`) as Material wants it: relative to the root.
function relative(url) {
  return url.replace(/^\/+/, "");
}

function words(query) {
  return query
    .split(/\s+/)
    .map((word) => word.trim())
    .filter((word) => word.length > 0);
}

async function answer(query, asked) {
  const terms = Object.fromEntries(words(query).map((word) => [word, true]));
  if (Object.keys(terms).length === 0) return { items: [] };
  const module = await load();
  const found = await module.search(query);
  if (asked !== latest || found === null) return null;
  const pages = await Promise.all(found.results.slice(0, SHOWN).map((result) => result.data()));
  if (asked !== latest) return null;
  const items = pages.map((page, rank) => {
    const score = found.results[rank].score;
    const title = escapeHtml(unescapeHtml(page.meta.title || page.url));
    const article = { location: relative(page.url), title, text: excerpt(page.excerpt), score, terms };
    const sections = (page.sub_results || [])
      .filter((section) => section.url.includes("#"))
      .slice(0, SECTIONS)
      .map((section, index) => ({
        location: relative(section.url),
        title: escapeHtml(unescapeHtml(section.title)),
        text: excerpt(section.excerpt),
        score: score * (0.5 - index * 0.01),
        terms,
      }));
    return [article, ...sections];
  });
  return { items };
}

// Pagefind starts loading with the worker, before the theme has fetched its own (empty) index
// and sent it: the first query finds it ready sooner.
load().catch(() => {});

self.addEventListener("message", async (event) => {
  const message = event.data;
  if (message.type === SETUP) {
    self.postMessage({ type: READY });
  } else if (message.type === QUERY) {
    const asked = ++latest;
    try {
      const data = await answer(String(message.data), asked);
      if (data !== null && asked === latest) self.postMessage({ type: RESULT, data });
    } catch (error) {
      if (asked === latest) self.postMessage({ type: RESULT, data: { items: [] } });
      throw error;
    }
  }
});
