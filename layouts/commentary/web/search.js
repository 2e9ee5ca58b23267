// The archive's search: Pagefind's index of the issues, queried in the browser. The index holds
// Khmer cut into words at ICU's boundaries; a Khmer query is cut the same way by Intl.Segmenter.
const form = document.querySelector("form.search");
const input = document.getElementById("q");
const status = document.getElementById("status");
const list = document.getElementById("results");
const root = new URL("../", import.meta.url);
const KHMER = /[\u1780-\u17ff\u19e0-\u19ff]/;
let pagefind = null;

function segmented(text) {
  if (!KHMER.test(text) || typeof Intl.Segmenter !== "function") return text;
  const words = new Intl.Segmenter("km", { granularity: "word" }).segment(text);
  return Array.from(words, (part) => part.segment).filter((word) => word.trim()).join(" ");
}

async function search(query) {
  list.replaceChildren();
  if (!query.trim()) { status.textContent = ""; return; }
  pagefind = pagefind || await import(new URL("pagefind/pagefind.js", root).href);
  const found = await pagefind.search(segmented(query));
  const results = await Promise.all(found.results.slice(0, 30).map((result) => result.data()));
  status.textContent = results.length
    ? status.dataset.found.replace("{count}", String(found.results.length))
    : status.dataset.none;
  for (const data of results) {
    const item = document.createElement("li");
    if (data.meta.lang) item.lang = data.meta.lang;
    const link = document.createElement("a");
    link.href = new URL(data.url, root).href;
    link.textContent = data.meta.title;
    item.append(link);
    list.append(item);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = input.value;
  history.replaceState(null, "", "?q=" + encodeURIComponent(query));
  search(query);
});
const asked = new URLSearchParams(location.search).get("q");
if (asked) { input.value = asked; search(asked); }
