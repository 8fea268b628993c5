//! The record's words, in Chinese (the default) and English.
//!
//! The Chinese follows the terms of the 保密 office: 密级标志, 发文字号, 审查人, 审批意见.

use mijian_core::{FindingKind, Lang, Severity, Verdict};

/// Every label of the record in one language.
pub(crate) struct Words {
    pub(crate) lang: Lang,
    pub html_lang: &'static str,
    pub title: &'static str,
    pub subtitle: &'static str,
    pub checked_at: &'static str,
    pub host: &'static str,
    pub origin: &'static str,
    pub origin_cli: &'static str,
    pub origin_gateway: &'static str,
    pub tool: &'static str,
    pub rules_version: &'static str,
    pub builtin_rules: &'static str,
    pub on: &'static str,
    pub off: &'static str,
    pub dictionaries: &'static str,
    pub no_dictionaries: &'static str,
    pub index_label: &'static str,
    pub no_index: &'static str,
    pub matched_text: &'static str,
    pub masked: &'static str,
    pub shown: &'static str,
    pub overall: &'static str,
    pub no_files: &'static str,
    pub files_heading: &'static str,
    pub results_heading: &'static str,
    pub number: &'static str,
    pub file_name: &'static str,
    pub format: &'static str,
    pub size: &'static str,
    pub verdict: &'static str,
    pub not_read: &'static str,
    pub error_label: &'static str,
    pub reason_label: &'static str,
    pub by_rule: &'static str,
    pub level: &'static str,
    pub kind: &'static str,
    pub class: &'static str,
    pub rule: &'static str,
    pub location: &'static str,
    pub matched_column: &'static str,
    pub category_label: &'static str,
    pub why_label: &'static str,
    pub coverage_label: &'static str,
    pub needs_review: &'static str,
    pub sign_heading: &'static str,
    pub review_opinion: &'static str,
    pub reviewer: &'static str,
    pub signature: &'static str,
    pub date: &'static str,
    pub approval_opinion: &'static str,
    pub approver: &'static str,
    pub generated_by: &'static str,
    pub masked_note: &'static str,
    pub shown_note: &'static str,
}

const ZH: Words = Words {
    lang: Lang::Zh,
    html_lang: "zh-CN",
    title: "信息发布保密审查记录",
    subtitle: "密检（mijian）发布前保密技术检查结果，供审查人审核、签字后存档",
    checked_at: "检查时间",
    host: "检查主机",
    origin: "检查方式",
    origin_cli: "命令行（mijian scan）",
    origin_gateway: "上传网关，请求编号",
    tool: "检查工具",
    rules_version: "规则版本",
    builtin_rules: "内置规则（密级标志、发文字号、内置词典）",
    on: "启用",
    off: "停用",
    dictionaries: "规则文件",
    no_dictionaries: "无（仅内置规则）",
    index_label: "登记文档索引（摘录比对）",
    no_index: "未使用",
    matched_text: "命中原文",
    masked: "已遮蔽（仅显示形状，如 机*★*年）",
    shown: "照录原文（经操作人员要求）",
    overall: "总体结论",
    no_files: "无文件",
    files_heading: "一、送审文件",
    results_heading: "二、检查结果",
    number: "序号",
    file_name: "文件名",
    format: "格式",
    size: "大小（字节）",
    verdict: "结论",
    not_read: "未读取",
    error_label: "无法检查：",
    reason_label: "原因：",
    by_rule: "按规则计数：",
    level: "级别",
    kind: "类型",
    class: "密级/类别",
    rule: "规则",
    location: "位置",
    matched_column: "命中内容",
    category_label: "词条类别：",
    why_label: "判定依据：",
    coverage_label: "读取情况：",
    needs_review: "（须人工审核）",
    sign_heading: "三、审查意见",
    review_opinion: "审查意见",
    reviewer: "审查人",
    signature: "签字",
    date: "日期",
    approval_opinion: "审批意见",
    approver: "审批人",
    generated_by: "本记录由密检（mijian）生成，版本",
    masked_note: "命中原文已遮蔽；如需核对，请查阅原文件。",
    shown_note: "本记录照录命中原文，按涉密载体管理。",
};

const EN: Words = Words {
    lang: Lang::En,
    html_lang: "en",
    title: "Pre-publication confidentiality review record",
    subtitle: "Results of mijian's check before publication, for the reviewer to examine, sign and file",
    checked_at: "Checked at",
    host: "Host",
    origin: "Checked through",
    origin_cli: "command line (mijian scan)",
    origin_gateway: "upload gateway, request",
    tool: "Tool",
    rules_version: "Rules version",
    builtin_rules: "Built-in rules (markings, document numbers, shipped dictionary)",
    on: "on",
    off: "off",
    dictionaries: "Rule files",
    no_dictionaries: "none (built-in rules only)",
    index_label: "Index of registered documents (excerpts)",
    no_index: "none",
    matched_text: "Matched text",
    masked: "masked (shape only, e.g. 机*★*年)",
    shown: "shown as in the file (at the operator's request)",
    overall: "Overall verdict",
    no_files: "no files",
    files_heading: "1. Files submitted",
    results_heading: "2. Results",
    number: "No.",
    file_name: "File name",
    format: "Format",
    size: "Size (bytes)",
    verdict: "Verdict",
    not_read: "not read",
    error_label: "Could not be checked: ",
    reason_label: "Reason: ",
    by_rule: "Findings by rule: ",
    level: "Level",
    kind: "Kind",
    class: "Class",
    rule: "Rule",
    location: "Location",
    matched_column: "Matched",
    category_label: "Category: ",
    why_label: "Why: ",
    coverage_label: "Coverage: ",
    needs_review: " (needs a person's review)",
    sign_heading: "3. Review",
    review_opinion: "Reviewer's opinion",
    reviewer: "Reviewer",
    signature: "Signature",
    date: "Date",
    approval_opinion: "Approval",
    approver: "Approver",
    generated_by: "Made by mijian (密检), version",
    masked_note: "Matched text is masked; see the file itself to verify.",
    shown_note: "This record quotes the matched text: handle it as protected material.",
};

impl Words {
    /// The language of these words.
    pub(crate) fn lang(&self) -> Lang {
        self.lang
    }

    pub(crate) fn of(lang: Lang) -> &'static Words {
        match lang {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }

    pub(crate) fn verdict_word(&self, v: Verdict) -> &'static str {
        match (self.lang, v) {
            // The verdicts' own words (`Verdict::text`); an error is said to block too.
            (Lang::Zh, Verdict::Error) => "无法检查，不得发布",
            (Lang::Zh, v) => v.text(Lang::Zh),
            (Lang::En, Verdict::Block) => "must not be published",
            (Lang::En, Verdict::Review) => "a person must review",
            (Lang::En, Verdict::Pass) => "nothing found",
            (Lang::En, Verdict::Error) => "could not be checked, never publish",
        }
    }

    pub(crate) fn level_word(&self, s: Severity) -> &'static str {
        match (self.lang, s) {
            (Lang::Zh, Severity::Block) => "不得发布 block",
            (Lang::Zh, Severity::Review) => "需人工审核 review",
            (Lang::Zh, Severity::Info) => "提示 info",
            (Lang::En, s) => s.as_str(),
        }
    }

    pub(crate) fn kind_word(&self, k: FindingKind) -> &'static str {
        match (self.lang, k) {
            (Lang::Zh, FindingKind::Marking) => "密级标志",
            (Lang::Zh, FindingKind::Term) => "词典词条",
            (Lang::Zh, FindingKind::DocNumber) => "发文字号",
            (Lang::En, FindingKind::Marking) => "marking",
            (Lang::En, FindingKind::Term) => "dictionary term",
            (Lang::En, FindingKind::DocNumber) => "document number",
            (Lang::Zh, FindingKind::Excerpt) => "登记文档摘录",
            (Lang::En, FindingKind::Excerpt) => "excerpt of a registered document",
        }
    }

    /// `共 3 个文件：不得发布 1，…`, in the verdicts' own words.
    pub(crate) fn counts(&self, files: usize, counts: &[usize; 4]) -> String {
        let [pass, review, block, error] =
            [Verdict::Pass, Verdict::Review, Verdict::Block, Verdict::Error].map(|v| counts[v as usize]);
        match self.lang {
            Lang::Zh => format!(
                "共 {files} 个文件：{} {block}，{} {review}，{} {pass}，{} {error}",
                Verdict::Block.text(self.lang),
                Verdict::Review.text(self.lang),
                Verdict::Pass.text(self.lang),
                Verdict::Error.text(self.lang)
            ),
            Lang::En => format!("{files} file(s): {block} block, {review} review, {pass} pass, {error} error"),
        }
    }

    /// The index searched: `name` (already escaped) and how many documents it registers.
    pub(crate) fn index(&self, name: &str, documents: usize) -> String {
        match self.lang {
            Lang::Zh => format!("{name}，登记文档 {documents} 份"),
            Lang::En => format!("{name}, {documents} registered document(s)"),
        }
    }

    pub(crate) fn file_facts(&self, format: &str, size: u64, findings: u64) -> String {
        let format = crate::escape(format);
        match self.lang {
            Lang::Zh => format!("格式 {format}，{size} 字节，发现 {findings} 处"),
            Lang::En => format!("format {format}, {size} bytes, {findings} finding(s)"),
        }
    }

    pub(crate) fn truncated(&self, listed: usize, total: u64) -> String {
        match self.lang {
            Lang::Zh => format!("共发现 {total} 处，此处列出 {listed} 处（全部计入结论）。"),
            Lang::En => format!("{total} findings, {listed} listed (all of them count in the verdict)."),
        }
    }

    pub(crate) fn coverage(&self, read: usize, generic: usize, unread: usize) -> String {
        match self.lang {
            Lang::Zh => format!("已读取 {read} 个部分（其中通用方式读取 {generic} 个），未读取 {unread} 个"),
            Lang::En => format!("{read} part(s) read ({generic} of them generically), {unread} not read"),
        }
    }

    pub(crate) fn page(&self, n: u32) -> String {
        match self.lang {
            Lang::Zh => format!("第{n}页"),
            Lang::En => format!("page {n}"),
        }
    }

    pub(crate) fn paragraph(&self, n: u32) -> String {
        match self.lang {
            Lang::Zh => format!("第{n}段"),
            Lang::En => format!("¶{n}"),
        }
    }

    pub(crate) fn line(&self, n: u32) -> String {
        match self.lang {
            Lang::Zh => format!("第{n}行"),
            Lang::En => format!("line {n}"),
        }
    }

    pub(crate) fn column(&self, n: u32) -> String {
        match self.lang {
            Lang::Zh => format!("第{n}列"),
            Lang::En => format!("col {n}"),
        }
    }
}
