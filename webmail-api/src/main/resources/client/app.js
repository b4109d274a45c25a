// The web mail client: one page over the webmail API (/api/v1, see /q/swagger-ui).
// Message data is only ever put into the page as text (textContent), never as markup; an HTML
// body is shown in a sandboxed frame that loads the server's sanitised copy under a CSP without
// scripts. No build step: a plain ES module the browser runs as is.

import { MESSAGES } from './messages.js';

const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 50;
const AUTOSAVE_MS = 5000;  // a draft being written is saved this often when it changed
const UNDO_MS = 8000;      // how long a delete or move can be undone

const state = {
  session: null,        // { address, csrfToken }
  folders: [],
  folder: null,         // the folder shown
  page: 0,
  query: '',
  list: null,           // the page shown
  selected: -1,         // index in list.messages
  open: null,           // the message open in the reader
  compose: null,        // { answering, forward, draft, inReplyTo, references }
  composeSaved: '',     // the compose form as opened or last saved, to tell whether anything was typed
  events: null,
  listLoads: 0,         // the latest list request: an older answer arriving late is dropped
  opens: 0,             // the latest message request, likewise
  checked: new Set(),   // rows ticked for a bulk action, by their uid (a conversation's newest)
  anchor: -1,           // the row a Shift-click selects from
  sort: localStorage.getItem('mail.sort') || 'arrival:desc',
  conversations: localStorage.getItem('mail.conversations') === 'true',
  conversation: null,   // the conversation open in the reader (its row), when one is
  undo: null,           // { moved, from }: the last delete or move, while it can be undone
  contacts: null,       // address suggestions, read when compose first opens
  identities: null,     // the addresses the user writes from (own first), with name and signature
  saving: null,         // a draft save under way
  suggestions: [],      // the addresses suggested under the field being typed in
  pdfPreviews: 0,       // the latest PDF preview: an older one still drawing stops
};

// ---- language: Korean or English, from the browser unless the user chose ----

let language = chooseLanguage();

function chooseLanguage() {
  const chosen = localStorage.getItem('mail.language');
  if (chosen && MESSAGES[chosen]) return chosen;
  return (navigator.languages || [navigator.language]).some((l) => l && l.toLowerCase().startsWith('ko')) ? 'ko' : 'en';
}

/** The text of a key in the chosen language, "{name}" replaced from values. */
function t(key, values) {
  const text = MESSAGES[language][key] ?? MESSAGES.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (all, name) => (values && name in values ? String(values[name]) : all));
}

/** Dates and numbers in the chosen language, in the browser's own variant of it when it has one. */
function locale() {
  return (navigator.languages || []).find((l) => l.toLowerCase().startsWith(language)) || language;
}

/** A folder's name as shown: the special folders in the chosen language, the user's own as named. */
function folderName(folder) {
  return folder.role && language === 'ko' && MESSAGES.ko[`folder.${folder.role}`] ? t(`folder.${folder.role}`) : folder.name;
}

/** Puts the chosen language's words into the page's fixed text, titles, placeholders and labels. */
function applyLanguage() {
  document.documentElement.lang = language;
  document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.querySelectorAll('[data-i18n-title]').forEach((el) => { el.title = t(el.dataset.i18nTitle); });
  document.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  document.querySelectorAll('[data-i18n-label]').forEach((el) => el.setAttribute('aria-label', t(el.dataset.i18nLabel)));
  document.querySelectorAll('.language-select').forEach((select) => { select.value = language; });
  if (rich.editor) labelToolbar();
}

async function switchLanguage(chosen) {
  language = chosen;
  localStorage.setItem('mail.language', chosen);
  applyLanguage();
  if (state.session && !$('mail-view').hidden) {
    await loadFolders();
    if (state.folder) $('folder-title').textContent = folderName(state.folder);
    if (state.list) renderList();
  }
}

// ---- talking to the API ----

/** A failed request: its HTTP status (0: the server was not reached) and the server's own words. */
class ApiError extends Error {
  constructor(status, serverMessage) {
    super(humanMessage(status, serverMessage));
    this.status = status;
  }
}

/**
 * What a person is told when a request fails: written for them, not the server's text, except
 * where the server's words are about what they typed (a 400 on their own input, a refused login).
 */
function humanMessage(status, serverMessage) {
  if (status === 401) return serverMessage || t('error.login');
  if (status === 0) return t('error.network');
  if (status === 400 || status === 422) return serverMessage || t('error.refused');
  if (status === 403) return t('error.forbidden');
  if (status === 404) return t('error.gone');
  if (status === 409) return serverMessage || t('error.conflict');
  if (status === 413) return t('error.tooLarge');
  if (status === 429) return t('error.tooMany');
  if (status === 507) return t('error.full');
  return t('error.server');
}

/** A request to the API; {@code keepalive} lets it finish after the page has gone (small bodies only). */
async function api(method, path, body, isForm, keepalive) {
  const headers = {};
  if (method !== 'GET' && state.session) headers['X-CSRF-Token'] = state.session.csrfToken;
  let payload;
  if (isForm) {
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', keepalive: Boolean(keepalive) });
  } catch (e) {
    throw new ApiError(0, '');
  }
  if (response.status === 401 && path !== '/api/v1/session') {
    showLogin(t('login.ended'));
    throw new Error('not signed in');
  }
  if (!response.ok) {
    let message = '';
    try { message = (await response.json()).message || ''; } catch (e) { /* not JSON */ }
    throw new ApiError(response.status, message);
  }
  if (response.status === 204) return null;
  return response.json();
}

// ---- signing in and out ----

function showLogin(message) {
  state.session = null;
  // what was read for this account stays with it: the next one to sign in here reads its own
  state.contacts = null;
  state.identities = null;
  if (state.events) { state.events.close(); state.events = null; }
  $('mail-view').hidden = true;
  $('login-view').hidden = false;
  $('login-error').textContent = message || '';
  $('login-password').value = '';
  $('login-username').focus();
}

async function signIn(event) {
  event.preventDefault();
  $('login-error').textContent = '';
  try {
    state.session = await api('POST', '/api/v1/session', {
      username: $('login-username').value.trim(), password: $('login-password').value });
    await start();
  } catch (e) {
    $('login-error').textContent = e.message;
  }
}

async function signOut() {
  try { await api('DELETE', '/api/v1/session'); } catch (e) { /* gone anyway */ }
  showLogin(t('login.signedOut'));
}

async function start() {
  $('login-view').hidden = true;
  $('mail-view').hidden = false;
  $('whoami').textContent = state.session.address;
  await loadFolders();
  // a link to a folder or message (kept in the address through the sign-in form) opens it
  if (!(await followRoute())) {
    const inbox = state.folders.find((f) => f.role === 'inbox') || state.folders[0];
    await showFolder(inbox);
  }
  listen();
  loadIdentities(); // read ahead, so compose has its From and signature when it opens
  if (!reading()) $('message-list').focus();
}

// ---- routes: #/folder/<id> and #/folder/<id>/message/<uid>, so Back, Forward and links work ----

function parseRoute() {
  const match = location.hash.match(/^#\/folder\/(\d+)(?:\/message\/(\d+))?$/);
  return match ? { folderId: Number(match[1]), uid: match[2] ? Number(match[2]) : null } : null;
}

/** Puts the view in the address: a new history entry when the user went somewhere, else in place. */
function setRoute(folderId, uid, replace) {
  const hash = `#/folder/${folderId}${uid ? `/message/${uid}` : ''}`;
  if (location.hash === hash) return;
  if (replace) {
    history.replaceState(history.state, '', hash);
  } else {
    history.pushState(uid ? { message: true } : null, '', hash); // marked: leaving it is a step back
  }
}

/** Back from a message: the step back in history when opening it made one, else just closing it. */
function leaveMessage() {
  if (history.state && history.state.message && parseRoute()?.uid != null) {
    const shown = state.opens;
    history.back(); // popstate closes the reader
    // Chromium drops that step now and then (seen right after a dialog closed with Esc): then close it
    // here, unless something was opened or closed since (every open and close counts in state.opens)
    setTimeout(() => { if (state.opens === shown && reading()) closeReader(); }, 400);
  } else {
    closeReader();
  }
  $('message-list').focus();
}

/** Shows what the address names (after Back, Forward, or a link); false when it names nothing known. */
async function followRoute() {
  const route = parseRoute();
  if (!route || !state.session) return false;
  const folder = state.folders.find((f) => f.id === route.folderId);
  if (!folder) return false;
  if (!state.folder || state.folder.id !== folder.id) await showFolder(folder, true);
  if (route.uid == null) {
    if (reading()) closeReader();
    return true;
  }
  if (state.open && (state.open.uid === route.uid || (state.conversation && rowUids(state.conversation).includes(route.uid)))) return true;
  const index = state.list ? state.list.messages.findIndex((m) => rowUids(m).includes(route.uid)) : -1;
  if (index >= 0) {
    await select(index, true, true);
  } else {
    await openMessage({ uid: route.uid, subject: '', seen: true }, false, true); // on another page of the list
  }
  return true;
}

// ---- folders ----

/**
 * The folders as a tree: "Projects/2026" is shown as "2026" inside "Projects" (IMAP's "/"
 * hierarchy). Special folders first, then the user's own by name; a folder whose parent does not
 * exist stays at the top with its whole name.
 */
function folderTree() {
  const byName = new Map(state.folders.map((f) => [f.name, f]));
  const children = new Map();
  const roots = [];
  for (const folder of state.folders) {
    const cut = folder.name.lastIndexOf('/');
    const parent = cut > 0 ? byName.get(folder.name.slice(0, cut)) : null;
    if (parent && !folder.role) {
      if (!children.has(parent.id)) children.set(parent.id, []);
      children.get(parent.id).push(folder);
    } else {
      roots.push(folder);
    }
  }
  const out = [];
  const walk = (folder, depth) => {
    const kids = children.get(folder.id) || [];
    out.push({ folder, depth, parent: depth > 0, hasChildren: kids.length > 0,
      label: depth > 0 ? folder.name.slice(folder.name.lastIndexOf('/') + 1) : folderName(folder) });
    kids.forEach((kid) => walk(kid, depth + 1));
  };
  roots.forEach((root) => walk(root, 0));
  return out;
}

function collapsedFolders() {
  try { return new Set(JSON.parse(localStorage.getItem('mail.collapsed') || '[]')); } catch (e) { return new Set(); }
}

async function loadFolders() {
  state.folders = await api('GET', '/api/v1/folders');
  const list = $('folder-list');
  list.replaceChildren();
  const collapsed = collapsedFolders();
  const tree = folderTree();
  const hiddenUnder = []; // the names of collapsed folders above the one being drawn
  for (const node of tree) {
    const { folder } = node;
    while (hiddenUnder.length && !folder.name.startsWith(hiddenUnder[hiddenUnder.length - 1] + '/')) hiddenUnder.pop();
    const item = document.createElement('li');
    item.className = 'folder' + (state.folder && state.folder.id === folder.id ? ' current' : '');
    item.tabIndex = 0;
    item.dataset.id = folder.id;
    item.dataset.name = folder.name;
    item.style.paddingInlineStart = `${14 + node.depth * 16}px`;
    item.hidden = hiddenUnder.length > 0;
    if (folder.role) item.dataset.role = folder.role;
    if (node.hasChildren) {
      const open = !collapsed.has(folder.name);
      const toggle = document.createElement('button');
      toggle.type = 'button';
      toggle.className = 'folder-toggle';
      toggle.textContent = open ? '▾' : '▸';
      toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
      toggle.setAttribute('aria-label', t(open ? 'folders.collapse' : 'folders.expand', { name: node.label }));
      toggle.addEventListener('click', (e) => {
        e.stopPropagation();
        const now = collapsedFolders();
        if (now.has(folder.name)) now.delete(folder.name); else now.add(folder.name);
        localStorage.setItem('mail.collapsed', JSON.stringify([...now]));
        loadFolders();
      });
      item.append(toggle);
      if (!open) hiddenUnder.push(folder.name);
    }
    const name = document.createElement('span');
    name.className = 'folder-name';
    name.textContent = node.label;
    item.append(name);
    if (folder.unread > 0) {
      const unread = document.createElement('span');
      unread.className = 'unread';
      unread.textContent = folder.unread;
      item.append(unread);
    }
    item.addEventListener('click', () => showFolder(folder));
    item.addEventListener('keydown', (e) => { if (e.key === 'Enter') showFolder(folder); });
    acceptDrops(item, folder);
    list.append(item);
  }
  for (const select of [$('move-select'), $('bulk-move')]) {
    select.replaceChildren(new Option(t('reader.moveTo'), ''));
    for (const node of tree) select.append(new Option('\u00a0\u00a0'.repeat(node.depth) + node.label, node.folder.id));
  }
  if (state.folder) state.folder = state.folders.find((f) => f.id === state.folder.id) || state.folder;
  updateFolderActions();
  updateTitle();
}

/** The tab says how much unread mail the inbox holds, so it shows from another tab. */
function updateTitle() {
  const inbox = state.folders.find((f) => f.role === 'inbox');
  const unread = inbox && inbox.unread > 0 ? `(${inbox.unread}) ` : '';
  document.title = `${unread}${state.folder ? folderName(state.folder) + ' – ' : ''}${t('app.name')}`;
}

function toggleDrawer(open) {
  const view = $('mail-view');
  const wanted = open === undefined ? !view.classList.contains('drawer-open') : open;
  view.classList.toggle('drawer-open', wanted);
  $('drawer-scrim').hidden = !wanted;
  $('folders-button').setAttribute('aria-expanded', wanted ? 'true' : 'false');
  if (wanted) document.querySelector('.folder.current, .folder')?.focus();
}

function updateFolderActions() {
  const f = state.folder;
  const own = f && !f.role;
  $('rename-folder-button').hidden = !own;
  $('delete-folder-button').hidden = !own;
  $('empty-folder-button').hidden = !(f && (f.role === 'trash' || f.role === 'junk'));
}

async function showFolder(folder, fromRoute) {
  state.folder = folder;
  setRoute(folder.id, null, fromRoute);
  state.page = 0;
  state.query = '';
  state.list = null;
  state.selected = -1;
  clearChecked();
  $('search-input').value = '';
  closeReader();
  toggleDrawer(false);
  // the previous folder's rows never stay under the new heading, not even while this one loads
  $('message-list').replaceChildren();
  document.querySelectorAll('.folder').forEach((el) => el.classList.toggle('current', Number(el.dataset.id) === folder.id));
  $('folder-title').textContent = folderName(folder);
  updateFolderActions();
  updateTitle();
  await loadList();
}

async function newFolder() {
  const name = prompt(t('folders.newPrompt'));
  if (!name) return;
  await guarded(async () => { await api('POST', '/api/v1/folders', { name }); await loadFolders(); });
}

async function renameFolder() {
  const name = prompt(t('folders.renamePrompt'), state.folder.name);
  if (!name) return;
  await guarded(async () => {
    state.folder = await api('PUT', `/api/v1/folders/${state.folder.id}`, { name });
    await loadFolders();
    $('folder-title').textContent = folderName(state.folder);
  });
}

async function deleteFolder() {
  if (!confirm(t('folders.deleteConfirm', { name: state.folder.name }))) return;
  await guarded(async () => {
    await api('DELETE', `/api/v1/folders/${state.folder.id}`);
    state.folder = null;
    await loadFolders();
    await showFolder(state.folders.find((f) => f.role === 'inbox'));
  });
}

async function emptyFolder() {
  if (!confirm(t('folders.emptyConfirm', { name: folderName(state.folder) }))) return;
  await guarded(async () => { await api('POST', `/api/v1/folders/${state.folder.id}/empty`); await refresh(); });
}

// ---- the message list ----

/**
 * Loads the page of the folder shown. A failure empties the list and says so with Retry; an
 * answer for a folder no longer shown, or older than a later request, is dropped.
 */
function loadList() {
  const run = loadListOnce();
  state.latestLoad = run;
  return run;
}

/** One load; when a later one overtook it, it ends when that one ends, so awaiting a load means the list is current. */
async function loadListOnce() {
  const folder = state.folder;
  const load = ++state.listLoads;
  const params = new URLSearchParams({ page: state.page, size: PAGE_SIZE });
  if (state.query) params.set('q', state.query);
  const [sort, order] = state.sort.split(':');
  if (!state.conversations) {
    params.set('sort', sort);
    params.set('order', order);
  }
  if (!state.list) listState('loading', t('list.loading'));
  let list;
  try {
    list = state.conversations
      ? conversationRows(await api('GET', `/api/v1/folders/${folder.id}/messages/conversations?${params}`))
      : await api('GET', `/api/v1/folders/${folder.id}/messages?${params}`);
  } catch (e) {
    if (load !== state.listLoads) return state.latestLoad;
    state.list = null;
    state.selected = -1;
    $('message-list').replaceChildren();
    $('list-count').textContent = '';
    $('page-info').textContent = '';
    listState('failed', e.message === 'not signed in' ? '' : t('list.failed', { name: folderName(folder), reason: e.message }), true);
    return;
  }
  if (load !== state.listLoads) return state.latestLoad;
  if (folder.id !== state.folder?.id) return;
  const keepUid = state.list && state.selected >= 0 ? state.list.messages[state.selected]?.uid : null;
  state.list = list;
  state.selected = keepUid == null ? -1 : list.messages.findIndex((m) => m.uid === keepUid);
  const shown = new Set(list.messages.map((m) => m.uid));
  state.checked.forEach((uid) => { if (!shown.has(uid)) state.checked.delete(uid); });
  if (list.messages.length === 0) {
    listState('empty', t(state.query ? 'list.noMatch' : 'list.empty'));
  } else {
    listState('idle', '');
  }
  renderList();
}

/**
 * Conversations as list rows: each row is its newest message's line, with the conversation's
 * UIDs, size and unread count, so selecting, opening and acting work the same in both views.
 */
function conversationRows(page) {
  return {
    folderId: page.folderId, total: page.total, page: page.page, pageSize: page.pageSize,
    messages: page.conversations.map((c) => ({
      ...c.latest, uids: c.uids, count: c.count, unreadCount: c.unread, participants: c.participants,
      seen: c.unread === 0, flagged: c.flagged, hasAttachments: c.hasAttachments,
    })),
  };
}

/** The UIDs a row stands for: a conversation's messages, or the message. */
function rowUids(row) {
  return row.uids || [row.uid];
}

function listState(kind, text, retry) {
  $('list-state').className = `list-state ${kind}`;
  $('list-state-text').textContent = text;
  $('list-retry').hidden = !retry;
}

const SVG = 'http://www.w3.org/2000/svg';
const ICONS = {
  flag: { fill: 'M8 1l2.1 4.6 5 .5-3.8 3.4 1.1 4.9L8 11.9l-4.4 2.5 1.1-4.9L.9 6.1l5-.5z' },
  clip: { stroke: 'M11 4.5l-5.3 5.3a1.4 1.4 0 0 0 2 2l5.6-5.6a2.8 2.8 0 0 0-4-4L3.6 7.9a4.2 4.2 0 0 0 6 6l4.6-4.6' },
  tick: { stroke: 'M3 8.5l3.2 3L13 4.5' },
  replied: { stroke: 'M6 3L1.5 7.5 6 12M1.5 7.5H10a4.5 4.5 0 0 1 4.5 4.5v1' },
  forwarded: { stroke: 'M10 3l4.5 4.5L10 12M14.5 7.5H6A4.5 4.5 0 0 0 1.5 12v1' },
};

/** A small drawn icon (no emoji font needed), named for screen readers. */
function icon(name, label) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('class', `icon icon-${name}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  const path = document.createElementNS(SVG, 'path');
  const shape = ICONS[name];
  path.setAttribute('d', shape.fill || shape.stroke);
  path.setAttribute('fill', shape.fill ? 'currentColor' : 'none');
  if (shape.stroke) {
    path.setAttribute('stroke', 'currentColor');
    path.setAttribute('stroke-width', '1.5');
    path.setAttribute('stroke-linecap', 'round');
  }
  svg.append(path);
  return svg;
}

function renderList() {
  const ul = $('message-list');
  ul.replaceChildren();
  state.list.messages.forEach((m, index) => {
    const li = document.createElement('li');
    const checked = state.checked.has(m.uid);
    li.className = 'message-row' + (m.seen ? '' : ' unread') + (index === state.selected ? ' selected' : '') + (checked ? ' checked' : '');
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', index === state.selected ? 'true' : 'false');
    li.dataset.uid = m.uid;
    li.draggable = true;
    // the tick box is drawn, not an input: an option may hold nothing interactive, so screen
    // readers hear the tick as the row's aria-checked and keyboards tick with x
    const box = document.createElement('span');
    box.className = 'row-check';
    box.setAttribute('aria-hidden', 'true');
    box.append(icon('tick', ''));
    box.addEventListener('click', (e) => {
      e.stopPropagation();
      check(index, !state.checked.has(m.uid), e.shiftKey);
    });
    li.setAttribute('aria-checked', checked ? 'true' : 'false');
    const from = document.createElement('span');
    from.className = 'row-from';
    const outgoing = state.folder.role === 'sent' || state.folder.role === 'drafts';
    const people = m.participants && !outgoing ? m.participants : outgoing ? m.to : m.from;
    from.textContent = people.map((p) => p.name || p.address).join(', ') || t('nobody');
    if (m.count > 1) {
      const count = document.createElement('span');
      count.className = 'row-count';
      count.textContent = m.count;
      count.title = t('list.inConversation', { count: m.count });
      from.append(' ', count);
    }
    const date = document.createElement('time');
    date.className = 'row-date';
    const when = m.sentDate || m.date;
    date.textContent = formatDate(when);
    if (when) {
      date.dateTime = when;
      date.title = formatLong(when);
    }
    const subject = document.createElement('span');
    subject.className = 'row-subject';
    if (m.flagged) subject.append(icon('flag', t('flagged')));
    if (m.hasAttachments) subject.append(icon('clip', t('hasAttachments')));
    if (m.answered) subject.append(icon('replied', t('replied')));
    if (m.flags && m.flags.includes('$Forwarded')) subject.append(icon('forwarded', t('forwarded')));
    subject.append(m.subject || t('noSubject'));
    li.append(box, from, date, subject);
    if (m.snippet) {
      const snippet = document.createElement('span');
      snippet.className = 'row-snippet';
      snippet.textContent = m.snippet;
      li.append(snippet);
    }
    li.addEventListener('click', (e) => {
      if (e.shiftKey) {
        check(index, true, true);
      } else if (e.ctrlKey || e.metaKey) {
        check(index, !state.checked.has(m.uid), false);
      } else {
        select(index, true);
      }
    });
    li.addEventListener('dragstart', (e) => {
      const uids = state.checked.has(m.uid) ? checkedUids() : rowUids(m);
      e.dataTransfer.setData(DRAGGED, JSON.stringify({ folderId: state.folder.id, uids }));
      e.dataTransfer.effectAllowed = 'move';
    });
    ul.append(li);
  });
  updateBulk();
  const total = state.list.total;
  const unit = state.conversations ? 'list.conversations.count' : 'list.count';
  $('list-count').textContent = total === 1 ? t(`${unit}.one`) : t(`${unit}.other`, { count: total.toLocaleString(locale()) });
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  $('page-info').textContent = `${state.page + 1} / ${pages}`;
  $('prev-page').disabled = state.page === 0;
  $('next-page').disabled = state.page + 1 >= pages;
}

/** A date in the list, in the reader's own zone: the time today, the day and month this year, else the date. */
function formatDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const today = new Date();
  if (d.toDateString() === today.toDateString()) return d.toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' });
  if (d.getFullYear() === today.getFullYear()) return d.toLocaleDateString(locale(), { month: 'short', day: 'numeric' });
  return d.toLocaleDateString(locale());
}

/** A full date in the reader's zone and language; text that is not a date is shown as it is. */
function formatLong(value) {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return d.toLocaleString(locale(), { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

// ---- several messages at once: ticks, Shift and Ctrl clicks, bulk actions, drag and drop ----

const DRAGGED = 'application/x-mail-messages';

/** Ticks or unticks a row; with Shift every row from the last one ticked to this one. */
function check(index, on, range) {
  const rows = state.list.messages;
  const from = range && state.anchor >= 0 ? Math.min(state.anchor, index) : index;
  const to = range && state.anchor >= 0 ? Math.max(state.anchor, index) : index;
  for (let i = from; i <= to && i < rows.length; i++) {
    if (on) state.checked.add(rows[i].uid); else state.checked.delete(rows[i].uid);
  }
  state.anchor = index;
  renderList();
}

function clearChecked() {
  state.checked.clear();
  state.anchor = -1;
  if (state.list) renderList(); else updateBulk();
}

function checkedUids() {
  return (state.list ? state.list.messages : []).filter((m) => state.checked.has(m.uid)).flatMap(rowUids);
}

/** The bulk bar shows while rows are ticked; the select-all box says whether all, some or none are. */
function updateBulk() {
  const rows = state.list ? state.list.messages.length : 0;
  const ticked = state.list ? state.list.messages.filter((m) => state.checked.has(m.uid)).length : 0;
  $('bulk-bar').hidden = ticked === 0;
  $('bulk-count').textContent = t('bulk.count', { count: ticked });
  const all = $('select-all');
  all.checked = rows > 0 && ticked === rows;
  all.indeterminate = ticked > 0 && ticked < rows;
}

function selectAll(on) {
  if (!state.list) return;
  state.list.messages.forEach((m) => { if (on) state.checked.add(m.uid); else state.checked.delete(m.uid); });
  renderList();
}

async function bulkFlags(change) {
  const uids = checkedUids();
  if (uids.length === 0) return;
  await guarded(async () => {
    await api('POST', `/api/v1/folders/${state.folder.id}/messages/flags`, { uids, ...change });
    await refresh();
  });
}

async function bulkMove(target) {
  const uids = checkedUids();
  if (uids.length === 0 || !target || target === state.folder.id) return;
  await moveMessages(state.folder.id, uids, target);
}

async function bulkDelete() {
  const uids = checkedUids();
  if (uids.length === 0) return;
  if (state.folder.role === 'trash' && !confirm(t('bulk.deleteForGood', { count: uids.length }))) return;
  const from = state.folder.id;
  await guarded(async () => {
    const moved = await api('POST', `/api/v1/folders/${from}/messages/delete`, { uids });
    await afterRemoval(moved, from, uids, t('done.deletedMany', { count: uids.length }));
  });
}

/** Moves messages (dragged, ticked, or the current one) and offers to undo it. */
async function moveMessages(from, uids, target) {
  const folder = state.folders.find((f) => f.id === target);
  await guarded(async () => {
    const moved = await api('POST', `/api/v1/folders/${from}/messages/move`, { uids, targetFolderId: target });
    await afterRemoval(moved, from, uids, uids.length === 1 ? t('done.moved', { name: folder ? folderName(folder) : '' })
      : t('done.movedMany', { count: uids.length, name: folder ? folderName(folder) : '' }));
  });
}

/** After ticked or dragged messages went: the reader closes if it showed one, and Undo is offered. */
async function afterRemoval(moved, from, uids, text) {
  if (state.open && state.open.folderId === from && uids.includes(state.open.uid)) closeReader();
  clearChecked();
  offerUndo(text, moved, from);
  await refresh();
}

/** A folder row takes messages dropped on it. */
function acceptDrops(item, folder) {
  item.addEventListener('dragover', (e) => {
    if (!e.dataTransfer.types.includes(DRAGGED) || (state.folder && state.folder.id === folder.id)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    item.classList.add('drop-target');
  });
  item.addEventListener('dragleave', () => item.classList.remove('drop-target'));
  item.addEventListener('drop', (e) => {
    item.classList.remove('drop-target');
    const raw = e.dataTransfer.getData(DRAGGED);
    if (!raw) return;
    e.preventDefault();
    const dragged = JSON.parse(raw);
    if (dragged.folderId !== folder.id) moveMessages(dragged.folderId, dragged.uids, folder.id);
  });
}

// ---- undo: a delete or move can be taken back for a few seconds ----

let undoTimer;
function offerUndo(text, moved, from) {
  clearTimeout(undoTimer);
  $('undo-text').textContent = text;
  const undoable = moved && moved.folderId != null && moved.uids && moved.uids.length > 0;
  state.undo = undoable ? { moved, from } : null;
  $('undo-button').hidden = !undoable;
  $('undo-bar').hidden = false;
  undoTimer = setTimeout(() => { $('undo-bar').hidden = true; state.undo = null; }, UNDO_MS);
}

async function undo() {
  const last = state.undo;
  if (!last) return;
  state.undo = null;
  clearTimeout(undoTimer);
  $('undo-bar').hidden = true;
  await guarded(async () => {
    await api('POST', `/api/v1/folders/${last.moved.folderId}/messages/move`, { uids: last.moved.uids, targetFolderId: last.from });
    notice(t('done.undone'));
    await refresh();
  });
}

/** Whether a message is being read: then moving through the list opens what it moves to. */
function reading() {
  return $('mail-view').classList.contains('reading');
}

async function select(index, open, fromRoute) {
  if (!state.list || index < 0 || index >= state.list.messages.length) return;
  state.selected = index;
  if (open) state.open = null; // until it has loaded, actions go to the highlighted message, never the one before
  document.querySelectorAll('.message-row').forEach((el, i) => {
    el.classList.toggle('selected', i === index);
    el.setAttribute('aria-selected', i === index ? 'true' : 'false');
    if (i === index) el.scrollIntoView({ block: 'nearest' });
  });
  if (open) await openMessage(state.list.messages[index], false, fromRoute);
}

// ---- reading ----

function closeReader() {
  state.opens++; // a message still loading does not open after this
  state.open = null;
  state.conversation = null;
  $('thread').replaceChildren();
  $('reader').hidden = true;
  $('reader-html').src = 'about:blank';
  $('reader-empty').hidden = false;
  $('reader-error').hidden = true;
  $('reader-empty-text').hidden = false;
  $('mail-view').classList.remove('reading');
  if (state.folder) setRoute(state.folder.id, null, true);
}

function readerFailed(item, message) {
  closeReader();
  $('reader-empty-text').hidden = true;
  $('reader-error').hidden = false;
  $('reader-error-text').textContent = t('reader.failed', { subject: item.subject || t('noSubject'), reason: message });
  $('reader-retry').onclick = () => openMessage(item);
  $('mail-view').classList.add('reading'); // on a phone the error shows where the message would have
}

async function openMessage(item, images, fromRoute) {
  if (state.folder.role === 'drafts') {
    await editDraft(item);
    return;
  }
  if (item.count > 1) {
    await openConversation(item, fromRoute);
    return;
  }
  const opening = ++state.opens;
  const folder = state.folder;
  const replace = fromRoute || images || reading(); // moving on while reading replaces the entry
  const withImages = images || imagesAllowedFrom(item.from);
  let detail;
  try {
    detail = await api('GET', `/api/v1/folders/${folder.id}/messages/${item.uid}${withImages ? '?images=true' : ''}`);
  } catch (e) {
    if (opening === state.opens && e.message !== 'not signed in') readerFailed(item, e.message);
    return;
  }
  if (opening !== state.opens || folder.id !== state.folder?.id) return; // the user moved on meanwhile
  await guarded(async () => {
    state.open = detail;
    state.conversation = null;
    showReader(true, folder.id, item.uid, replace);
    const m = detail.message;
    $('reader-subject').textContent = m.subject || t('noSubject');
    $('reader-from').textContent = people(m.from);
    $('add-contact-button').hidden = m.from.length === 0;
    $('reader-to').textContent = people(m.to);
    $('reader-cc').textContent = people(m.cc);
    $('reader-cc').hidden = $('reader-cc-label').hidden = m.cc.length === 0;
    $('reader-date').textContent = formatLong(m.date);
    $('reader-date').title = m.date || '';
    $('flag-button').textContent = t(detail.flags.includes('\\Flagged') ? 'reader.unflag' : 'reader.flag');
    $('raw-link').href = detail.rawUrl;
    fillAttachments($('attachment-list'), detail);
    const frame = $('reader-html');
    if (detail.htmlUrl) {
      frame.hidden = false;
      $('reader-text').hidden = true;
      frame.onload = () => fitFrame(frame);
      frame.src = detail.htmlUrl;
    } else {
      frame.hidden = true;
      frame.src = 'about:blank';
      $('reader-text').hidden = false;
      renderText($('reader-text'), m.text || '');
    }
    $('images-notice').hidden = !(m.remoteImagesBlocked > 0);
    if (!detail.flags.includes('\\Seen')) {
      await api('PATCH', `/api/v1/folders/${state.folder.id}/messages/${item.uid}`, { seen: true });
      item.seen = true;
      renderList();
      loadFolders();
    }
  });
}

/** The attachments of a message as download links, images with a small preview of themselves. */
function fillAttachments(list, detail) {
  const m = detail.message;
  list.replaceChildren();
  for (const a of m.attachments.filter((x) => !(x.inline && x.contentType.startsWith('image/') && m.html))) {
    const li = document.createElement('li');
    const link = document.createElement('a');
    link.className = 'attachment-link';
    const url = `/api/v1/folders/${detail.folderId}/messages/${detail.uid}/parts/${a.part}`;
    link.href = url;
    link.download = a.filename || 'attachment';
    if (a.viewable) {
      const preview = document.createElement('img');
      preview.className = 'attachment-preview';
      preview.alt = '';
      preview.loading = 'lazy';
      preview.src = `${url}?inline=true`; // served as an image under a sandbox CSP: never a page, never script
      link.append(preview);
    }
    link.append(`${a.filename || a.contentType} (${formatSize(a.size)})`);
    li.append(link);
    if (isPdf(a)) {
      const preview = document.createElement('button');
      preview.type = 'button';
      preview.className = 'attachment-action';
      preview.textContent = t('pdf.preview');
      preview.setAttribute('aria-label', t('pdf.previewOf', { name: a.filename || 'PDF' }));
      preview.addEventListener('click', () => previewPdf(url, a.filename || 'document.pdf'));
      li.append(preview);
    }
    list.append(li);
  }
}

// ---- PDF previews: Mozilla's pdf.js draws the pages into canvases on this page ----
//
// Never a document's script: pdf.js runs a PDF's JavaScript only through its separate scripting
// bundle, which is not served; eval is off (fonts are drawn without it) and XFA forms are not read.
// The PDF is read as bytes in pdf.js's worker, never shown as a page of its own.

const PDF_PAGES = 20; // pages drawn in a preview; the whole document is the download
let pdfLibrary = null;

function isPdf(attachment) {
  return attachment.contentType === 'application/pdf' || /\.pdf$/i.test(attachment.filename || '');
}

async function loadPdfLibrary() {
  if (!pdfLibrary) {
    const library = await import(new URL('./pdf.min.mjs', import.meta.url).href);
    library.GlobalWorkerOptions.workerSrc = new URL('./pdf.worker.min.mjs', import.meta.url).href;
    pdfLibrary = library;
  }
  return pdfLibrary;
}

async function previewPdf(url, name) {
  const dialog = $('pdf-dialog');
  const pages = $('pdf-pages');
  pages.replaceChildren();
  $('pdf-title').textContent = name;
  $('pdf-download').href = url;
  $('pdf-download').download = name;
  $('pdf-status').textContent = t('pdf.loading');
  dialog.showModal();
  const preview = ++state.pdfPreviews; // a preview closed or replaced stops drawing
  let pdf = null;
  try {
    const library = await loadPdfLibrary();
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const data = new Uint8Array(await response.arrayBuffer());
    pdf = await library.getDocument({ data, isEvalSupported: false, enableXfa: false }).promise;
    const count = Math.min(pdf.numPages, PDF_PAGES);
    $('pdf-status').textContent = pdf.numPages > count
      ? t('pdf.firstPages', { count, total: pdf.numPages }) : t('pdf.pages', { count });
    const width = Math.min(pages.clientWidth || 800, 900);
    for (let n = 1; n <= count && preview === state.pdfPreviews && dialog.open; n++) {
      const page = await pdf.getPage(n);
      const natural = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale: (width / natural.width) * (window.devicePixelRatio || 1) });
      const canvas = document.createElement('canvas');
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', t('pdf.page', { n }));
      pages.append(canvas);
      await page.render({ canvasContext: canvas.getContext('2d'), viewport }).promise;
    }
  } catch (e) {
    if (preview === state.pdfPreviews) $('pdf-status').textContent = t('pdf.failed');
  } finally {
    if (pdf) pdf.destroy();
  }
}

const LINK = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

/**
 * Plain text as the reader shows it: web addresses as links that open in a new tab, and each
 * run of quoted lines ("> ...") folded away behind "Show quoted text", deeper levels marked.
 * Everything goes in as text nodes: nothing in a message becomes markup.
 */
function renderText(container, text) {
  container.replaceChildren();
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    if (/^\s*>/.test(lines[i])) {
      const quoted = [];
      while (i < lines.length && (/^\s*>/.test(lines[i]) || (lines[i].trim() === '' && /^\s*>/.test(lines[i + 1] || '')))) quoted.push(lines[i++]);
      const fold = document.createElement('details');
      fold.className = 'quote';
      const summary = document.createElement('summary');
      summary.textContent = t('reader.showQuoted');
      fold.append(summary);
      for (const line of quoted) {
        const depth = Math.min((line.match(/^[\s>]*/)[0].match(/>/g) || []).length, 4);
        const div = document.createElement('div');
        div.className = `quote-line depth-${depth}`;
        appendLinked(div, line.replace(/^[\s>]*/, '') || '\u00a0');
        fold.append(div);
      }
      container.append(fold);
    } else {
      const plain = [];
      while (i < lines.length && !/^\s*>/.test(lines[i])) plain.push(lines[i++]);
      const block = document.createElement('div');
      block.className = 'text-block';
      appendLinked(block, plain.join('\n'));
      container.append(block);
    }
  }
}

function appendLinked(element, text) {
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    element.append(text.slice(last, match.index));
    const a = document.createElement('a');
    a.href = match[0];
    a.textContent = match[0];
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    element.append(a);
    last = match.index + match[0].length;
  }
  element.append(text.slice(last));
}

/** The reader, shown with what was opened (one message or a conversation), and its address. */
function showReader(single, folderId, uid, replace) {
  showSingle(single);
  $('reader').hidden = false;
  $('reader-empty').hidden = true;
  $('mail-view').classList.add('reading');
  setRoute(folderId, uid, replace);
}

/** The reader shows one message (its headers, body, attachments) or a conversation's messages. */
function showSingle(single) {
  for (const id of ['reader-headers', 'attachment-list', 'raw-line']) $(id).hidden = !single;
  if (!single) {
    $('reader-html').hidden = true;
    $('reader-text').hidden = true;
    $('images-notice').hidden = true;
  }
  $('thread').hidden = single;
}

/**
 * A conversation in the reader: its messages oldest first, the newest open and the others folded
 * to one line (From, date) until clicked. Actions apply to the message last unfolded (the newest
 * at first); delete and move take the whole conversation.
 */
async function openConversation(row, fromRoute) {
  const opening = ++state.opens;
  const folder = state.folder;
  const replace = fromRoute || reading();
  const uids = row.uids.slice(-50);
  let details;
  try {
    details = await Promise.all(uids.map((uid) => api('GET', `/api/v1/folders/${folder.id}/messages/${uid}`)));
  } catch (e) {
    if (opening === state.opens && e.message !== 'not signed in') readerFailed(row, e.message);
    return;
  }
  if (opening !== state.opens || folder.id !== state.folder?.id) return;
  state.conversation = row;
  state.open = details[details.length - 1];
  showReader(false, folder.id, state.open.uid, replace);
  $('reader-subject').textContent = row.subject || t('noSubject');
  const thread = $('thread');
  thread.replaceChildren();
  details.forEach((detail, index) => {
    const card = document.createElement('details');
    card.className = 'thread-message' + (detail.flags.includes('\\Seen') ? '' : ' unread');
    card.dataset.uid = detail.uid;
    card.open = index === details.length - 1;
    const head = document.createElement('summary');
    const who = document.createElement('strong');
    who.textContent = people(detail.message.from) || t('nobody');
    const when = document.createElement('time');
    when.textContent = formatLong(detail.message.date);
    head.append(who, ' ', when);
    card.append(head);
    const body = document.createElement('div');
    body.className = 'thread-body';
    card.append(body);
    const fill = () => {
      if (body.childElementCount > 0) return;
      const to = document.createElement('p');
      to.className = 'thread-to';
      to.textContent = `${t('reader.to')}: ${people(detail.message.to)}`;
      body.append(to);
      if (detail.htmlUrl) {
        const frame = document.createElement('iframe');
        frame.setAttribute('sandbox', 'allow-same-origin allow-popups allow-popups-to-escape-sandbox');
        frame.title = t('reader.body');
        frame.className = 'thread-frame';
        frame.onload = () => fitFrame(frame);
        frame.src = detail.htmlUrl + (imagesAllowedFrom(detail.message.from) ? '?images=true' : '');
        body.append(frame);
      } else {
        const text = document.createElement('div');
        text.className = 'text-body';
        renderText(text, detail.message.text || '');
        body.append(text);
      }
      const files = document.createElement('ul');
      files.className = 'attachments';
      fillAttachments(files, detail);
      body.append(files);
    };
    if (card.open) fill();
    card.addEventListener('toggle', () => {
      if (!card.open) return;
      fill();
      state.open = detail; // reply, flag and unread now mean this one
      $('flag-button').textContent = t(detail.flags.includes('\\Flagged') ? 'reader.unflag' : 'reader.flag');
    });
    thread.append(card);
  });
  $('flag-button').textContent = t(state.open.flags.includes('\\Flagged') ? 'reader.unflag' : 'reader.flag');
  const unread = details.filter((d) => !d.flags.includes('\\Seen')).map((d) => d.uid);
  if (unread.length > 0) {
    await guarded(async () => {
      await api('POST', `/api/v1/folders/${folder.id}/messages/flags`, { uids: unread, seen: true });
      row.seen = true;
      row.unreadCount = 0;
      renderList();
      loadFolders();
    });
  }
}

// ---- senders whose remote images show without asking (kept in this browser) ----

function imageSenders() {
  try { return new Set(JSON.parse(localStorage.getItem('mail.imagesFrom') || '[]')); } catch (e) { return new Set(); }
}

function imagesAllowedFrom(from) {
  const allowed = imageSenders();
  return Array.isArray(from) && from.length > 0 && from.every((p) => p.address && allowed.has(p.address.toLowerCase()));
}

function alwaysShowImages() {
  if (!state.open) return;
  const allowed = imageSenders();
  state.open.message.from.forEach((p) => { if (p.address) allowed.add(p.address.toLowerCase()); });
  localStorage.setItem('mail.imagesFrom', JSON.stringify([...allowed].slice(-500)));
  openMessage({ uid: state.open.uid, seen: true, from: state.open.message.from }, true);
}

function fitFrame(frame) {
  try {
    const doc = frame.contentDocument;
    if (doc && doc.body) frame.style.height = Math.min(Math.max(doc.documentElement.scrollHeight + 20, 200), 20000) + 'px';
  } catch (e) { /* another origin: keep the default height */ }
}

function people(list) {
  return list.map((p) => (p.name ? `${p.name} <${p.address}>` : p.address)).join(', ');
}

function formatSize(bytes) {
  if (bytes < 0) return '?';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1048576) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

// ---- organising ----

/**
 * The one message actions apply to: the message shown, or with none shown the highlighted one.
 * Moving through the list while reading opens what it moves to, so the two never differ.
 */
function current() {
  if (state.open) return { folderId: state.open.folderId, uid: state.open.uid };
  if (!state.list || state.selected < 0 || state.selected >= state.list.messages.length) return null;
  return { folderId: state.folder.id, uid: state.list.messages[state.selected].uid };
}

/**
 * What delete and move take: the open conversation's messages, the highlighted row's (a
 * conversation's all), or the message shown.
 */
function currentTargets() {
  if (state.conversation) return { folderId: state.folder.id, uids: rowUids(state.conversation) };
  if (!state.open && state.list && state.selected >= 0 && state.selected < state.list.messages.length) {
    return { folderId: state.folder.id, uids: rowUids(state.list.messages[state.selected]) };
  }
  const ref = current();
  return ref ? { folderId: ref.folderId, uids: [ref.uid] } : null;
}

async function deleteCurrent() {
  if (state.checked.size > 0) {
    await bulkDelete();
    return;
  }
  const target = currentTargets();
  if (!target) return;
  await removeAndGoOn(() => api('POST', `/api/v1/folders/${target.folderId}/messages/delete`, { uids: target.uids }),
    target.uids.length === 1 ? t('done.deleted') : t('done.deletedMany', { count: target.uids.length }), target.folderId);
}

/**
 * Deletes or moves the current message, then goes on to the one that took its place in the list
 * (or the one before, at the end), opened if a message was being read.
 */
async function removeAndGoOn(remove, done, from) {
  const index = state.selected;
  const wasReading = reading();
  await guarded(async () => {
    const moved = await remove();
    closeReader();
    await refresh();
    offerUndo(done, moved, from);
    if (state.list && state.list.messages.length > 0 && index >= 0) {
      await select(Math.min(index, state.list.messages.length - 1), wasReading);
    }
  });
}

async function moveCurrent() {
  const target = Number($('move-select').value);
  const ref = currentTargets();
  $('move-select').value = '';
  if (!ref || !target || target === ref.folderId) return;
  const folder = state.folders.find((f) => f.id === target);
  const name = folder ? folderName(folder) : '';
  await removeAndGoOn(() => api('POST', `/api/v1/folders/${ref.folderId}/messages/move`, { uids: ref.uids, targetFolderId: target }),
    ref.uids.length === 1 ? t('done.moved', { name }) : t('done.movedMany', { count: ref.uids.length, name }), ref.folderId);
}

async function toggleFlag() {
  const ref = current();
  if (!ref) return;
  // the message shown knows its own flags (in a conversation it may be one of several behind a row)
  const shown = state.open && state.open.uid === ref.uid ? state.open : null;
  const item = state.list ? state.list.messages.find((m) => m.uid === ref.uid && !m.uids) : null;
  const flagged = shown ? !shown.flags.includes('\\Flagged') : !(item && item.flagged);
  await guarded(async () => {
    const updated = await api('PATCH', `/api/v1/folders/${ref.folderId}/messages/${ref.uid}`, { flagged });
    if (shown) shown.flags = updated.flags;
    if (item) Object.assign(item, updated);
    $('flag-button').textContent = t(flagged ? 'reader.unflag' : 'reader.flag');
    if (state.conversations) await loadList(); else renderList(); // a conversation's row sums its messages
  });
}

async function markUnread() {
  const ref = current();
  if (!ref) return;
  await guarded(async () => {
    await api('PATCH', `/api/v1/folders/${ref.folderId}/messages/${ref.uid}`, { seen: false });
    closeReader();
    await refresh();
  });
}

async function refresh() {
  await Promise.all([loadFolders(), loadList()]);
}

// ---- composing ----

function splitAddresses(text) {
  // commas inside quotes belong to a display name
  const out = [];
  let cur = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if ((ch === ',' || ch === ';') && !quoted) { if (cur.trim()) out.push(cur.trim()); cur = ''; } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/**
 * Opens compose at once (so keys typed next land in it), then fills in what may take a moment:
 * the formatted editor, and the From choice with its signature. What is filled in that way is not
 * "typed": the form counts as unchanged until the user changes it.
 */
async function openCompose(template, context) {
  if (rich.on) setRich(false, false); // the message before leaves nothing in the editor: it starts from the text below
  state.compose = context || {};
  state.compose.from = null;          // no address chosen yet: no signature in the text yet
  state.compose.quoted = template?.text || '';
  state.compose.typed = false;
  $('compose-title').textContent = context && context.title ? context.title : t('compose.new');
  $('compose-to').value = (template?.to || []).join(', ');
  $('compose-cc').value = (template?.cc || []).join(', ');
  $('compose-bcc').value = (template?.bcc || []).join(', ');
  $('compose-subject').value = template?.subject || '';
  $('compose-body').value = template?.text || '';
  $('compose-files').value = '';
  $('compose-error').textContent = '';
  const carried = $('compose-carried');
  carried.replaceChildren();
  for (const name of context?.carried || []) {
    const li = document.createElement('li');
    li.append(icon('clip', t('attachment')), name);
    carried.append(li);
  }
  $('compose-status').textContent = '';
  $('compose-dialog').showModal();
  state.composeSaved = composeSnapshot();
  startAutosave();
  loadContacts();
  const empty = ['compose-to', 'compose-subject'].find((id) => !$(id).value);
  const body = $('compose-body');
  if (empty) {
    $(empty).focus();
  } else {
    body.focus();
    body.setSelectionRange(0, 0);
  }
  const compose = state.compose;
  if (template?.html || localStorage.getItem('mail.rich') === 'true') {
    await setRich(true, false);
    // a formatted draft reopens formatted: its HTML was cleaned by the server as it was read, and
    // Quill keeps only the formats of its toolbar
    if (template?.html && rich.on) rich.editor.clipboard.dangerouslyPasteHTML(template.html);
  }
  await chooseIdentity(compose, template?.from);
  if (state.compose === compose && !compose.typed) state.composeSaved = composeSnapshot();
}

/**
 * Fills the From choice once the identities are there and puts the chosen address's signature in:
 * above the quoted text, or at the end (a draft has its signature already).
 */
async function chooseIdentity(compose, wanted) {
  const identities = await loadIdentities();
  if (state.compose !== compose || !$('compose-dialog').open) return;
  showIdentities(identities, wanted);
  if (compose.draft) {
    compose.from = $('compose-from').value;
  } else {
    changeIdentity();
  }
}

async function startAnswer(mode) {
  const ref = current();
  if (!ref) return;
  await guarded(async () => {
    const template = await api('GET', `/api/v1/folders/${ref.folderId}/messages/${ref.uid}/reply?mode=${mode}`);
    const titles = { reply: t('compose.reply'), 'reply-all': t('compose.replyAll'), forward: t('compose.forward') };
    await openCompose(template, {
      title: titles[mode], answering: template.answering, forward: template.forward,
      inReplyTo: template.inReplyTo, references: template.references,
      carried: template.forward ? [t('compose.original')] : [],
    });
  });
}

async function editDraft(item) {
  await guarded(async () => {
    const detail = await api('GET', `/api/v1/folders/${state.folder.id}/messages/${item.uid}`);
    const m = detail.message;
    const addresses = (list) => list.map((p) => (p.name ? `"${p.name.replace(/"/g, '')}" <${p.address}>` : p.address));
    await openCompose({ to: addresses(m.to), cc: addresses(m.cc), subject: m.subject, text: m.text || '', html: m.html, from: m.from[0]?.address }, {
      title: t('compose.draft'), draft: { folderId: state.folder.id, uid: item.uid },
      inReplyTo: m.inReplyTo, references: m.references,
      carried: m.attachments.map((a) => a.filename || a.contentType),
    });
  });
}

/** The compose form as text, to tell whether anything was typed since it opened or was saved. */
function composeSnapshot() {
  return JSON.stringify(['compose-from', 'compose-to', 'compose-cc', 'compose-bcc', 'compose-subject'].map((id) => $(id).value)
    .concat([bodyText(), $('compose-files').files.length, rich.on ? rich.editor.root.innerHTML : '']));
}

// ---- identities: the addresses the user writes from, each with a name and a signature ----

/** The account's identities, read once per sign-in (an empty list when they cannot be read: compose still works). */
async function loadIdentities() {
  if (!state.identities) {
    const session = state.session;
    let identities;
    try { identities = await api('GET', '/api/v1/identities'); } catch (e) { return []; }
    if (state.session !== session) return []; // signed out meanwhile: not the next account's
    state.identities = identities;
  }
  return state.identities;
}

/** Fills the From choice (shown when there is more than one address), the one wanted chosen, else the first. */
function showIdentities(identities, wanted) {
  const select = $('compose-from');
  select.replaceChildren(...identities.map((identity) => {
    const option = document.createElement('option');
    option.value = identity.address;
    option.textContent = identity.displayName ? `${identity.displayName} <${identity.address}>` : identity.address;
    return option;
  }));
  document.querySelectorAll('.compose-from').forEach((element) => { element.hidden = identities.length < 2; });
  const chosen = identities.find((identity) => identity.address === wanted) || identities[0];
  select.value = chosen ? chosen.address : '';
}

/** An identity's signature as it goes under the text: after a line "-- " (the usual separator, RFC 3676 §4.3). */
function signatureBlock(address) {
  const identity = (state.identities || []).find((i) => i.address === address);
  return identity && identity.signature ? `\n\n-- \n${identity.signature}` : '';
}

/**
 * Another From chosen: its signature replaces the one shown. With none shown, the new one goes
 * above the quoted text (or at the end); a signature the user edited is left alone.
 */
function changeIdentity() {
  const before = signatureBlock(state.compose.from);
  const after = signatureBlock($('compose-from').value);
  state.compose.from = $('compose-from').value;
  if (before === after) return;
  // the editor's own text, whose positions are its own (a reopened formatted draft has "--" for "-- ")
  const text = rich.on ? rich.editor.getText().replace(/\n$/, '') : bodyText();
  let shown = before;
  if (rich.on && before && !text.includes(before)) shown = before.replace('\n-- \n', '\n--\n');
  let at = shown ? text.indexOf(shown) : -1;
  if (shown && at < 0) return;
  const length = shown ? shown.length : 0;
  if (!before) {
    const quoted = state.compose.quoted;
    at = quoted && text.endsWith(quoted) ? text.length - quoted.length : text.length;
  }
  if (rich.on) {
    rich.editor.deleteText(at, length);
    rich.editor.insertText(at, after);
  } else {
    const body = $('compose-body');
    const caret = body.selectionStart;
    body.value = text.slice(0, at) + after + text.slice(at + length);
    const kept = caret <= at ? caret : caret + after.length - length; // the caret stays where the user was writing
    body.setSelectionRange(kept, kept);
  }
}

async function openSettings() {
  await guarded(async () => {
    state.identities = await api('GET', '/api/v1/identities');
    const holder = $('settings-identities');
    holder.replaceChildren(...state.identities.map((identity, i) => {
      const set = document.createElement('fieldset');
      const legend = document.createElement('legend');
      legend.textContent = identity.address;
      const nameLabel = document.createElement('label');
      nameLabel.htmlFor = `identity-name-${i}`;
      nameLabel.textContent = t('settings.name');
      const name = document.createElement('input');
      name.id = `identity-name-${i}`;
      name.type = 'text';
      name.maxLength = 100;
      name.value = identity.displayName;
      const signatureLabel = document.createElement('label');
      signatureLabel.htmlFor = `identity-signature-${i}`;
      signatureLabel.textContent = t('settings.signature');
      const signature = document.createElement('textarea');
      signature.id = `identity-signature-${i}`;
      signature.rows = 4;
      signature.maxLength = 2000;
      signature.value = identity.signature;
      set.append(legend, nameLabel, name, signatureLabel, signature);
      return set;
    }));
    $('settings-error').textContent = '';
    await showContacts();
    $('settings-dialog').showModal();
  });
}

// ---- the address book: kept on the server, its people suggested first ----

let contactLoads = 0; // the latest read of the address book: an older answer arriving late is dropped

async function showContacts() {
  const load = ++contactLoads;
  const contacts = await api('GET', '/api/v1/contacts');
  if (load !== contactLoads) return;
  const list = $('contacts-list');
  list.replaceChildren(...contacts.map((contact) => {
    const li = document.createElement('li');
    const label = contact.name ? `${contact.name} <${contact.address}>` : contact.address;
    const text = document.createElement('span');
    text.textContent = label;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = t('contacts.remove');
    remove.setAttribute('aria-label', t('contacts.removeOf', { name: label }));
    remove.addEventListener('click', () => changeContacts(() => api('DELETE', `/api/v1/contacts/${encodeURIComponent(contact.address)}`)));
    li.append(text, remove);
    return li;
  }));
  if (contacts.length === 0) {
    const li = document.createElement('li');
    li.textContent = t('contacts.none');
    list.append(li);
  }
}

/** A change to the address book, then the list again; suggestions are read afresh at the next compose. */
async function changeContacts(change) {
  try {
    await change();
    state.contacts = null;
    $('settings-error').textContent = '';
    await showContacts();
  } catch (e) {
    if (e.message !== 'not signed in') $('settings-error').textContent = e.message;
  }
}

/** The sender of the message shown goes into the address book, under the name it wrote with. */
async function addSender() {
  const sender = state.open?.message.from[0];
  if (!sender) return;
  await guarded(async () => {
    await api('PUT', `/api/v1/contacts/${encodeURIComponent(sender.address)}`, { name: sender.name || '' });
    state.contacts = null;
    notice(t('contacts.added', { name: sender.name || sender.address }));
  });
}

function addContact() {
  const name = $('contact-name').value;
  const address = $('contact-address').value.trim();
  if (!address) return;
  changeContacts(async () => {
    await api('PUT', `/api/v1/contacts/${encodeURIComponent(address)}`, { name });
    // emptied for the next one, unless the next one is already being typed
    if ($('contact-address').value.trim() === address && $('contact-name').value === name) {
      $('contact-name').value = '';
      $('contact-address').value = '';
    }
  });
}

async function saveSettings() {
  try {
    const saved = [];
    for (const [i, identity] of state.identities.entries()) {
      const chosen = { displayName: $(`identity-name-${i}`).value, signature: $(`identity-signature-${i}`).value };
      saved.push(chosen.displayName === identity.displayName && chosen.signature === identity.signature ? identity
        : await api('PUT', `/api/v1/identities/${encodeURIComponent(identity.address)}`, chosen));
    }
    state.identities = state.identities.map((identity, i) => ({ ...identity, ...saved[i], address: identity.address }));
    $('settings-dialog').close();
    notice(t('done.settings'));
  } catch (e) {
    if (e.message !== 'not signed in') $('settings-error').textContent = e.message;
  }
}

// ---- formatted text: the Quill editor (npm's package, served from this origin), loaded when first wanted ----

const rich = { on: false, editor: null, loading: null };

/** The toolbar: formatting that every mail program shows (no fonts or colours that need the editor's classes). */
const RICH_TOOLBAR = [['bold', 'italic', 'underline', 'strike'], [{ list: 'ordered' }, { list: 'bullet' }], ['blockquote', 'link'], ['clean']];

function loadEditor() {
  if (window.Quill) return Promise.resolve();
  if (!rich.loading) {
    rich.loading = new Promise((resolve, reject) => {
      const sheet = document.createElement('link');
      sheet.rel = 'stylesheet';
      sheet.href = new URL('./quill.snow.css', import.meta.url).href;
      document.head.append(sheet);
      const script = document.createElement('script');
      script.src = new URL('./quill.min.js', import.meta.url).href;
      script.onload = () => resolve();
      script.onerror = () => { rich.loading = null; reject(new Error(t('compose.editorFailed'))); };
      document.head.append(script);
    });
  }
  return rich.loading;
}

/** Formatting on or off; the user's own switch is remembered for the next message. */
async function setRich(on, remember = true) {
  $('compose-rich-toggle').checked = on;
  if (on === rich.on) return;
  if (on) {
    try {
      await loadEditor();
    } catch (e) {
      $('compose-error').textContent = e.message;
      $('compose-rich-toggle').checked = false;
      return;
    }
    if (!rich.editor) {
      rich.editor = new window.Quill($('compose-rich'), { theme: 'snow', modules: { toolbar: RICH_TOOLBAR } });
      labelToolbar();
      const area = rich.editor.root;
      area.setAttribute('role', 'textbox');
      area.setAttribute('aria-multiline', 'true');
      area.setAttribute('aria-label', t('compose.body'));
    }
    rich.editor.setText($('compose-body').value);
    rich.on = true;
    $('compose-body').hidden = true;
    $('compose-rich').hidden = false;
    document.querySelector('#compose-form .ql-toolbar').hidden = false;
    rich.editor.focus();
  } else {
    $('compose-body').value = rich.editor.getText().replace(/\n$/, '');
    rich.on = false;
    $('compose-rich').hidden = true;
    document.querySelector('#compose-form .ql-toolbar').hidden = true;
    $('compose-body').hidden = false;
  }
  if (remember) localStorage.setItem('mail.rich', String(on));
}

/** Quill's buttons carry only a class: each gets a name for screen readers, in the chosen language. */
function labelToolbar() {
  document.querySelectorAll('#compose-form .ql-toolbar button').forEach((button) => {
    const format = [...button.classList].find((c) => c.startsWith('ql-')).slice(3);
    const key = button.value ? `rich.${format}.${button.value}` : `rich.${format}`;
    button.setAttribute('aria-label', t(key));
    button.title = t(key);
  });
}

/**
 * The plain text of the message being written, whichever editor holds it. From the editor: without
 * the zero-width mark Quill keeps where a format was switched on with nothing selected, and with the
 * signature line "-- " whole again (HTML drops a trailing space, so a reopened draft has "--").
 */
function bodyText() {
  return rich.on ? rich.editor.getText().replace(/\n$/, '').replace(/\uFEFF/g, '').replace(/^--$/m, '-- ') : $('compose-body').value;
}

/** The formatted text as HTML, without Quill's zero-width format mark (the server cleans the rest). */
function bodyHtml() {
  return rich.editor.root.innerHTML.replace(/\uFEFF/g, '');
}

/**
 * Discard (and Esc): when something was typed, only if the user says to throw it away; then a
 * draft this compose saved by itself goes too (a draft the user opened stays as it was saved).
 */
async function closeCompose() {
  const unsaved = composeSnapshot() !== state.composeSaved;
  const autosaved = state.compose && state.compose.autosaved && state.compose.draft;
  if ((unsaved || autosaved) && !confirm(t('compose.discardConfirm'))) {
    return false;
  }
  stopAutosave();
  $('compose-dialog').close();
  if (autosaved) {
    await state.saving;
    const draft = state.compose.draft;
    await guarded(async () => {
      await api('POST', `/api/v1/folders/${draft.folderId}/messages/delete`, { uids: [draft.uid] });
      if (state.folder && state.folder.id === draft.folderId) await refresh(); else await loadFolders();
    });
  }
  return true;
}

// ---- drafts save themselves: every few seconds while the text changes, and when the page goes ----

let autosaveTimer;
function startAutosave() {
  clearInterval(autosaveTimer);
  autosaveTimer = setInterval(() => { autosave(); }, AUTOSAVE_MS);
}

function stopAutosave() {
  clearInterval(autosaveTimer);
}

function worthSaving() {
  return ['compose-to', 'compose-cc', 'compose-bcc', 'compose-subject'].some((id) => $(id).value.trim() !== '')
    || bodyText().trim() !== '' || $('compose-files').files.length > 0;
}

/** Saves the draft when it changed since the last save; one save at a time. */
async function autosave() {
  if (!$('compose-dialog').open || state.saving || composeSnapshot() === state.composeSaved || !worthSaving()) return;
  const snapshot = composeSnapshot();
  state.saving = (async () => {
    try {
      await storeDraft();
      // the files went into the draft; what was typed is saved unless more was typed meanwhile
      const typed = (snap) => { const all = JSON.parse(snap); all.splice(5, 1); return JSON.stringify(all); }; // all but the file count
      if (typed(snapshot) === typed(composeSnapshot())) state.composeSaved = composeSnapshot();
      $('compose-status').textContent = t('compose.autosaved', {
        time: new Date().toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' }) });
    } catch (e) {
      $('compose-status').textContent = e.message === 'not signed in' ? '' : t('compose.autosaveFailed', { reason: e.message });
    }
  })();
  try { await state.saving; } finally { state.saving = null; }
}

/** Saves the compose form as a draft replacing the one saved before; files sent go with it from then on. */
async function storeDraft() {
  const saved = await api('POST', '/api/v1/drafts', formWith(composed()), true);
  const wasDraft = state.compose.draft;
  state.compose = { ...state.compose, draft: { folderId: saved.folderId, uid: saved.uid },
    autosaved: state.compose.autosaved || !wasDraft };
  const files = [...$('compose-files').files].map((f) => f.name);
  if (files.length > 0) {
    $('compose-files').value = '';
    for (const name of files) {
      const li = document.createElement('li');
      li.append(icon('clip', t('attachment')), name);
      $('compose-carried').append(li);
    }
  }
  return saved;
}

/** When the tab or window closes with a changed draft, it is saved on the way out. */
function saveOnLeave() {
  if (!$('compose-dialog').open || composeSnapshot() === state.composeSaved || !worthSaving() || !state.session) return;
  // files are left out: a request made while the page goes must be small
  api('POST', '/api/v1/drafts', composed(), false, true).catch(() => { /* the page is gone: nobody to tell */ });
}

// ---- address suggestions, from the people the user writes to and hears from ----

async function loadContacts() {
  if (state.contacts) return;
  const session = state.session;
  let contacts;
  try { contacts = await api('GET', '/api/v1/addresses'); } catch (e) { return; }
  if (state.session !== session) return; // signed out meanwhile: not the next account's
  state.contacts = contacts;
  // typed before they arrived: suggest now
  if (document.activeElement?.classList.contains('address-input')) suggest(document.activeElement);
}

let suggestionsFor = null;   // the input the suggestions are shown under
let suggestionIndex = -1;

function suggest(input) {
  const list = $('address-suggestions');
  const text = input.value;
  const start = Math.max(text.lastIndexOf(','), text.lastIndexOf(';')) + 1;
  const typed = text.slice(start).trim().toLowerCase();
  const matches = typed.length === 0 || !state.contacts ? [] : state.contacts.filter((c) => c.address.toLowerCase().startsWith(typed)
    || (c.name || '').toLowerCase().split(/\s+/).some((word) => word.startsWith(typed))
    || c.address.toLowerCase().split('@')[1]?.startsWith(typed)).slice(0, 8);
  list.replaceChildren();
  suggestionsFor = matches.length ? input : null;
  suggestionIndex = -1;
  matches.forEach((contact, index) => {
    const li = document.createElement('li');
    li.id = `suggestion-${index}`;
    li.setAttribute('role', 'option');
    li.className = 'suggestion';
    li.textContent = contact.name ? `${contact.name} <${contact.address}>` : contact.address;
    li.addEventListener('mousedown', (e) => { e.preventDefault(); acceptSuggestion(contact); });
    list.append(li);
  });
  list.hidden = matches.length === 0;
  input.after(list);
  document.querySelectorAll('.address-input').forEach((el) => el.setAttribute('aria-expanded', el === suggestionsFor ? 'true' : 'false'));
  state.suggestions = matches;
}

function acceptSuggestion(contact) {
  const input = suggestionsFor;
  if (!input) return;
  const text = input.value;
  const start = Math.max(text.lastIndexOf(','), text.lastIndexOf(';')) + 1;
  const written = contact.name ? `"${contact.name.replace(/"/g, '')}" <${contact.address}>` : contact.address;
  input.value = `${text.slice(0, start)}${start > 0 ? ' ' : ''}${written}, `;
  hideSuggestions();
  input.focus();
}

function hideSuggestions() {
  $('address-suggestions').hidden = true;
  document.querySelectorAll('.address-input').forEach((el) => { el.setAttribute('aria-expanded', 'false'); el.removeAttribute('aria-activedescendant'); });
  suggestionsFor = null;
}

function suggestionKeys(e) {
  if (!suggestionsFor || $('address-suggestions').hidden) return;
  const items = [...$('address-suggestions').children];
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    suggestionIndex = (suggestionIndex + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
    items.forEach((li, i) => li.setAttribute('aria-selected', i === suggestionIndex ? 'true' : 'false'));
    suggestionsFor.setAttribute('aria-activedescendant', items[suggestionIndex].id);
  } else if ((e.key === 'Enter' || e.key === 'Tab') && suggestionIndex >= 0) {
    e.preventDefault();
    acceptSuggestion(state.suggestions[suggestionIndex]);
  } else if (e.key === 'Escape') {
    e.preventDefault(); // closes the suggestions, not the message
    hideSuggestions();
  }
}

function composed() {
  const c = state.compose || {};
  return {
    to: splitAddresses($('compose-to').value),
    cc: splitAddresses($('compose-cc').value),
    bcc: splitAddresses($('compose-bcc').value),
    subject: $('compose-subject').value,
    text: bodyText(),
    html: rich.on && rich.editor.getText().trim() !== '' ? bodyHtml() : null,
    inReplyTo: c.inReplyTo || null,
    references: c.references || [],
    answering: c.answering || null,
    forward: c.forward || null,
    draft: c.draft || null,
    from: $('compose-from').value || null,
  };
}

function formWith(message) {
  const form = new FormData();
  form.append('message', new Blob([JSON.stringify(message)], { type: 'application/json' }));
  for (const file of $('compose-files').files) form.append('attachment', file, file.name);
  return form;
}

async function send() {
  const message = composed();
  if (message.to.length + message.cc.length + message.bcc.length === 0) {
    $('compose-error').textContent = t('compose.noRecipient');
    $('compose-to').focus();
    return;
  }
  $('compose-send').disabled = true;
  try {
    await state.saving; // a draft being saved names the draft this message replaces
    message.draft = (state.compose || {}).draft || null;
    await api('POST', '/api/v1/messages', formWith(message), true);
    stopAutosave();
    $('compose-dialog').close();
    notice(t('done.sent'));
    await refresh();
  } catch (e) {
    $('compose-error').textContent = e.message;
  } finally {
    $('compose-send').disabled = false;
  }
}

async function saveDraft() {
  try {
    await state.saving;
    await storeDraft();
    state.compose.autosaved = false; // the user saved it: Discard no longer removes it
    state.composeSaved = composeSnapshot();
    stopAutosave();
    $('compose-dialog').close();
    notice(t('done.draft'));
    await refresh();
  } catch (e) {
    $('compose-error').textContent = e.message;
  }
}

// ---- live updates ----

function listen() {
  if (state.events) state.events.close();
  const source = new EventSource('/api/v1/events');
  state.events = source;
  let timer = null;
  source.onmessage = (e) => {
    const event = JSON.parse(e.data);
    if (event.kind === 'ping' || event.kind === 'ready') return;
    if (event.kind === 'messages_added' && state.folder && event.folderId === state.folder.id) notice(t('newMail'));
    clearTimeout(timer); // a burst of changes costs one reload
    timer = setTimeout(() => refresh().catch(() => {}), 150);
  };
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED && state.session) setTimeout(listen, 5000);
  };
}

// ---- small things ----

let noticeTimer;
function notice(text) {
  $('notice').textContent = text;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { $('notice').textContent = ''; }, 4000);
}

async function guarded(action) {
  try {
    await action();
  } catch (e) {
    if (e.message !== 'not signed in') notice(e.message);
  }
}

// ---- rules: away message and "move mail from X to folder Y" (a Sieve script on the server) ----

function addMoveRow(from, folder) {
  const li = document.createElement('li');
  const fromInput = document.createElement('input');
  fromInput.type = 'text';
  fromInput.className = 'rule-from';
  fromInput.placeholder = t('rules.fromPlaceholder');
  fromInput.setAttribute('aria-label', t('rules.from'));
  fromInput.value = from || '';
  const arrow = document.createElement('span');
  arrow.textContent = t('rules.toFolder');
  const folderInput = document.createElement('input');
  folderInput.type = 'text';
  folderInput.className = 'rule-folder';
  folderInput.setAttribute('aria-label', t('rules.folder'));
  folderInput.setAttribute('list', 'rules-folders');
  folderInput.value = folder || '';
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.textContent = t('rules.remove');
  remove.addEventListener('click', () => li.remove());
  li.append(fromInput, arrow, folderInput, remove);
  $('rules-moves').append(li);
}

async function openRules() {
  await guarded(async () => {
    const rules = await api('GET', '/api/v1/rules');
    const away = rules.vacation || { enabled: false, subject: '', text: '', days: 7 };
    $('rules-custom').hidden = !rules.custom;
    $('rules-away').checked = away.enabled;
    $('rules-away-subject').value = away.subject || '';
    $('rules-away-text').value = away.text || '';
    $('rules-away-days').value = away.days || 7;
    $('rules-moves').replaceChildren();
    (rules.moves || []).forEach((m) => addMoveRow(m.from, m.folder));
    let list = $('rules-folders');
    if (!list) {
      list = document.createElement('datalist');
      list.id = 'rules-folders';
      document.body.append(list);
    }
    list.replaceChildren(...state.folders.map((f) => { const o = document.createElement('option'); o.value = f.name; return o; }));
    $('rules-error').textContent = '';
    $('rules-dialog').showModal();
  });
}

async function saveRules() {
  const moves = [...$('rules-moves').children].map((li) => ({
    from: li.querySelector('.rule-from').value.trim(),
    folder: li.querySelector('.rule-folder').value.trim(),
  })).filter((m) => m.from || m.folder);
  const rules = {
    vacation: {
      enabled: $('rules-away').checked,
      subject: $('rules-away-subject').value,
      text: $('rules-away-text').value,
      days: Number($('rules-away-days').value) || 7,
    },
    moves,
    custom: false,
  };
  try {
    await api('PUT', '/api/v1/rules', rules);
    $('rules-dialog').close();
    notice(t('done.rules'));
    await loadFolders();
  } catch (e) {
    if (e.message !== 'not signed in') $('rules-error').textContent = e.message;
  }
}

/** Every shortcut, for the help the `?` key shows: keys and what they do (a message key). */
const SHORTCUTS = [
  ['j / ↓', 'help.next'], ['k / ↑', 'help.previous'], ['Enter / o', 'help.open'], ['Esc', 'help.close.message'],
  ['x', 'help.check'], ['c', 'help.compose'], ['r', 'help.reply'], ['a', 'help.replyAll'], ['f', 'help.forward'],
  ['s', 'help.flag'], ['u', 'help.unread'], ['# / Delete', 'help.delete'], ['z', 'help.undo'], ['/', 'help.search'],
  ['?', 'help.help'], ['Ctrl+Enter', 'help.send'],
];

function openHelp() {
  const body = $('help-keys');
  body.replaceChildren();
  for (const [keys, what] of SHORTCUTS) {
    const row = document.createElement('tr');
    const key = document.createElement('th');
    key.scope = 'row';
    for (const [i, k] of keys.split(' / ').entries()) {
      if (i > 0) key.append(' / ');
      const kbd = document.createElement('kbd');
      kbd.textContent = k;
      key.append(kbd);
    }
    const text = document.createElement('td');
    text.textContent = t(what);
    row.append(key, text);
    body.append(row);
  }
  $('help-dialog').showModal();
}

function onKey(e) {
  if ($('mail-view').hidden || $('compose-dialog').open || $('rules-dialog').open || $('settings-dialog').open || $('help-dialog').open
    || $('pdf-dialog').open) return;
  const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement?.tagName);
  if (typing) return;
  if (!state.list && !['c', '/', '?', 'z'].includes(e.key)) return;
  const next = () => select(Math.min(state.selected + 1, state.list.messages.length - 1), reading());
  const previous = () => select(Math.max(state.selected - 1, 0), reading());
  const keys = {
    j: next,
    ArrowDown: next,
    k: previous,
    ArrowUp: previous,
    Enter: () => select(state.selected, true),
    o: () => select(state.selected, true),
    c: () => openCompose(null, {}),
    r: () => startAnswer('reply'),
    a: () => startAnswer('reply-all'),
    f: () => startAnswer('forward'),
    s: () => toggleFlag(),
    u: () => markUnread(),
    '#': () => deleteCurrent(),
    Delete: () => deleteCurrent(),
    '/': () => $('search-input').focus(),
    '?': () => openHelp(),
    x: () => { if (state.selected >= 0) check(state.selected, !state.checked.has(state.list.messages[state.selected].uid), false); },
    z: () => undo(),
    Escape: () => {
      if ($('mail-view').classList.contains('drawer-open')) {
        toggleDrawer(false);
      } else if (state.checked.size > 0 && !reading()) {
        clearChecked();
      } else {
        leaveMessage();
      }
    },
  };
  const action = keys[e.key];
  if (action && !e.ctrlKey && !e.metaKey && !e.altKey) {
    e.preventDefault();
    action();
  }
}

function wire() {
  document.querySelectorAll('.language-select').forEach((select) => {
    select.addEventListener('change', () => switchLanguage(select.value));
  });
  $('login-form').addEventListener('submit', signIn);
  $('logout-button').addEventListener('click', signOut);
  $('pdf-close').addEventListener('click', () => $('pdf-dialog').close());
  $('settings-button').addEventListener('click', openSettings);
  $('drawer-settings-button').addEventListener('click', () => { toggleDrawer(false); openSettings(); });
  $('settings-save').addEventListener('click', saveSettings);
  $('contact-add').addEventListener('click', addContact);
  $('add-contact-button').addEventListener('click', addSender);
  $('settings-cancel').addEventListener('click', () => $('settings-dialog').close());
  $('compose-from').addEventListener('change', changeIdentity);
  // only what the user does counts as typed (filling the form in does not fire input events)
  $('compose-form').addEventListener('input', () => { if (state.compose) state.compose.typed = true; });
  $('rules-button').addEventListener('click', openRules);
  $('drawer-rules-button').addEventListener('click', () => { toggleDrawer(false); openRules(); });
  $('drawer-logout-button').addEventListener('click', signOut);
  $('rules-add').addEventListener('click', () => addMoveRow('', ''));
  $('rules-save').addEventListener('click', saveRules);
  $('rules-cancel').addEventListener('click', () => $('rules-dialog').close());
  $('compose-button').addEventListener('click', () => openCompose(null, {}));
  $('search-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    state.query = $('search-input').value.trim();
    state.page = 0;
    closeReader();
    await guarded(loadList);
  });
  // clearing the box (its ×, Esc, or deleting the text) shows the whole folder again
  $('search-input').addEventListener('input', () => {
    if ($('search-input').value === '' && state.query) {
      state.query = '';
      state.page = 0;
      closeReader();
      loadList();
    }
  });
  $('search-input').addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      $('search-input').value = '';
      $('search-input').dispatchEvent(new Event('input'));
      $('message-list').focus();
    }
  });
  $('folders-button').addEventListener('click', () => toggleDrawer());
  $('drawer-scrim').addEventListener('click', () => toggleDrawer(false));
  $('back-button').addEventListener('click', leaveMessage);
  $('list-retry').addEventListener('click', () => loadList());
  $('prev-page').addEventListener('click', () => { state.page--; guarded(loadList); });
  $('next-page').addEventListener('click', () => { state.page++; guarded(loadList); });
  $('new-folder-button').addEventListener('click', newFolder);
  $('rename-folder-button').addEventListener('click', renameFolder);
  $('delete-folder-button').addEventListener('click', deleteFolder);
  $('empty-folder-button').addEventListener('click', emptyFolder);
  $('reply-button').addEventListener('click', () => startAnswer('reply'));
  $('reply-all-button').addEventListener('click', () => startAnswer('reply-all'));
  $('forward-button').addEventListener('click', () => startAnswer('forward'));
  $('flag-button').addEventListener('click', toggleFlag);
  $('unread-button').addEventListener('click', markUnread);
  $('delete-button').addEventListener('click', deleteCurrent);
  $('move-select').addEventListener('change', moveCurrent);
  $('always-images-button').addEventListener('click', alwaysShowImages);
  $('show-images-button').addEventListener('click', () => {
    const item = state.list.messages.find((m) => m.uid === state.open.uid);
    openMessage(item || { uid: state.open.uid, seen: true }, true);
  });
  $('compose-send').addEventListener('click', send);
  $('compose-rich-toggle').addEventListener('change', () => setRich($('compose-rich-toggle').checked));
  $('compose-save').addEventListener('click', saveDraft);
  $('compose-discard').addEventListener('click', closeCompose);
  $('compose-dialog').addEventListener('cancel', (e) => { // Esc
    e.preventDefault();
    closeCompose();
  });
  $('compose-dialog').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); send(); }
  });
  $('help-button').addEventListener('click', openHelp);
  $('select-all').addEventListener('change', () => selectAll($('select-all').checked));
  $('bulk-read').addEventListener('click', () => bulkFlags({ seen: true }));
  $('bulk-unread').addEventListener('click', () => bulkFlags({ seen: false }));
  $('bulk-flag').addEventListener('click', () => bulkFlags({ flagged: true }));
  $('bulk-unflag').addEventListener('click', () => bulkFlags({ flagged: false }));
  $('bulk-delete').addEventListener('click', bulkDelete);
  $('bulk-clear').addEventListener('click', clearChecked);
  $('bulk-move').addEventListener('change', () => {
    const target = Number($('bulk-move').value);
    $('bulk-move').value = '';
    bulkMove(target);
  });
  $('undo-button').addEventListener('click', undo);
  const sort = $('sort-select');
  sort.value = state.sort;
  sort.disabled = state.conversations;
  sort.addEventListener('change', () => {
    state.sort = sort.value;
    localStorage.setItem('mail.sort', state.sort);
    state.page = 0;
    closeReader();
    guarded(loadList);
  });
  const threads = $('conversations-toggle');
  threads.checked = state.conversations;
  threads.addEventListener('change', () => {
    state.conversations = threads.checked;
    localStorage.setItem('mail.conversations', String(state.conversations));
    sort.disabled = state.conversations; // conversations come newest first
    state.page = 0;
    state.list = null;
    state.selected = -1;
    closeReader();
    clearChecked();
    $('message-list').replaceChildren();
    guarded(loadList);
  });
  document.querySelectorAll('.address-input').forEach((input) => {
    input.addEventListener('input', () => suggest(input));
    input.addEventListener('keydown', suggestionKeys);
    input.addEventListener('blur', () => setTimeout(() => { if (suggestionsFor === input) hideSuggestions(); }, 100));
  });
  window.addEventListener('pagehide', saveOnLeave);
  document.addEventListener('keydown', onKey);
  window.addEventListener('popstate', () => { followRoute(); });
}

async function boot() {
  applyLanguage();
  wire();
  try {
    const response = await fetch('/api/v1/session', { credentials: 'same-origin' });
    if (response.ok) {
      state.session = await response.json();
      await start();
      return;
    }
  } catch (e) { /* fall through to the sign-in form */ }
  showLogin('');
}

boot();
