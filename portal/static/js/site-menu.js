// The header's menu disclosure: open on wide screens (where CSS shows it without a
// button), so assistive technology reads it as expanded; a phone's choice is kept.
const menu = document.querySelector(".site-menu");
if (menu) {
  const wide = window.matchMedia("(min-width: 60rem)");
  const follow = () => {
    menu.open = wide.matches;
  };
  follow();
  wide.addEventListener("change", follow);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.open && !wide.matches) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
}

// The search filters' disclosure, likewise: always open on wide screens, where CSS
// shows the filters beside the results.
const filters = document.querySelector(".search-filters");
if (filters) {
  const wideSearch = window.matchMedia("(min-width: 52rem)");
  const followSearch = () => {
    if (wideSearch.matches) filters.open = true;
  };
  followSearch();
  wideSearch.addEventListener("change", followSearch);
}
