// Live announcements: a toast (or a banner when urgent) for each announcement the
// server sends over /ws/announcements/ (protocol: announcements/__init__.py).
// The last cursor seen is kept in localStorage so a reconnect misses nothing.
// The notices on screen are kept too (per person: the page names its viewer), so
// they stay on the next page until dismissed, and a dismissed one stays dismissed.
// One notice per topic (a person's status in one training): the newest replaces
// the others.
// The server beats every few seconds with its newest cursor: a beat ahead of ours
// means a broadcast never reached this page (Redis was away), so we backfill; no
// frame for several beats means the socket is dead, so we reconnect.

const CURSOR_KEY = "portal.announcements.cursor";
const NOTICES_KEY = "portal.announcements.notices.";
const MAX_TOASTS = 5;
const MAX_DISMISSED = 200;
const BACKOFF_FIRST_MS = 1000;
const BACKOFF_MAX_MS = 30000;
const DEFAULT_HEARTBEAT_S = 25;
const MISSED_BEATS = 2.5;

function storedCursor() {
  try {
    const value = Number.parseInt(window.localStorage.getItem(CURSOR_KEY) ?? "", 10);
    return Number.isSafeInteger(value) && value >= 0 ? value : null;
  } catch {
    // Storage may be disabled (private mode, policies): the session still works.
    return null;
  }
}

function storeCursor(cursor) {
  try {
    window.localStorage.setItem(CURSOR_KEY, String(cursor));
  } catch {
    // Without storage the next page load starts from the newest cursor.
  }
}

/** The notices on screen and the ids dismissed, of one viewer. */
function storedNotices(key) {
  try {
    const value = JSON.parse(window.localStorage.getItem(key) ?? "null");
    if (value && Array.isArray(value.shown) && Array.isArray(value.dismissed)) {
      return value;
    }
  } catch {
    // Storage disabled or unreadable: start empty.
  }
  return { shown: [], dismissed: [] };
}

function storeNotices(key, notices) {
  try {
    window.localStorage.setItem(key, JSON.stringify(notices));
  } catch {
    // Without storage notices last as long as the page.
  }
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

class AnnouncementClient {
  constructor(root) {
    this.root = root;
    this.labels = root.dataset;
    this.toasts = root.querySelector("[data-announcement-toasts]");
    this.banners = root.querySelector("[data-announcement-banners]");
    this.cursor = storedCursor();
    this.attempt = 0;
    this.socket = null;
    this.backfilling = false;
    this.watchdog = null;
    this.lastFrameAt = 0;
    this.noticesKey = NOTICES_KEY + (this.labels.viewer || "anonymous");
    this.notices = storedNotices(this.noticesKey);
    for (const announcement of this.notices.shown) this.show(announcement, false, false);
    // Another tab dismissed or received one: follow it.
    window.addEventListener("storage", (event) => {
      if (event.key !== this.noticesKey) return;
      this.notices = storedNotices(this.noticesKey);
      const shown = new Set(this.notices.shown.map((announcement) => Number(announcement.id)));
      for (const card of this.root.querySelectorAll("[data-announcement-id]")) {
        if (!shown.has(Number(card.dataset.announcementId))) card.remove();
      }
      for (const announcement of this.notices.shown) {
        if (!this.existing(announcement.id)) this.show(announcement, false, false);
      }
    });
  }

  url() {
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    return `${scheme}//${window.location.host}${this.labels.wsPath}`;
  }

  connect() {
    this.setState("connecting");
    const socket = new WebSocket(this.url());
    this.socket = socket;
    socket.addEventListener("message", (event) => {
      if (socket === this.socket) this.onMessage(event);
    });
    socket.addEventListener("close", () => this.onClose(socket));
  }

  setState(state) {
    this.root.dataset.state = state;
  }

  onClose(socket) {
    if (socket !== this.socket) return;
    this.setState("closed");
    this.stopWatchdog();
    this.backfilling = false;
    // Exponential backoff with jitter, so a restarted server is not hit by every
    // open tab at the same instant.
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.attempt);
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.attempt += 1;
    window.setTimeout(() => this.connect(), delay);
  }

  startWatchdog(seconds) {
    this.stopWatchdog();
    const beatMs = (Number(seconds) > 0 ? Number(seconds) : DEFAULT_HEARTBEAT_S) * 1000;
    const socket = this.socket;
    this.watchdog = window.setInterval(() => {
      if (Date.now() - this.lastFrameAt > beatMs * MISSED_BEATS) {
        // Silent for several beats: the close event reconnects with backoff.
        this.stopWatchdog();
        socket.close();
      }
    }, beatMs);
  }

  stopWatchdog() {
    if (this.watchdog !== null) window.clearInterval(this.watchdog);
    this.watchdog = null;
  }

  backfill() {
    if (this.backfilling || this.cursor === null) return;
    this.backfilling = true;
    this.socket.send(JSON.stringify({ type: "since", since: this.cursor }));
  }

  onMessage(event) {
    this.lastFrameAt = Date.now();
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    switch (message.type) {
      case "hello":
        this.attempt = 0;
        this.startWatchdog(message.heartbeat);
        // A cursor beyond the server's newest comes from another database (a
        // reset demo, say): start again from the server's.
        if (this.cursor !== null && message.cursor < this.cursor) this.cursor = null;
        if (this.cursor === null) {
          this.advance(message.cursor);
          this.setState("open");
        } else {
          this.backfill();
        }
        break;
      case "backfill.done":
        this.backfilling = false;
        this.advance(message.cursor);
        this.setState("open");
        break;
      case "heartbeat":
        if (Number.isSafeInteger(message.cursor) && message.cursor > (this.cursor ?? 0)) {
          this.backfill();
        }
        break;
      case "announcement.published":
      case "announcement.updated":
        this.show(message.announcement, message.type === "announcement.updated");
        this.advance(message.cursor);
        break;
      case "announcement.withdrawn":
        this.remove(message.announcement.id);
        this.advance(message.cursor);
        break;
      default:
        break;
    }
  }

  advance(cursor) {
    if (Number.isSafeInteger(cursor) && (this.cursor === null || cursor > this.cursor)) {
      this.cursor = cursor;
      storeCursor(cursor);
    }
  }

  existing(id) {
    return this.root.querySelector(`[data-announcement-id="${Number(id)}"]`);
  }

  show(announcement, isUpdate, remember = true) {
    if (announcement.expires_at && Date.parse(announcement.expires_at) <= Date.now()) {
      this.remove(announcement.id);
      return;
    }
    if (this.notices.dismissed.includes(Number(announcement.id))) return;
    const current = this.existing(announcement.id);
    if (isUpdate && !current) return;
    const card = this.card(announcement);
    if (current) {
      current.replaceWith(card);
    } else {
      if (announcement.topic) {
        // The newest of a topic replaces the others (older ones from a backfill
        // arrive first).
        for (const other of this.root.querySelectorAll("[data-announcement-topic]")) {
          if (other.dataset.announcementTopic === announcement.topic) this.forget(other);
        }
      }
      const region = announcement.level === "urgent" ? this.banners : this.toasts;
      region.append(card);
      const toasts = this.toasts.querySelectorAll("[data-announcement-id]");
      if (toasts.length > MAX_TOASTS) this.forget(toasts[0]);
    }
    if (remember) this.remember(announcement);
  }

  remember(announcement) {
    const id = Number(announcement.id);
    this.notices.shown = [
      ...this.notices.shown.filter((other) => Number(other.id) !== id
        && !(announcement.topic && other.topic === announcement.topic)),
      announcement,
    ].filter((other) => this.existing(other.id));
    storeNotices(this.noticesKey, this.notices);
  }

  /** Take a card off the page and out of the stored notices. */
  forget(card, dismissed = false) {
    const id = Number(card.dataset.announcementId);
    card.remove();
    this.notices.shown = this.notices.shown.filter((other) => Number(other.id) !== id);
    if (dismissed) {
      this.notices.dismissed = [...this.notices.dismissed.filter((other) => other !== id), id]
        .slice(-MAX_DISMISSED);
    }
    storeNotices(this.noticesKey, this.notices);
  }

  /** The title and body in the page's language, or in the other one (saying which). */
  text(announcement) {
    const texts = announcement.texts || {};
    const own = texts[this.labels.language];
    if (own && own.title) return { ...own, language: this.labels.language };
    for (const [language, other] of Object.entries(texts)) {
      if (other && other.title) return { ...other, language };
    }
    return { title: announcement.title, body: announcement.body, language: "es" };
  }

  card(announcement) {
    const urgent = announcement.level === "urgent";
    const level = ["info", "important", "urgent"].includes(announcement.level)
      ? announcement.level
      : "info";
    const card = element(
      "div",
      `${urgent ? "announcement-banner" : "announcement-toast"} announcement--${level}`,
    );
    card.dataset.announcementId = String(announcement.id);
    if (announcement.topic) card.dataset.announcementTopic = String(announcement.topic);
    card.append(element("p", "announcement-toast__label", this.labels[`label${level[0].toUpperCase()}${level.slice(1)}`]));
    const text = this.text(announcement);
    const title = element("p", "announcement-toast__title", text.title);
    const body = text.body ? element("p", "announcement-toast__body", text.body) : null;
    if (text.language !== this.labels.language) {
      // Shown in the other language, and saying so.
      for (const part of [title, body]) {
        if (part) part.lang = text.language;
      }
      const note = this.labels[text.language === "es" ? "labelOnlyEs" : "labelOnlyEn"];
      if (note) card.append(element("p", "announcement-toast__fallback fallback-note", note));
    }
    card.append(title);
    if (body) card.append(body);
    const agency = announcement.agency;
    if (agency) {
      const name = agency.name[this.labels.language] || agency.name.es || agency.name.en;
      card.append(element("p", "announcement-toast__agency", agency.acronym ? `${name} (${agency.acronym})` : name));
    }
    const more = element("a", "announcement-toast__more", this.labels.labelMore);
    more.href = `${this.labels.historyUrl}#announcement-${Number(announcement.id)}`;
    card.append(more);
    const dismiss = element("button", "announcement-toast__dismiss", "×");
    dismiss.type = "button";
    dismiss.setAttribute("aria-label", this.labels.labelDismiss);
    dismiss.addEventListener("click", () => this.forget(card, true));
    card.append(dismiss);
    return card;
  }

  remove(id) {
    const card = this.existing(id);
    if (card) this.forget(card);
  }
}

const root = document.querySelector("[data-announcements]");
if (root && "WebSocket" in window) {
  new AnnouncementClient(root).connect();
}
