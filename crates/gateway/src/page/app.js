// mijian staff page: posts the chosen files to v1/scan?reveal=1&record=1 and shows the answer.
// Everything from the server is put in the page with textContent, never as HTML: the matched
// text and context come from the uploaded file and may contain anything. The review record is
// HTML made by the server (every string in it escaped there); it is only ever opened as a
// document of its own, from a blob: address, never inserted into this page.
"use strict";

const $ = (id) => document.getElementById(id);

// Every text of the page, in Chinese (the default) and English.
const WORDS = {
  zh: {
    "title": "密检 mijian · 发布前保密检查",
    "subtitle": "mijian · 发布前保密检查",
    "intro": "选择或拖入要发布的文件，查看检查结果。文件只在本服务器上检查，不会保存。",
    "token": "访问令牌",
    "token-label": "访问令牌（工作人员）：",
    "token-hint": "服务器使用令牌文件时需要。只保存在本标签页。",
    "drop": "拖入文件，或点击选择",
    "verdict": "结论",
    "record-open": "打开审查记录（可打印）",
    "record-download": "下载审查记录",
    "record-hint": "审查记录中命中原文已遮蔽，供签字存档。",
    "legend": "block 不得发布 · review 需人工审核 · pass 未发现问题 · error 无法检查（不得发布）",
    "th-level": "级别", "th-kind": "类型", "th-location": "位置", "th-context": "上下文", "th-why": "依据", "th-rule": "规则",
    "switch": "English",
    "checking": (n) => "检查中… 共 " + n + " 个文件",
    "failed": (m) => "请求失败：" + m,
    "unreachable": (e) => "无法连接服务器：" + e,
    "meta": (a) => "请求 " + a.request_id + " · 规则版本 " + a.rules_version + " · " + a.duration_ms.toFixed(1) + " 毫秒" +
      (a.masked ? " · 命中原文已由服务器遮蔽" : ""),
    "bytes": (n) => n + " 字节",
    "ms": (n) => n.toFixed(1) + " 毫秒",
    "truncated": (n) => "共 " + n + " 处，未全部列出",
    "page": (n) => "第" + n + "页", "paragraph": (n) => "第" + n + "段", "line": (n) => "第" + n + "行", "column": (n) => "第" + n + "列",
    "verdicts": { block: "不得发布", review: "需人工审核", pass: "未发现问题", error: "无法检查" },
    // The verdicts' own words (core's Verdict::text / Severity::text): one vocabulary at the desk.
    "levels": { block: "不得发布", review: "需人工审核", info: "提示" },
    "classes": { info: "提示", allow: "放行" },
    "kinds": { "marking": "密级标志", "term": "词典词条", "doc-number": "发文字号", "excerpt": "登记文档摘录" },
    "record-file": (id) => "信息发布保密审查记录-" + id + ".html",
  },
  en: {
    "title": "mijian (密检) · check before publishing",
    "subtitle": "mijian · check before publishing",
    "intro": "Pick or drop the files you mean to publish. They are checked on this server and not kept.",
    "token": "Access token",
    "token-label": "Bearer token (staff):",
    "token-hint": "Needed when the server uses a token file; kept in this tab only.",
    "drop": "Drop files here, or click to pick",
    "verdict": "Verdict",
    "record-open": "Open the review record (printable)",
    "record-download": "Download the review record",
    "record-hint": "The record masks the matched text; it is for signing and filing.",
    "legend": "block: must not be published · review: a person must look · pass: nothing found · error: could not be checked (never publish)",
    "th-level": "Level", "th-kind": "Kind", "th-location": "Location", "th-context": "Context", "th-why": "Why", "th-rule": "Rule",
    "switch": "中文",
    "checking": (n) => "checking " + n + " file(s)…",
    "failed": (m) => "the request failed: " + m,
    "unreachable": (e) => "cannot reach the server: " + e,
    "meta": (a) => "request " + a.request_id + " · rules " + a.rules_version + " · " + a.duration_ms.toFixed(1) + " ms" +
      (a.masked ? " · matched text masked by the server" : ""),
    "bytes": (n) => n + " bytes",
    "ms": (n) => n.toFixed(1) + " ms",
    "truncated": (n) => n + " findings, not all listed",
    "page": (n) => "page " + n, "paragraph": (n) => "¶" + n, "line": (n) => "line " + n, "column": (n) => "col " + n,
    "verdicts": { block: "block", review: "review", pass: "pass", error: "error" },
    "levels": { block: "block", review: "review", info: "info" },
    "classes": {},
    "kinds": { "marking": "marking", "term": "term", "doc-number": "doc-number", "excerpt": "excerpt" },
    "record-file": (id) => "review-record-" + id + ".html",
  },
};

// The server opens the page in the browser's language; a choice made with the switch wins.
let lang = localStorage.getItem("mijian-lang") || document.documentElement.dataset.lang || "zh";
if (!WORDS[lang]) lang = "zh";
const t = (key) => WORDS[lang][key];

function translate(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
}

let lastAnswer = null;
// The language the server wrote the last answer's texts for people in (`format_text`,
// `reason_text`, `why_text`): the page's when it asked. After a switch they are in the other
// language, so the page shows the ids and the contract's English instead (`said`).
let answerLang = null;
let recordUrl = null;

function applyLanguage() {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.documentElement.dataset.lang = lang;
  document.title = t("title");
  translate(document);
  const sw = $("lang-switch");
  sw.textContent = t("switch");
  sw.lang = lang === "zh" ? "en" : "zh-CN";
  if (lastAnswer) show(lastAnswer);
}

$("lang-switch").addEventListener("click", () => {
  lang = lang === "zh" ? "en" : "zh";
  localStorage.setItem("mijian-lang", lang);
  applyLanguage();
});

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
  if (loc.page) bits.push(t("page")(loc.page));
  if (loc.paragraph) bits.push(t("paragraph")(loc.paragraph));
  if (loc.line) bits.push(t("line")(loc.line));
  if (loc.column) bits.push(t("column")(loc.column));
  if (loc.field) bits.push("[" + loc.field + "]");
  return bits.join(" ");
}

function verdictBadge(el, verdict) {
  el.textContent = t("verdicts")[verdict] || verdict;
  el.className = "verdict " + verdict;
  el.dataset.verdict = verdict;
}

async function scan(files) {
  const status = $("status");
  $("result").hidden = true;
  const form = new FormData();
  for (const f of files) form.append("file", f, f.name);
  const headers = {};
  const token = tokenInput.value.trim();
  if (token) headers["Authorization"] = "Bearer " + token;
  // The answer's texts for people in the page's language, whatever the browser prefers.
  headers["Accept-Language"] = lang === "zh" ? "zh-CN" : "en";
  const asked = lang;
  status.textContent = t("checking")(files.length);
  status.className = "";
  let answer;
  try {
    const resp = await fetch("v1/scan?reveal=1&record=1", { method: "POST", body: form, headers });
    answer = await resp.json().catch(() => null);
    if (!resp.ok) {
      const msg = answer && answer.error ? answer.error.message : resp.status + " " + resp.statusText;
      status.textContent = t("failed")(msg);
      status.className = "failed";
      if (resp.status === 401) $("token-box").open = true;
      return;
    }
  } catch (e) {
    status.textContent = t("unreachable")(e);
    status.className = "failed";
    return;
  }
  status.textContent = "";
  lastAnswer = answer;
  answerLang = asked;
  show(answer);
}

function show(answer) {
  verdictBadge($("overall"), answer.verdict);
  $("meta").textContent = t("meta")(answer);
  offerRecord(answer);
  const box = $("files");
  box.replaceChildren();
  for (const f of answer.files) box.appendChild(fileCard(f));
  $("result").hidden = false;
}

// The record in the page's language, opened or saved from a blob: address of this origin.
function offerRecord(answer) {
  if (recordUrl) URL.revokeObjectURL(recordUrl);
  recordUrl = null;
  const html = answer.record && answer.record[lang];
  $("record-bar").hidden = !html;
  if (!html) return;
  recordUrl = URL.createObjectURL(new Blob([html], { type: "text/html;charset=utf-8" }));
  $("record-open").href = recordUrl;
  const save = $("record-download");
  save.href = recordUrl;
  save.download = t("record-file")(answer.request_id);
}

// The answer's text for people when it is in the page's language, else `fallback`.
function said(text, fallback) {
  return answerLang === lang && text ? text : fallback;
}

function fileCard(f) {
  const card = $("file-template").content.firstElementChild.cloneNode(true);
  translate(card);
  card.querySelector(".name").textContent = f.name;
  verdictBadge(card.querySelector(".verdict"), f.verdict);
  card.dataset.verdict = f.verdict;
  const facts = [said(f.format_text, f.format), t("bytes")(f.size), "sha256 " + (f.sha256 || "—").slice(0, 16) + "…"];
  if (f.duration_ms !== undefined) facts.push(t("ms")(f.duration_ms));
  card.querySelector(".facts").textContent = facts.join(" · ");
  card.querySelector(".reason").textContent = said(f.reason_text, f.reason) || "";
  const body = card.querySelector("tbody");
  for (const x of f.findings) {
    const tr = document.createElement("tr");
    tr.className = "finding " + x.level;
    tr.dataset.level = x.level;
    tr.appendChild(text("td", (t("levels")[x.level] || x.level) + " · " + (t("classes")[x.class] || x.class), "level"));
    tr.appendChild(text("td", t("kinds")[x.kind] || x.kind));
    tr.appendChild(text("td", where(x.location), "location"));
    const ctx = text("td", null, "context");
    ctx.appendChild(text("span", x.before || ""));
    ctx.appendChild(text("mark", x.matched));
    ctx.appendChild(text("span", x.after || ""));
    tr.appendChild(ctx);
    tr.appendChild(text("td", (said(x.why_text, x.why) || []).join(lang === "zh" ? "；" : "; "), "why"));
    tr.appendChild(text("td", x.rule + (x.category ? " (" + x.category + ")" : ""), "rule"));
    body.appendChild(tr);
  }
  if (!f.findings.length) card.querySelector(".findings").hidden = true;
  if (f.truncated) card.querySelector(".facts").textContent += " · " + t("truncated")(f.findings_total);
  const members = card.querySelector(".members");
  for (const m of f.members || []) members.appendChild(fileCard(m));
  return card;
}

applyLanguage();
