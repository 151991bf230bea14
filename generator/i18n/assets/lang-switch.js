// The language switch (generator/theme/main.html) opens the same page in the other
// language; this keeps what the visitor chose there: the finder's and the handout's
// state lives in the query and the hash, which mean the same in every language.
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("a[data-dir-lang]") : null;
  if (!link) return;
  const target = new URL(link.href, location.href);
  target.search = location.search;
  target.hash = location.hash;
  link.href = target.href;
});
