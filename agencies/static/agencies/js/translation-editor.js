// wagtail-localize's translation editor (a React app) writes two texts without
// gettext, so they stay in English in a Spanish admin: the heading "<source> to
// <target> translation" and the screen-reader label "More actions" of its
// publish menu. This gives them the admin's language from the JavaScript
// catalogue the editor page loads (their Spanish is in locale_overrides/).
// Only text nodes' values change, so React keeps the nodes it rendered.
(function () {
  "use strict";
  const editor = document.querySelector(".js-translation-editor");
  if (!editor || typeof window.gettext !== "function") return;
  const heading = /^(.+) to (.+) translation$/;

  function translated(text) {
    if (text === "More actions") return window.gettext("More actions");
    const match = heading.exec(text);
    if (match) {
      return window.interpolate(
        window.gettext("%(source)s to %(target)s translation"),
        { source: match[1], target: match[2] },
        true,
      );
    }
    return null;
  }

  function translateTexts() {
    const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = translated(node.nodeValue.trim());
      if (text !== null && text !== node.nodeValue.trim()) node.nodeValue = text;
    }
  }

  translateTexts();
  new MutationObserver(translateTexts).observe(editor, {
    childList: true,
    subtree: true,
    characterData: true,
  });
})();
