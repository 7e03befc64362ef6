// allywatch: small progressive enhancements. The pages work without it; CSP allows only this file.
"use strict";

// Quick filter: hide table rows that do not hold every typed word.
function quickFilter(input) {
  const table = document.getElementById(input.dataset.table);
  if (!table) return;
  input.addEventListener("input", () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    for (const row of table.tBodies[0].rows) {
      const text = row.textContent.toLowerCase();
      row.hidden = !words.every((word) => text.includes(word));
    }
  });
}

// Article reader: hovering a fact outlines its sentence in the text.
function linkFactsToSentences() {
  for (const item of document.querySelectorAll("li.fact-item")) {
    const id = (item.dataset.sentence || "").split("#")[1];
    const mark = id && document.getElementById(id);
    if (!mark) continue;
    const target = mark.classList.contains("anchor") ? mark.parentElement : mark;
    item.addEventListener("mouseenter", () => target.classList.add("hover"));
    item.addEventListener("mouseleave", () => target.classList.remove("hover"));
  }
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input#quick-filter").forEach(quickFilter);
  linkFactsToSentences();
});
