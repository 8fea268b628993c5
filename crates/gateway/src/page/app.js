// mijian staff page: posts the chosen files to v1/scan?reveal=1 and shows the answer.
// Everything from the server is put in the page with textContent, never as HTML: the matched
// text and context come from the uploaded file and may contain anything.
"use strict";

const $ = (id) => document.getElementById(id);
const tokenInput = $("token");
tokenInput.value = sessionStorage.getItem("mijian-token") || "";
tokenInput.addEventListener("change", () => sessionStorage.setItem("mijian-token", tokenInput.value.trim()));

const drop = $("drop");
const picker = $("file");
picker.addEventListener("change", () => {
  if (!picker.files.length) return;
  const chosen = [...picker.files];
  picker.value = ""; // the next pick starts afresh, even with the same file
  scan(chosen);
});
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  if (e.dataTransfer.files.length) scan(e.dataTransfer.files);
});
drop.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); picker.click(); } });

function text(tag, content, cls) {
  const el = document.createElement(tag);
  if (content !== undefined && content !== null) el.textContent = String(content);
  if (cls) el.className = cls;
  return el;
}

function where(loc) {
  const bits = [loc.part];
  if (loc.page) bits.push("page " + loc.page);
  if (loc.paragraph) bits.push("¶" + loc.paragraph);
  if (loc.line) bits.push("line " + loc.line);
  if (loc.column) bits.push("col " + loc.column);
  if (loc.field) bits.push("[" + loc.field + "]");
  return bits.join(" ");
}

async function scan(files) {
  const status = $("status");
  $("result").hidden = true;
  const form = new FormData();
  for (const f of files) form.append("file", f, f.name);
  const headers = {};
  const token = tokenInput.value.trim();
  if (token) headers["Authorization"] = "Bearer " + token;
  status.textContent = "检查中… checking " + files.length + " file(s)";
  status.className = "";
  let answer;
  try {
    const resp = await fetch("v1/scan?reveal=1", { method: "POST", body: form, headers });
    answer = await resp.json().catch(() => null);
    if (!resp.ok) {
      const msg = answer && answer.error ? answer.error.message : resp.status + " " + resp.statusText;
      status.textContent = "请求失败 / the request failed: " + msg;
      status.className = "failed";
      if (resp.status === 401) $("token-box").open = true;
      return;
    }
  } catch (e) {
    status.textContent = "无法连接服务器 / cannot reach the server: " + e;
    status.className = "failed";
    return;
  }
  status.textContent = "";
  show(answer);
}

function show(answer) {
  const overall = $("overall");
  overall.textContent = answer.verdict;
  overall.className = "verdict " + answer.verdict;
  $("meta").textContent = "request " + answer.request_id + " · rules " + answer.rules_version +
    " · " + answer.duration_ms.toFixed(1) + " ms" + (answer.masked ? " · matched text masked by the server" : "");
  const box = $("files");
  box.replaceChildren();
  for (const f of answer.files) box.appendChild(fileCard(f));
  $("result").hidden = false;
}

function fileCard(f) {
  const card = $("file-template").content.firstElementChild.cloneNode(true);
  card.querySelector(".name").textContent = f.name;
  const v = card.querySelector(".verdict");
  v.textContent = f.verdict;
  v.className = "verdict " + f.verdict;
  card.dataset.verdict = f.verdict;
  const facts = [f.format, f.size + " bytes", "sha256 " + (f.sha256 || "—").slice(0, 16) + "…"];
  if (f.duration_ms !== undefined) facts.push(f.duration_ms.toFixed(1) + " ms");
  card.querySelector(".facts").textContent = facts.join(" · ");
  card.querySelector(".reason").textContent = f.reason || "";
  const body = card.querySelector("tbody");
  for (const x of f.findings) {
    const tr = document.createElement("tr");
    tr.className = "finding " + x.level;
    tr.appendChild(text("td", x.level + " · " + x.class, "level"));
    tr.appendChild(text("td", x.kind));
    tr.appendChild(text("td", where(x.location), "location"));
    const ctx = text("td", null, "context");
    ctx.appendChild(text("span", x.before || ""));
    ctx.appendChild(text("mark", x.matched));
    ctx.appendChild(text("span", x.after || ""));
    tr.appendChild(ctx);
    tr.appendChild(text("td", (x.why || []).join("; ")));
    tr.appendChild(text("td", x.rule + (x.category ? " (" + x.category + ")" : ""), "rule"));
    body.appendChild(tr);
  }
  if (!f.findings.length) card.querySelector(".findings").hidden = true;
  if (f.truncated) card.querySelector(".facts").textContent += " · " + f.findings_total + " findings, not all listed";
  const members = card.querySelector(".members");
  for (const m of f.members || []) members.appendChild(fileCard(m));
  return card;
}
