/**
 * The inspector's script, served as `/admin/inspector.js` (same origin, so the page's CSP allows
 * no inline script). Every value from the mock is rendered with `textContent` or as an attribute
 * set through the DOM, never parsed as HTML.
 */
export const INSPECTOR_SCRIPT = String.raw`'use strict';
const $ = (id) => document.getElementById(id);
const el = (tag, text, cls) => { const e = document.createElement(tag); e.textContent = text == null ? '' : String(text); if (cls) e.className = cls; return e; };
const state = { base: '/admin', entries: [], selected: undefined, tenants: [] };
const ACK_CLASS = { AA: 's2', CA: 's2', AE: 's4', CE: 's4', AR: 's5', CR: 's5' };
function say(text, isError) { const s = $('status'); s.textContent = text; s.className = isError ? 'err' : ''; }
async function api(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) { init.headers['content-type'] = 'application/json'; init.body = typeof body === 'string' ? body : JSON.stringify(body); }
  const res = await fetch(state.base + path, init);
  const text = await res.text();
  const data = text ? (() => { try { return JSON.parse(text); } catch { return text; } })() : undefined;
  if (!res.ok) throw new Error(method + ' ' + path + ': ' + res.status + ' ' + (data && data.error_description || ''));
  return data;
}
function isMllp(e) { return e.protocol === 'mllp'; }
function statusText(e) { return isMllp(e) ? e.ack : String(e.status); }
function statusClass(e) { return isMllp(e) ? (ACK_CLASS[e.ack] || 's5') : 's' + String(e.status)[0]; }
function statusBucket(e) {
  if (!isMllp(e)) return String(e.status)[0];
  return { AA: '2', CA: '2', AE: '4', CE: '4', AR: '5', CR: '5' }[e.ack] || '0';
}
function matches(e) {
  const v = (id) => $(id).value.trim().toLowerCase();
  const path = v('f-path'), client = v('f-client'), text = v('f-text');
  if ($('f-protocol').value && (isMllp(e) ? 'mllp' : 'http') !== $('f-protocol').value) return false;
  if ($('f-status').value && statusBucket(e) !== $('f-status').value) return false;
  if ($('f-fault').value === 'yes' && !e.fault) return false;
  if ($('f-fault').value === 'no' && e.fault) return false;
  if (path && !String(isMllp(e) ? e.messageType : e.path).toLowerCase().includes(path)) return false;
  if (client && !String(e.clientId || '').toLowerCase().includes(client)) return false;
  if (text && !JSON.stringify(e).toLowerCase().includes(text)) return false;
  return true;
}
function renderTimeline() {
  const rows = state.entries.filter(matches).slice().reverse().slice(0, 300).map((e) => {
    const tr = document.createElement('tr'); tr.dataset.seq = String(e.seq);
    if (e.seq === state.selected) tr.className = 'sel';
    const what = isMllp(e) ? [e.controlId ? 'MSH-10 ' + e.controlId : '', e.frameError ? 'bytes dropped: ' + e.frameError : '', e.documentReferenceId ? 'DocumentReference/' + e.documentReferenceId : ''].filter(Boolean).join('  ') : e.path;
    const cells = [e.seq, String(e.at).slice(11, 23), isMllp(e) ? 'HL7' : 'HTTP', isMllp(e) ? (e.messageType || '(unparsed)') : e.method, what, statusText(e), e.durationMs, e.clientId || (e.connectionId ? 'connection ' + e.connectionId : ''), e.fault || ''];
    cells.forEach((c, i) => tr.append(el('td', c, i === 5 ? statusClass(e) : undefined)));
    tr.addEventListener('click', () => { state.selected = e.seq; renderTimeline(); renderDetail(e); });
    return tr;
  });
  $('timeline').replaceChildren(...rows);
}
function dl(pairs) {
  const d = document.createElement('dl');
  for (const [k, v] of pairs) { if (v === undefined || v === '') continue; d.append(el('dt', k)); const dd = el('dd', typeof v === 'object' ? '' : v); if (typeof v === 'object') dd.append(v); d.append(dd); }
  return d;
}
function headerTable(h) {
  const t = document.createElement('table');
  for (const [k, v] of Object.entries(h || {})) { const tr = document.createElement('tr'); tr.append(el('td', k), el('td', v)); t.append(tr); }
  return t;
}
function pretty(text) { try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text; } }
function reasons(text) {
  try { const o = JSON.parse(text); return (o.issue || []).map((i) => (i.details && i.details.text) || i.diagnostics || i.code).join('\n') || o.error_description || o.error || ''; } catch { return ''; }
}
function resourceLink(ref) {
  const a = el('a', ref); a.className = 'resource-link';
  a.addEventListener('click', () => { const [type, id] = ref.split('/'); showResource(type, id); });
  return a;
}
function createdRef(e) {
  const loc = e.responseHeaders && (e.responseHeaders.location || e.responseHeaders['content-location']);
  const m = loc && /([A-Z][A-Za-z]+)\/([^/?#]+)(?:\/_history\/[^/?#]+)?$/.exec(loc);
  return m ? m[1] + '/' + m[2] : undefined;
}
function renderDetail(e) {
  const box = $('detail'); box.replaceChildren();
  const tenant = state.tenants.find((t) => t.base === state.base);
  box.append(dl([['seq', e.seq], ['at', e.at], ['tenant', tenant ? tenant.tenantId : ''], ['protocol', isMllp(e) ? 'HL7 v2 over MLLP' : 'HTTP'],
    ['status', statusText(e)], ['fault injected', e.fault], ['trace id', e.traceId], ['correlation id', e.correlationId], ['request id', e.requestId], ['client', e.clientId]]));
  if (isMllp(e)) {
    box.append(dl([['message type', e.messageType], ['MSH-10', e.controlId], ['bytes', e.bytes], ['reply bytes', e.replyBytes], ['connection', e.connectionId], ['frame error', e.frameError], ['duplicate', e.duplicate ? 'yes' : '']]));
    if (e.documentReferenceId) box.append(dl([['stored as', resourceLink('DocumentReference/' + e.documentReferenceId)]]));
    box.append(el('p', 'The HL7 message itself is not kept (patient data); its ACK (MSH, MSA, ERR):'));
    box.append(el('pre', e.ackText ? e.ackText.split('\r').join('\n') : '(no reply sent)', 'ack'));
    return;
  }
  box.append(dl([['request', e.method + ' ' + e.path], ['duration', e.durationMs + ' ms']]));
  const ref = createdRef(e);
  if (ref && e.status < 300) box.append(dl([['resource', resourceLink(ref)]]));
  if (e.errorBody) { box.append(el('h3', 'Why it failed')); box.append(el('pre', reasons(e.errorBody), 'reason err')); box.append(el('pre', pretty(e.errorBody), 'error-body')); }
  box.append(el('h3', 'Request headers'), headerTable(e.headers), el('h3', 'Response headers'), headerTable(e.responseHeaders));
}
function summary(r) {
  const n = r.name && r.name[0];
  if (n) return n.text || [(n.given || []).join(' '), n.family].filter(Boolean).join(' ');
  return [r.status, r.description, r.type && r.type.text].filter(Boolean).join(' ');
}
async function showResource(type, id) {
  $('type').value = type; await loadStore();
  $('resource-json').textContent = JSON.stringify(await api('GET', '/store/' + encodeURIComponent(type) + '/' + encodeURIComponent(id)), null, 2);
  $('store-pane').scrollIntoView();
}
async function loadStore() {
  const store = await api('GET', '/store?type=' + encodeURIComponent($('type').value) + '&limit=200');
  $('counts').replaceChildren(...Object.entries(store.counts).map(([k, v]) => el('span', k + ': ' + v)));
  $('resources').replaceChildren(...(store.resources || []).map((r) => {
    const tr = document.createElement('tr'); tr.dataset.id = r.id; tr.append(el('td', r.resourceType + '/' + r.id), el('td', summary(r)));
    tr.addEventListener('click', () => showResource(r.resourceType, r.id)); return tr;
  }));
}
async function loadFaults() {
  const { rules } = await api('GET', '/faults');
  $('faults').replaceChildren(...rules.map((r, i) => {
    const tr = document.createElement('tr');
    const desc = r.protocol === 'mllp' ? 'MLLP ' + r.messageType + ' ' + (r.ack || r.drop && 'drop' || r.noReply && 'no reply' || 'latency ' + r.latencyMs + ' ms') : (r.method || 'any') + ' ' + r.path + ' -> ' + (r.status || (r.drop ? 'drop' : 'latency ' + r.latencyMs + ' ms'));
    const rm = el('button', 'Remove'); rm.addEventListener('click', () => act(async () => { await api('PUT', '/faults', { rules: rules.filter((_, j) => j !== i) }); }));
    tr.append(el('td', desc), el('td', r.times === undefined ? 'until cleared' : r.times + ' left'), rm); return tr;
  }));
  state.faults = rules;
}
async function loadSnapshots() {
  const list = await api('GET', '/snapshots');
  const snaps = Array.isArray(list) ? list : list.snapshots || [];
  $('snapshots').replaceChildren(...snaps.map((s) => {
    const tr = document.createElement('tr'); const b = el('button', 'Restore');
    b.addEventListener('click', () => act(() => api('POST', '/snapshots/' + encodeURIComponent(s.id) + '/restore')));
    tr.append(el('td', s.id), el('td', s.takenAt || s.createdAt || ''), b); return tr;
  }));
}
async function loadTenants() {
  const list = await fetch('/admin/tenants').then((r) => r.json());
  state.tenants = list.map((t) => ({ tenantId: t.tenantId, base: new URL(t.adminUrl, location.href).pathname.replace(/\/$/, '') }));
  const sel = $('tenant'); const want = state.base;
  sel.replaceChildren(...state.tenants.map((t) => { const o = el('option', t.tenantId); o.value = t.base; return o; }));
  if (!state.tenants.some((t) => t.base === want)) state.base = state.tenants[0] ? state.tenants[0].base : '/admin';
  sel.value = state.base;
}
async function refresh() {
  const j = await api('GET', '/journal');
  state.entries = j.entries.map((x) => Object.assign({ seq: x.seq }, x.entry || x));
  renderTimeline(); await Promise.all([loadStore(), loadFaults(), loadSnapshots()]);
}
async function act(fn, done) {
  try { await fn(); await refresh(); say(done || 'done'); } catch (err) { say(String(err && err.message || err), true); }
}
function selectTenant(base) { state.base = base; state.selected = undefined; $('detail').textContent = 'click a row'; $('resource-json').textContent = ''; }
async function start() {
  const q = new URLSearchParams(location.search).get('tenant');
  if (q) state.base = '/admin/tenants/' + encodeURIComponent(q);
  await loadTenants(); await refresh();
  for (const id of ['f-path', 'f-client', 'f-text']) $(id).addEventListener('input', renderTimeline);
  for (const id of ['f-status', 'f-protocol', 'f-fault']) $(id).addEventListener('change', renderTimeline);
  $('type').addEventListener('change', () => act(loadStore));
  $('tenant').addEventListener('change', () => { selectTenant($('tenant').value); act(async () => {}, 'tenant ' + $('tenant').selectedOptions[0].textContent); });
  $('reset').addEventListener('click', () => act(() => api('POST', '/reset', {}), 'reset'));
  $('clear').addEventListener('click', () => act(() => api('DELETE', '/requests'), 'log cleared'));
  $('fault-add').addEventListener('click', () => act(async () => {
    const v = (id) => $(id).value.trim(); const rule = {};
    if (v('fault-protocol') === 'mllp') { rule.protocol = 'mllp'; rule.messageType = v('fault-path') || '*'; rule.ack = v('fault-status') || 'AE'; }
    else { rule.path = v('fault-path') || '*'; if (v('fault-method')) rule.method = v('fault-method').toUpperCase(); rule.status = Number(v('fault-status') || 503); }
    if (v('fault-times')) rule.times = Number(v('fault-times'));
    const { rules } = await api('GET', '/faults'); await api('PUT', '/faults', { rules: rules.concat([rule]) });
  }, 'fault added'));
  $('bundle').addEventListener('change', () => act(async () => { const f = $('bundle').files[0]; if (f) await api('POST', '/load', await f.text()); $('bundle').value = ''; }, 'bundle loaded'));
  $('snapshot-take').addEventListener('click', () => act(() => api('POST', '/snapshots'), 'snapshot taken'));
  $('tenant-create').addEventListener('click', () => act(async () => {
    const id = $('tenant-id').value.trim(); const made = await fetch('/admin/tenants', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(Object.assign({ seed: $('tenant-seed').value }, id ? { tenantId: id } : {})) });
    const body = await made.json(); if (!made.ok) throw new Error('create tenant: ' + (body.error_description || made.status));
    state.base = new URL(body.adminUrl, location.href).pathname; await loadTenants(); selectTenant(state.base);
  }, 'tenant created'));
  $('tenant-delete').addEventListener('click', () => act(async () => {
    const r = await fetch(state.base, { method: 'DELETE' }); if (!r.ok) throw new Error('delete tenant: ' + r.status);
    state.base = '/admin'; await loadTenants(); selectTenant(state.base);
  }, 'tenant deleted'));
  setInterval(() => { if ($('live').checked) refresh().catch((e) => say('refresh failed: ' + e.message, true)); }, 2000);
  say('ready');
}
start().catch((e) => say('load failed: ' + (e && e.message || e), true));
`;
