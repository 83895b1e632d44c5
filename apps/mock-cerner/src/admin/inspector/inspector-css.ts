/** The inspector's stylesheet, served as `/admin/inspector.css`. */
export const INSPECTOR_CSS = `body{font:14px system-ui,sans-serif;margin:1rem;color:#222}
h1{font-size:1.2rem;display:inline;margin-right:1rem}h2{font-size:1rem;margin:.5rem 0}
header{display:flex;gap:.6rem;align-items:center;flex-wrap:wrap;border-bottom:1px solid #ccc;padding-bottom:.5rem}
main{display:grid;grid-template-columns:3fr 2fr;gap:1rem}section{min-width:0}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.2rem .4rem;text-align:left;font:12px ui-monospace,monospace;word-break:break-all}
tbody tr{cursor:pointer}tbody tr:hover{background:#eef}tr.sel{background:#dde}
.s2{color:#17692b}.s4{color:#a35b00}.s5,.s0,.err{color:#b00020}
pre{background:#f6f6f6;padding:.5rem;max-height:24rem;overflow:auto;white-space:pre-wrap;word-break:break-all}
.filters{display:flex;gap:.3rem;flex-wrap:wrap;margin-bottom:.4rem}.filters input{width:8rem}
#counts span{margin-right:.8rem}dt{font-weight:600}dd{margin:0 0 .3rem 1rem;font:12px ui-monospace,monospace}
a{cursor:pointer;color:#0645ad;text-decoration:underline}`;
