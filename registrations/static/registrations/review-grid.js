// The scoring grid, enhanced: each cell is saved as it is typed, a complete score
// moves the focus to the next cell, Enter and the arrows move between applicants.
// Without this script the grid is one form saved by its button.

const form = document.querySelector(".review-grid-form");

if (form) {
  const url = form.dataset.cellUrl;
  const token = form.querySelector("[name=csrfmiddlewaretoken]").value;
  const scores = () => [...form.querySelectorAll(".review-score:not([disabled])")];
  let pending = 0;
  form.dataset.pending = "0";

  const setPending = (delta) => {
    pending += delta;
    form.dataset.pending = String(pending);
  };

  const status = (row, text) => {
    const element = row.querySelector(".review-status");
    if (element) element.textContent = text;
  };

  // One change at a time per field, in the order typed.
  let queue = Promise.resolve();
  const save = (row, fields) => {
    setPending(1);
    status(row, form.dataset.saving);
    const body = new FormData();
    body.append("registration", row.dataset.registration);
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    queue = queue
      .then(() =>
        fetch(url, {
          method: "POST",
          body,
          headers: { "X-CSRFToken": token },
          credentials: "same-origin",
        }),
      )
      .then(async (response) => {
        if (response.ok) {
          status(row, form.dataset.saved);
          row.classList.remove("review-row--error");
        } else {
          const answer = await response.json().catch(() => ({}));
          status(row, `${form.dataset.failed}: ${answer.error || response.status}`);
          row.classList.add("review-row--error");
        }
      })
      .catch(() => {
        status(row, form.dataset.failed);
        row.classList.add("review-row--error");
      })
      .finally(() => setPending(-1));
  };

  // A score is complete when no further digit could keep it within the maximum.
  const complete = (input) => {
    const value = input.value;
    const max = Number(input.dataset.max);
    if (!/^\d+$/.test(value)) return false;
    return value === "0" || Number(value) * 10 > max || value.length >= String(max).length;
  };

  const moveBy = (input, step) => {
    const all = scores();
    const next = all[all.indexOf(input) + step];
    if (next) next.focus();
  };

  const moveRow = (input, step) => {
    const rows = [...form.querySelectorAll(".review-row")];
    let index = rows.indexOf(input.closest(".review-row")) + step;
    while (rows[index]) {
      const target = rows[index].querySelector(
        `.review-score[data-criterion="${input.dataset.criterion}"]:not([disabled])`,
      );
      if (target) {
        target.focus();
        return;
      }
      index += step;
    }
  };

  // The cue under the heading shows only while the table is wider than its frame.
  const region = form.querySelector(".review-grid-scroll");
  const cue = form.querySelector(".review-scroll-cue");
  const showCue = () => {
    if (region && cue) cue.hidden = region.scrollWidth <= region.clientWidth;
  };
  showCue();
  window.addEventListener("resize", showCue);

  form.addEventListener("focusin", (event) => {
    if (event.target.classList.contains("review-score")) event.target.select();
  });

  form.addEventListener("input", (event) => {
    const input = event.target;
    if (!input.classList.contains("review-score")) return;
    input.value = input.value.replace(/\D/g, "");
    const row = input.closest(".review-row");
    if (input.value === "" || complete(input)) {
      save(row, { criterion: input.dataset.criterion, value: input.value });
      input.dataset.sent = input.value;
      if (input.value !== "") moveBy(input, 1);
    }
  });

  // A two-digit score typed as one digit is saved when the cell is left.
  form.addEventListener("change", (event) => {
    const input = event.target;
    const row = input.closest(".review-row");
    if (!row) return;
    if (input.classList.contains("review-score") && input.dataset.sent !== input.value) {
      input.dataset.sent = input.value;
      save(row, { criterion: input.dataset.criterion, value: input.value });
    } else if (input.classList.contains("review-note")) {
      save(row, { note: input.value });
    } else if (input.classList.contains("review-conflict")) {
      save(row, { conflict: input.checked ? "on" : "off" });
      row.classList.toggle("review-row--conflict", input.checked);
      for (const cell of row.querySelectorAll(".review-score")) {
        cell.disabled = input.checked;
        if (input.checked) cell.value = "";
      }
    }
  });

  form.addEventListener("keydown", (event) => {
    const input = event.target;
    if (!input.classList.contains("review-score")) return;
    if (event.key === "Enter" || event.key === "ArrowDown") {
      event.preventDefault();
      moveRow(input, 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      moveRow(input, -1);
    }
  });
}
