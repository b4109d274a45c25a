// The web mail client: one page over the webmail API (/api/v1, see /q/swagger-ui).
// Message data is only ever put into the page as text (textContent), never as markup; an HTML
// body is shown in a sandboxed frame that loads the server's sanitised copy under a CSP without
// scripts. No build step: a plain ES module the browser runs as is.

import { MESSAGES } from './messages.js';

const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 50;

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

async function api(method, path, body, isForm) {
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
    response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
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
    history.back(); // popstate closes the reader
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
  if (state.open && state.open.uid === route.uid) return true;
  const index = state.list ? state.list.messages.findIndex((m) => m.uid === route.uid) : -1;
  if (index >= 0) {
    await select(index, true, true);
  } else {
    await openMessage({ uid: route.uid, subject: '', seen: true }, false, true); // on another page of the list
  }
  return true;
}

// ---- folders ----

async function loadFolders() {
  state.folders = await api('GET', '/api/v1/folders');
  const list = $('folder-list');
  list.replaceChildren();
  for (const folder of state.folders) {
    const item = document.createElement('li');
    item.className = 'folder' + (state.folder && state.folder.id === folder.id ? ' current' : '');
    item.tabIndex = 0;
    item.dataset.id = folder.id;
    if (folder.role) item.dataset.role = folder.role;
    const name = document.createElement('span');
    name.textContent = folderName(folder);
    item.append(name);
    if (folder.unread > 0) {
      const unread = document.createElement('span');
      unread.className = 'unread';
      unread.textContent = folder.unread;
      item.append(unread);
    }
    item.addEventListener('click', () => showFolder(folder));
    item.addEventListener('keydown', (e) => { if (e.key === 'Enter') showFolder(folder); });
    list.append(item);
  }
  const move = $('move-select');
  move.replaceChildren(new Option(t('reader.moveTo'), ''));
  for (const folder of state.folders) move.append(new Option(folderName(folder), folder.id));
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
async function loadList() {
  const folder = state.folder;
  const load = ++state.listLoads;
  const params = new URLSearchParams({ page: state.page, size: PAGE_SIZE });
  if (state.query) params.set('q', state.query);
  if (!state.list) listState('loading', t('list.loading'));
  let list;
  try {
    list = await api('GET', `/api/v1/folders/${folder.id}/messages?${params}`);
  } catch (e) {
    if (load !== state.listLoads) return;
    state.list = null;
    state.selected = -1;
    $('message-list').replaceChildren();
    $('list-count').textContent = '';
    $('page-info').textContent = '';
    listState('failed', e.message === 'not signed in' ? '' : t('list.failed', { name: folderName(folder), reason: e.message }), true);
    return;
  }
  if (load !== state.listLoads || folder.id !== state.folder?.id) return;
  const keepUid = state.list && state.selected >= 0 ? state.list.messages[state.selected]?.uid : null;
  state.list = list;
  state.selected = keepUid == null ? -1 : list.messages.findIndex((m) => m.uid === keepUid);
  if (list.messages.length === 0) {
    listState('empty', t(state.query ? 'list.noMatch' : 'list.empty'));
  } else {
    listState('idle', '');
  }
  renderList();
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
    li.className = 'message-row' + (m.seen ? '' : ' unread') + (index === state.selected ? ' selected' : '');
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', index === state.selected ? 'true' : 'false');
    li.dataset.uid = m.uid;
    const from = document.createElement('span');
    from.className = 'row-from';
    const people = state.folder.role === 'sent' || state.folder.role === 'drafts' ? m.to : m.from;
    from.textContent = people.map((p) => p.name || p.address).join(', ') || t('nobody');
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
    subject.append(m.subject || t('noSubject'));
    li.append(from, date, subject);
    li.addEventListener('click', () => select(index, true));
    ul.append(li);
  });
  const total = state.list.total;
  $('list-count').textContent = total === 1 ? t('list.count.one') : t('list.count.other', { count: total.toLocaleString(locale()) });
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
  const opening = ++state.opens;
  const folder = state.folder;
  const replace = fromRoute || images || reading(); // moving on while reading replaces the entry
  let detail;
  try {
    detail = await api('GET', `/api/v1/folders/${folder.id}/messages/${item.uid}${images ? '?images=true' : ''}`);
  } catch (e) {
    if (opening === state.opens && e.message !== 'not signed in') readerFailed(item, e.message);
    return;
  }
  if (opening !== state.opens || folder.id !== state.folder?.id) return; // the user moved on meanwhile
  await guarded(async () => {
    state.open = detail;
    const m = detail.message;
    $('reader').hidden = false;
    $('reader-empty').hidden = true;
    $('mail-view').classList.add('reading');
    setRoute(folder.id, item.uid, replace);
    $('reader-subject').textContent = m.subject || t('noSubject');
    $('reader-from').textContent = people(m.from);
    $('reader-to').textContent = people(m.to);
    $('reader-cc').textContent = people(m.cc);
    $('reader-cc').hidden = $('reader-cc-label').hidden = m.cc.length === 0;
    $('reader-date').textContent = formatLong(m.date);
    $('reader-date').title = m.date || '';
    $('flag-button').textContent = t(detail.flags.includes('\\Flagged') ? 'reader.unflag' : 'reader.flag');
    $('raw-link').href = detail.rawUrl;
    const attachments = $('attachment-list');
    attachments.replaceChildren();
    for (const a of m.attachments.filter((x) => !(x.inline && x.contentType.startsWith('image/') && m.html))) {
      const li = document.createElement('li');
      const link = document.createElement('a');
      link.className = 'attachment-link';
      link.href = `/api/v1/folders/${state.folder.id}/messages/${item.uid}/parts/${a.part}`;
      link.download = a.filename || 'attachment';
      link.textContent = `${a.filename || a.contentType} (${formatSize(a.size)})`;
      li.append(link);
      attachments.append(li);
    }
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
      $('reader-text').textContent = m.text || '';
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

async function deleteCurrent() {
  const ref = current();
  if (!ref) return;
  await removeAndGoOn(() => api('DELETE', `/api/v1/folders/${ref.folderId}/messages/${ref.uid}`), t('done.deleted'));
}

/**
 * Deletes or moves the current message, then goes on to the one that took its place in the list
 * (or the one before, at the end), opened if a message was being read.
 */
async function removeAndGoOn(remove, done) {
  const index = state.selected;
  const wasReading = reading();
  await guarded(async () => {
    await remove();
    closeReader();
    await refresh();
    notice(done);
    if (state.list && state.list.messages.length > 0 && index >= 0) {
      await select(Math.min(index, state.list.messages.length - 1), wasReading);
    }
  });
}

async function moveCurrent() {
  const target = Number($('move-select').value);
  const ref = current();
  $('move-select').value = '';
  if (!ref || !target || target === ref.folderId) return;
  const folder = state.folders.find((f) => f.id === target);
  const name = folder ? folderName(folder) : '';
  await removeAndGoOn(() => api('POST', `/api/v1/folders/${ref.folderId}/messages/move`, { uids: [ref.uid], targetFolderId: target }),
    t('done.moved', { name }));
}

async function toggleFlag() {
  const ref = current();
  if (!ref) return;
  const item = state.list.messages.find((m) => m.uid === ref.uid);
  const flagged = !(item && item.flagged);
  await guarded(async () => {
    const updated = await api('PATCH', `/api/v1/folders/${ref.folderId}/messages/${ref.uid}`, { flagged });
    if (item) Object.assign(item, updated);
    $('flag-button').textContent = t(flagged ? 'reader.unflag' : 'reader.flag');
    renderList();
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

function openCompose(template, context) {
  state.compose = context || {};
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
  $('compose-dialog').showModal();
  state.composeSaved = composeSnapshot();
  const empty = ['compose-to', 'compose-subject'].find((id) => !$(id).value);
  const body = $('compose-body');
  if (empty) {
    $(empty).focus();
  } else {
    body.focus();
    body.setSelectionRange(0, 0);
  }
}

async function startAnswer(mode) {
  const ref = current();
  if (!ref) return;
  await guarded(async () => {
    const template = await api('GET', `/api/v1/folders/${ref.folderId}/messages/${ref.uid}/reply?mode=${mode}`);
    const titles = { reply: t('compose.reply'), 'reply-all': t('compose.replyAll'), forward: t('compose.forward') };
    openCompose(template, {
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
    openCompose({ to: addresses(m.to), cc: addresses(m.cc), subject: m.subject, text: m.text || '' }, {
      title: t('compose.draft'), draft: { folderId: state.folder.id, uid: item.uid },
      inReplyTo: m.inReplyTo, references: m.references,
      carried: m.attachments.map((a) => a.filename || a.contentType),
    });
  });
}

/** The compose form as text, to tell whether anything was typed since it opened or was saved. */
function composeSnapshot() {
  return JSON.stringify(['compose-to', 'compose-cc', 'compose-bcc', 'compose-subject', 'compose-body'].map((id) => $(id).value)
    .concat([$('compose-files').files.length]));
}

/** Closes compose; when something was typed and not saved, only if the user says to throw it away. */
function closeCompose() {
  if (composeSnapshot() !== state.composeSaved
      && !confirm(t('compose.discardConfirm'))) {
    return false;
  }
  $('compose-dialog').close();
  return true;
}

function composed() {
  const c = state.compose || {};
  return {
    to: splitAddresses($('compose-to').value),
    cc: splitAddresses($('compose-cc').value),
    bcc: splitAddresses($('compose-bcc').value),
    subject: $('compose-subject').value,
    text: $('compose-body').value,
    inReplyTo: c.inReplyTo || null,
    references: c.references || [],
    answering: c.answering || null,
    forward: c.forward || null,
    draft: c.draft || null,
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
    await api('POST', '/api/v1/messages', formWith(message), true);
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
    const saved = await api('POST', '/api/v1/drafts', formWith(composed()), true);
    state.compose = { ...state.compose, draft: { folderId: saved.folderId, uid: saved.uid } };
    $('compose-files').value = '';
    state.composeSaved = composeSnapshot();
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

function onKey(e) {
  if ($('mail-view').hidden || $('compose-dialog').open || $('rules-dialog').open) return;
  const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement?.tagName);
  if (typing) return;
  if (!state.list && !['c', '/'].includes(e.key)) return;
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
    Escape: () => {
      if ($('mail-view').classList.contains('drawer-open')) {
        toggleDrawer(false);
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
  $('show-images-button').addEventListener('click', () => {
    const item = state.list.messages.find((m) => m.uid === state.open.uid);
    openMessage(item || { uid: state.open.uid, seen: true }, true);
  });
  $('compose-send').addEventListener('click', send);
  $('compose-save').addEventListener('click', saveDraft);
  $('compose-discard').addEventListener('click', closeCompose);
  $('compose-dialog').addEventListener('cancel', (e) => { // Esc
    e.preventDefault();
    closeCompose();
  });
  $('compose-dialog').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); send(); }
  });
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
