/**
 * The inspector: a static page (no data inside) that polls `/admin/requests` (HTTP requests and
 * MLLP messages, with a filter) and `/admin/store` every 2 s and renders them with `textContent` only, so nothing in a request or a resource can
 * script the page (HAPI's test page had repeated reflected XSS; this page reflects nothing).
 *
 * @returns the HTML
 * @example
 * ```ts
 * res.type('text/html').send(inspectorPage());
 * ```
 */
export function inspectorPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mock-cerner inspector</title>
<style>
body{font:14px system-ui,sans-serif;margin:1.5rem;color:#222}h1{font-size:1.3rem}h2{font-size:1.05rem;margin-top:1.5rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:left;font-family:ui-monospace,monospace;font-size:12px}
.s2{color:#17692b}.s4{color:#a35b00}.s5{color:#b00020}#counts span{margin-right:1rem}pre{background:#f6f6f6;padding:.5rem;max-height:20rem;overflow:auto}
</style></head><body>
<h1>mock-cerner inspector</h1>
<div id="counts"></div><div id="err" class="s5"></div>
<h2>Requests and HL7 messages (newest first)</h2>
<label>show <select id="protocol"><option value="">HTTP and MLLP</option><option value="http">HTTP</option><option value="mllp">MLLP</option></select></label>
<table><thead><tr><th>time</th><th>method</th><th>path / message</th><th>status / ACK</th><th>ms</th><th>client / connection</th><th>fault</th></tr></thead><tbody id="requests"></tbody></table>
<h2>Store</h2>
<select id="type"><option>Patient</option><option>Encounter</option><option>Appointment</option><option>DocumentReference</option><option>Organization</option><option>Practitioner</option><option>Location</option></select>
<pre id="resources"></pre>
<script>
const el = (tag, text, cls) => { const e = document.createElement(tag); e.textContent = text ?? ''; if (cls) e.className = cls; return e; };
const ACK_CLASS = { AA: 's2', CA: 's2', AE: 's4', CE: 's4' };
function mllpCells(r) {
  const what = [r.messageType || (r.frameError ? 'bytes dropped: ' + r.frameError : '(does not parse)'), r.controlId ? 'MSH-10 ' + r.controlId : '',
    r.documentReferenceId ? 'DocumentReference/' + r.documentReferenceId + (r.duplicate ? ' (duplicate)' : '') : '', r.bytes + ' B'].filter(Boolean).join('  ');
  return [['MLLP', what, r.ack, r.connectionId ? 'connection ' + r.connectionId : ''], ACK_CLASS[r.ack] || 's5'];
}
async function refresh() {
  try { await load(); document.getElementById('err').textContent = ''; } catch (e) { document.getElementById('err').textContent = 'refresh failed: ' + String(e && e.message || e); }
}
async function load() {
  const [reqs, store] = await Promise.all([fetch('/admin/requests').then(r => r.json()), fetch('/admin/store?type=' + encodeURIComponent(document.getElementById('type').value)).then(r => r.json())]);
  const counts = document.getElementById('counts'); counts.replaceChildren(...Object.entries(store.counts).map(([k, v]) => el('span', k + ': ' + v)));
  const body = document.getElementById('requests'); const only = document.getElementById('protocol').value;
  body.replaceChildren(...reqs.filter(r => !only || r.protocol === only).reverse().slice(0, 200).map(r => { const tr = document.createElement('tr');
    const cells = r.protocol === 'mllp' ? mllpCells(r) : [[r.method, r.path, String(r.status), r.clientId], 's' + String(r.status)[0]];
    [r.at.slice(11, 23), cells[0][0], cells[0][1], cells[0][2], String(r.durationMs), cells[0][3], r.fault].forEach((v, i) => tr.append(el('td', v, i === 3 ? cells[1] : undefined))); return tr; }));
  document.getElementById('resources').textContent = JSON.stringify(store.resources ?? [], null, 2);
}
refresh(); setInterval(refresh, 2000); document.getElementById('type').onchange = refresh; document.getElementById('protocol').onchange = refresh;
</script></body></html>`;
}
