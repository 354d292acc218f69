/**
 * One live table over the `/ws` WebSocket (docs/protocol.md): hello with the last seen seq,
 * snapshot or missing events, gap detection and resync, automatic reconnection with backoff, and
 * an outbox of commands kept in localStorage under their client-made `cmd_id`.
 *
 * Nothing is ever played twice: a command keeps its cmd_id until the server answers `ack` or
 * `reject`; a resend after a reconnection reuses the id, and the server answers a known id with
 * `ack` + `duplicate: true` instead of a second event. Within one connection a command is sent once.
 */

import { fromSnapshot, foldEvent } from "./table-view.js";
import { newCmdId } from "./api.js";

const BACKOFF_MS = [500, 1000, 2000, 4000, 8000];
const PING_EVERY_MS = 20000;

export class LiveTable extends EventTarget {
  /**
   * @param {object} opts
   * @param {string} opts.token       participant, facilitator, projector or review token
   * @param {string|null} opts.tableId needed for workshop-wide tokens
   * @param {string} opts.storeKey    localStorage key of this screen's outbox
   */
  constructor({ token, tableId = null, storeKey = null }) {
    super();
    this.token = token;
    this.tableId = tableId;
    this.storeKey = storeKey;
    this.view = null;
    this.assessment = null;
    this.welcome = null;
    this.status = "connecting";
    this.ws = null;
    this.attempt = 0;
    this.sentThisSocket = new Set();
    this.outbox = this.loadOutbox();
    this.stopped = false;
    this.resyncing = false;
    this.timer = null;
    this.pinger = null;
    this.onOnline = () => this.reconnectSoon(0);
    this.onOffline = () => { if (this.ws) this.ws.close(); this.setStatus("offline"); };
    window.addEventListener("online", this.onOnline);
    window.addEventListener("offline", this.onOffline);
  }

  get seq() { return this.view ? this.view.seq : null; }

  /** Server clock minus this device's clock [s], for timers. */
  get clockOffset() { return this.welcome ? this.welcome.server_time - this.welcomeAt : 0; }

  /** Open the socket (again). */
  connect() {
    if (this.stopped) return;
    clearTimeout(this.timer);
    if (navigator.onLine === false) { this.setStatus("offline"); return; }
    this.setStatus(this.view ? "reconnecting" : "connecting");
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
    const ws = new WebSocket(url);
    this.ws = ws;
    this.sentThisSocket = new Set();
    ws.addEventListener("open", () => {
      const hello = { type: "hello", token: this.token, last_seq: this.seq };
      if (this.tableId) hello.table_id = this.tableId;
      ws.send(JSON.stringify(hello));
    });
    ws.addEventListener("message", (e) => this.onMessage(e.data));
    ws.addEventListener("close", () => {
      if (this.ws !== ws) return;
      clearInterval(this.pinger);
      this.ws = null;
      if (this.stopped) return;
      this.setStatus(navigator.onLine === false ? "offline" : "reconnecting");
      this.reconnectSoon();
    });
  }

  reconnectSoon(delay = null) {
    if (this.stopped || this.ws) return;
    clearTimeout(this.timer);
    const wait = delay ?? BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    this.attempt += 1;
    this.timer = setTimeout(() => this.connect(), wait);
  }

  /** Close for good (page leaving, kicked). */
  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.pinger);
    window.removeEventListener("online", this.onOnline);
    window.removeEventListener("offline", this.onOffline);
    if (this.ws) this.ws.close();
  }

  setStatus(status) {
    if (this.status === status) return;
    this.status = status;
    this.emit("status", { status, pending: this.outbox.length });
  }

  emit(name, detail) { this.dispatchEvent(new CustomEvent(name, { detail })); }

  onMessage(raw) {
    let msg;
    try { msg = JSON.parse(raw); } catch { return; }
    switch (msg.type) {
      case "welcome": this.onWelcome(msg); break;
      case "snapshot": this.onSnapshot(msg); break;
      case "event": this.onEvent(msg); break;
      case "ack": this.settle(msg.cmd_id, { ok: true, seq: msg.seq, duplicate: !!msg.duplicate }); break;
      case "reject": this.settle(msg.cmd_id, { ok: false, reason: msg.reason, message: msg.message }); break;
      case "assessment": this.assessment = msg; this.assessmentAt = new Date(); this.emit("assessment", msg); break;
      case "error":
        if (msg.reason === "kicked") { this.stopped = true; this.dropOutbox("kicked"); this.setStatus("kicked"); break; }
        this.emit("server-error", msg);
        if (msg.reason === "unauthorized" || msg.reason === "forbidden") this.stopped = true;
        break;
      case "bye":
        if (msg.reason === "kicked") { this.stopped = true; this.dropOutbox("kicked"); this.setStatus("kicked"); }
        this.emit("bye", msg);
        break;
      default: break;
    }
  }

  onWelcome(msg) {
    this.welcome = msg;
    this.welcomeAt = Date.now() / 1000;
    this.attempt = 0;
    this.tableId = msg.table_id;
    this.emit("welcome", msg);
    // Events (or a snapshot) follow; once we hold the server's seq we are live.
    if (this.view && this.view.seq >= msg.seq) this.goLive();
    clearInterval(this.pinger);
    this.pinger = setInterval(() => this.send({ type: "ping", t: Date.now() / 1000 }), PING_EVERY_MS);
  }

  onSnapshot(msg) {
    this.view = fromSnapshot(msg.table);
    this.view.seq = msg.seq;
    this.resyncing = false;
    this.emit("change", { view: this.view, snapshot: true });
    this.goLive();
  }

  onEvent(msg) {
    if (!this.view) return; // a snapshot comes first after hello without last_seq
    if (msg.seq <= this.view.seq) return; // already folded (replayed after a resync)
    if (msg.seq !== this.view.seq + 1) { this.askResync(); return; }
    this.resyncing = false;
    foldEvent(this.view, msg.event);
    this.emit("event", msg.event);
    this.emit("change", { view: this.view, event: msg.event });
    if (this.welcome && this.view.seq >= this.welcome.seq) this.goLive();
  }

  askResync() {
    if (this.resyncing) return;
    this.resyncing = true;
    this.send({ type: "resync", last_seq: this.view ? this.view.seq : 0 });
  }

  goLive() {
    this.setStatus("live");
    this.flush();
  }

  send(obj) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(obj));
    return true;
  }

  /** A removed seat's moves will never be accepted: forget them and answer each waiter. */
  dropOutbox(reason) {
    const dropped = this.outbox;
    this.outbox = [];
    this.saveOutbox();
    for (const item of dropped) this.settle(item.cmd_id, { ok: false, reason, message: "" });
    return dropped.length;
  }

  /** Queue `command` ({kind, ...}) and send it when live. Resolves with the server's answer.
   * A removed (kicked) screen queues nothing: the command is refused at once. */
  command(command, { cmdId = null } = {}) {
    const id = cmdId || newCmdId(command.kind.slice(0, 4));
    if (this.status === "kicked") {
      const result = { ok: false, reason: "kicked", message: "" };
      this.emit("reject", { cmd_id: id, command, ...result, pending: 0 });
      return { cmdId: id, done: Promise.resolve(result) };
    }
    if (!this.outbox.some((c) => c.cmd_id === id)) {
      this.outbox.push({ cmd_id: id, command, queued_at: Date.now() });
      this.saveOutbox();
    }
    const done = new Promise((resolve) => { (this.waiters ||= new Map()).set(id, resolve); });
    this.emit("queued", { cmd_id: id, command, pending: this.outbox.length });
    if (this.status === "live") this.flush();
    return { cmdId: id, done };
  }

  /** Send every queued command not yet sent on this socket, oldest first. */
  flush() {
    for (const item of this.outbox) {
      if (this.sentThisSocket.has(item.cmd_id)) continue;
      if (!this.send({ type: "cmd", cmd_id: item.cmd_id, base_seq: this.seq, command: item.command })) return;
      this.sentThisSocket.add(item.cmd_id);
    }
  }

  settle(cmdId, result) {
    const item = this.outbox.find((c) => c.cmd_id === cmdId);
    this.outbox = this.outbox.filter((c) => c.cmd_id !== cmdId);
    this.saveOutbox();
    const waiter = this.waiters && this.waiters.get(cmdId);
    if (waiter) { this.waiters.delete(cmdId); waiter(result); }
    this.emit(result.ok ? "ack" : "reject", { cmd_id: cmdId, command: item ? item.command : null, ...result, pending: this.outbox.length });
  }

  loadOutbox() {
    if (!this.storeKey) return [];
    try { return JSON.parse(localStorage.getItem(this.storeKey) || "[]"); } catch { return []; }
  }

  saveOutbox() {
    if (!this.storeKey) return;
    try { localStorage.setItem(this.storeKey, JSON.stringify(this.outbox)); } catch { /* quota/private */ }
  }
}
