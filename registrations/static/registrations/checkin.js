// The phone check-in page of one session: scan a personal QR code (the browser's
// BarcodeDetector, where there is one) or search by name. It works offline: the
// list and the check-ins not yet sent live in localStorage, a service worker keeps
// the page, and the queue is sent when the connection returns. The server keeps
// one attendance per person and session (the first check-in time), so several
// phones sending the same person count them once.

const state = JSON.parse(document.getElementById("checkin-state").textContent);
const words = state.strings;
const csrf = document.getElementById("checkin-csrf").value;
const LIST_KEY = `checkin-list:${state.session}`;
const QUEUE_KEY = `checkin-queue:${state.session}`;

const countLine = document.getElementById("checkin-count");
const connectionLine = document.getElementById("checkin-connection");
const said = document.getElementById("checkin-said");
const list = document.getElementById("people");
const search = document.getElementById("search-input");
const tokenForm = document.getElementById("token-form");
const tokenInput = document.getElementById("token-input");
const scanToggle = document.getElementById("scan-toggle");
const video = document.getElementById("scan-video");

function fill(text, values) {
  return text.replace(/%\((\w+)\)s/g, (_match, name) => String(values[name]));
}

function read(key, fallback) {
  try {
    return JSON.parse(localStorage.getItem(key)) ?? fallback;
  } catch {
    return fallback;
  }
}

// The list as this phone last saw it, when newer than the page (a page kept
// by the service worker from before the last check-ins).
const stored = read(LIST_KEY, null);
let people =
  stored && stored.savedAt > state.generated ? stored.people : state.people;
let queue = read(QUEUE_KEY, []);
let syncing = false;

function save() {
  localStorage.setItem(
    LIST_KEY,
    JSON.stringify({ savedAt: new Date().toISOString(), people }),
  );
  localStorage.setItem(QUEUE_KEY, JSON.stringify(queue));
}

function timeOf(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleTimeString(document.documentElement.lang, {
    hour: "2-digit",
    minute: "2-digit",
  });
}

function say(text) {
  said.textContent = text;
}

function showConnection() {
  const lines = [navigator.onLine ? words.online : words.offline];
  if (queue.length) lines.push(fill(words.queued, { count: queue.length }));
  connectionLine.textContent = lines.join(" ");
  connectionLine.classList.toggle("is-offline", !navigator.onLine);
}

function render() {
  const present = people.filter((person) => person.present).length;
  countLine.textContent = fill(words.count, { present, total: people.length });
  const wanted = search.value.trim().toLocaleLowerCase();
  const shown = people.filter(
    (person) =>
      !wanted ||
      `${person.name} ${person.organization}`.toLocaleLowerCase().includes(wanted),
  );
  list.replaceChildren(
    ...shown.map((person) => {
      const item = document.createElement("li");
      item.className = "checkin__person";
      const name = document.createElement("span");
      name.className = "checkin__name";
      name.textContent = person.name;
      if (person.organization) {
        const organization = document.createElement("span");
        organization.className = "checkin__organization";
        organization.textContent = person.organization;
        name.append(organization);
      }
      item.append(name);
      if (person.present) {
        const done = document.createElement("span");
        done.className = "checkin__done";
        done.textContent = `✓ ${words.checkedIn} ${timeOf(person.at)}${
          person.pending ? ` (${words.waiting})` : ""
        }`;
        item.append(done);
      } else {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "checkin__button";
        button.textContent = words.checkIn;
        button.setAttribute("aria-label", fill(words.checkInName, { name: person.name }));
        button.addEventListener("click", () => checkIn({ registration: person.id }));
        item.append(button);
      }
      return item;
    }),
  );
  if (!shown.length) {
    const item = document.createElement("li");
    item.textContent = words.noMatch;
    list.append(item);
  }
  showConnection();
}

function checkIn({ token, registration }) {
  const person = token
    ? people.find((candidate) => candidate.token === token)
    : people.find((candidate) => candidate.id === registration);
  if (!person) {
    say(words.unknown);
    return;
  }
  if (person.present) {
    say(fill(words.already, { name: person.name }));
    return;
  }
  const at = new Date().toISOString();
  Object.assign(person, { present: true, at, pending: true });
  queue.push(token ? { token, at } : { registration: person.id, at });
  save();
  render();
  say(fill(words.checkedInName, { name: person.name }));
  sync();
}

// The server's list, with this phone's check-ins still unsent kept on it.
function merge(server) {
  const pending = new Map();
  for (const check of queue) {
    const person = check.token
      ? people.find((candidate) => candidate.token === check.token)
      : people.find((candidate) => candidate.id === check.registration);
    if (person) pending.set(person.id, check.at);
  }
  people = server.map((person) =>
    pending.has(person.id) && !person.present
      ? { ...person, present: true, at: pending.get(person.id), pending: true }
      : person,
  );
}

async function sync() {
  if (syncing || !navigator.onLine) {
    showConnection();
    return;
  }
  syncing = true;
  const sending = queue.slice();
  try {
    const response = await fetch(state.syncUrl, {
      method: sending.length ? "POST" : "GET",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: sending.length ? JSON.stringify({ checkIns: sending }) : undefined,
      credentials: "same-origin",
    });
    const answer = await response.json();
    if (!response.ok) {
      say(answer.error || "");
      if (response.status === 400) queue = queue.slice(sending.length);
      return;
    }
    queue = queue.slice(sending.length);
    merge(answer.people);
    save();
    render();
  } catch {
    // Still offline, or the server unreachable: the queue waits.
  } finally {
    syncing = false;
    showConnection();
  }
}

tokenForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const token = tokenInput.value.trim();
  if (token) checkIn({ token });
  tokenInput.value = "";
});
search.addEventListener("input", render);
window.addEventListener("online", sync);
window.addEventListener("offline", showConnection);
setInterval(sync, 15000);

// The camera scanner, only where the browser reads QR codes itself.
let stream = null;
let lastCode = "";
async function scanLoop(detector) {
  while (stream) {
    try {
      const codes = await detector.detect(video);
      const value = codes[0]?.rawValue;
      if (value && value !== lastCode) {
        lastCode = value;
        checkIn({ token: value });
        setTimeout(() => {
          lastCode = "";
        }, 3000);
      }
    } catch {
      // A frame not ready yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function stopCamera() {
  for (const track of stream?.getTracks() ?? []) track.stop();
  stream = null;
  video.hidden = true;
  scanToggle.textContent = words.scan;
}

if ("BarcodeDetector" in window && navigator.mediaDevices?.getUserMedia) {
  scanToggle.hidden = false;
  scanToggle.addEventListener("click", async () => {
    if (stream) {
      stopCamera();
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment" },
      });
    } catch {
      say(words.cameraRefused);
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    scanToggle.textContent = words.stopScan;
    await video.play();
    scanLoop(new BarcodeDetector({ formats: ["qr_code"] }));
  });
}

if ("serviceWorker" in navigator) {
  navigator.serviceWorker
    .register(state.workerUrl)
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      const assets = [...document.querySelectorAll("script[src], link[rel=stylesheet]")];
      registration.active?.postMessage({
        cache: [location.href, ...assets.map((asset) => asset.src || asset.href)],
      });
    })
    .catch(() => {});
}

render();
sync();
