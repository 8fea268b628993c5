//! Every marking form, and the mentions that must not fire.

use crate::{Class, FindOptions, FindingKind, Location, Role, Rules, Segment, Severity, Signal};

fn scan_role(role: Role, text: &str) -> Vec<crate::Finding> {
    let seg = Segment::new(Location::part("p").with_line(1), role, text);
    Rules::builtin()
        .find(std::slice::from_ref(&seg), &FindOptions::default())
        .findings
        .into_iter()
        .filter(|f| f.kind == FindingKind::Marking)
        .collect()
}

/// The marking findings of a body text whose first line is far from the head.
fn in_prose(text: &str) -> Vec<crate::Finding> {
    let filler = "正文第一段。\n正文第二段。\n正文第三段。\n正文第四段。\n正文第五段。\n正文第六段。\n";
    scan_role(Role::Body, &format!("{filler}{text}"))
}

fn worst(f: &[crate::Finding]) -> Option<Severity> {
    f.iter().map(|f| f.severity).max()
}

#[test]
fn state_secret_marks_with_star_and_period_block_anywhere() {
    for mark in [
        "机密★1年",
        "秘密★6个月",
        "绝密★长期",
        "机密★20年",
        "秘密★2027年12月31日",
        "绝密★启用前",
        "机密★解密条件：项目结束",
        "机密☆1年",
        "机密*1年",
        "机密＊1年",
        "机 密 ★ 1 年",
        "机　密★１年",
        "機密★1年",
        "絕密★啟用前",
        "机\u{200B}密★1年",
        "机密 ★ 十年",
        "秘密★三个月",
        "机密★壹年",
        "机密✦1年",
        "绝密⋆启用前",
        "秘密※6个月",
        "机密⭐10年",
        "机密✱1年",
        "秘密﹡1年",
        "祕密★1年",
        "机宻★1年",
        "絶密★長期",
        "机\u{202B}密\u{202C}★1年",
        "\u{202E}年1★密机\u{202C}",
        "秘密★开标前",
        "绝密★会议结束后收回",
        "机密★项目验收后",
    ] {
        let f = in_prose(mark);
        assert_eq!(worst(&f), Some(Severity::Block), "{mark}: {f:?}");
        assert!(matches!(f[0].signals[0], Signal::Star { .. }), "{mark}: {:?}", f[0].signals);
    }
    let f = in_prose("本文件机密★1年，请妥善保管。");
    assert_eq!(worst(&f), Some(Severity::Block), "unquoted in prose is still the document's mark");
    assert_eq!(f[0].class, Class::Secret);
}

#[test]
fn the_mark_in_the_head_says_why() {
    let f = scan_role(Role::Body, "000123\n机密★1年\n特急\n国务院办公厅文件\n国办发〔2012〕12号");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        f[0].signals,
        [
            Signal::Star { level: "机密".into() },
            Signal::Period { period: "1年".into() },
            Signal::AloneOnLine,
            Signal::HeadLine { line: 2 },
            Signal::AfterCopyNumber,
        ]
    );
    // `why` is the same signals in English, as the JSON contract always had them.
    assert_eq!(f[0].why, f[0].signals.iter().map(ToString::to_string).collect::<Vec<_>>());
    assert_eq!(f[0].why[3], "on line 2 of the document head");
    assert_eq!(f[0].location.line, Some(2));
}

#[test]
fn a_lone_level_word_blocks_in_head_header_footer_and_properties() {
    for (role, text) in [
        (Role::Body, "000123\n秘密\n关于加强管理的通知"),
        (Role::Body, "秘  密\n特急"),
        (Role::Body, "机密 特急\n关于……"),
        (Role::Header, "秘密"),
        (Role::Footer, "第 1 页\n绝密"),
        (Role::Properties, "机密"),
        (Role::Body, "000123\n\n機密\n"),
        (Role::Body, "机密件\n关于加强管理的通知"),
        (Role::Header, "秘密件"),
    ] {
        let f = scan_role(role, text);
        assert_eq!(worst(&f), Some(Severity::Block), "{role:?} {text}: {f:?}");
        assert_eq!(f[0].rule, "marking.level-alone");
    }
    // `机密文件` alone may be a heading: asked about, at the head.
    let f = scan_role(Role::Body, "机密文件\n关于加强管理的通知");
    assert_eq!(worst(&f), Some(Severity::Review), "{f:?}");
    assert!(scan_role(Role::Body, "第一章 总则\n第一条 为加强管理，制定本办法。\n秘密件应当专人送达。").is_empty());
    // A title wrapped after the level's words.
    for text in ["机密文件\n的管理规定", "机密\n的管理规定", "秘密件\n、机密件的传递"] {
        assert!(scan_role(Role::Body, text).is_empty(), "{text}");
    }
}

#[test]
fn a_level_and_a_period_whose_star_is_missing_block_where_marks_stand() {
    // The star drawn as a picture or a shape, or dropped by a conversion (a PDF's symbol font
    // without a Unicode map): the level and its period alone on the mark's line.
    for (role, text) in [
        (Role::Body, "000123\n机密 1年\n关于加强管理的通知"),
        (Role::Body, "机密（1年）\n关于加强管理的通知"),
        (Role::Body, "000123\n秘密：6个月\n特急"),
        (Role::Body, "绝密　启用前\n2025年全国统一考试"),
        (Role::Body, "000123\n机密-2027年12月31日\n"),
        (Role::Header, "机密 10年"),
        (Role::Footer, "第 1 页\n秘密 长期"),
    ] {
        let f = scan_role(role, text);
        assert_eq!(worst(&f), Some(Severity::Block), "{role:?} {text}: {f:?}");
        assert_eq!(f[0].rule, "marking.level-alone", "{text}");
        assert!(f[0].signals.iter().any(|s| matches!(s, Signal::Period { .. })), "{text}: {:?}", f[0].signals);
    }
    // A table of levels and their longest periods at the top of a regulation, the same words in
    // running text, and a level with a period deep in the body are mentions.
    for (role, text) in [
        (Role::Body, "绝密 30年\n机密 20年\n秘密 10年\n国家秘密的保密期限，除另有规定外，不超过上表所列年限。"),
        (Role::Body, "密级与保密期限\n机密\t20年\n秘密\t10年\n"),
        (Role::Body, "机密级事项的保密期限一般为20年。\n"),
        (Role::Body, "正文第一段。\n正文第二段。\n正文第三段。\n正文第四段。\n正文第五段。\n正文第六段。\n机密 1年\n"),
    ] {
        let f = scan_role(role, text);
        assert!(worst(&f) != Some(Severity::Block), "{text}: {f:?}");
    }
}

#[test]
fn a_list_of_levels_at_the_top_is_a_mention() {
    let f = scan_role(Role::Body, "密级管理\n密级\n秘密\n机密\n绝密\n说明");
    assert!(f.is_empty(), "{f:?}");
    let f = scan_role(Role::Body, "试题\n一、选择题\n国家秘密的最高密级是\n绝密\n");
    assert!(f.is_empty(), "deeper than line 3 without a 份号: {f:?}");
    let f = scan_role(Role::Body, "000123\n特急\n\n秘密\n");
    assert!(!f.is_empty(), "{f:?}");
}

#[test]
fn a_lone_level_word_under_a_sentence_is_running_text() {
    // A story or a quiz: the word alone on its line, within the first three lines, but under a
    // sentence, which no document head holds.
    for text in [
        "第一章\n她心里藏着一个秘密。\n秘密\n这两个字一直萦绕在她心头。",
        "问：国家秘密的最高密级是什么？\n绝密\n",
        "他压低声音说：这件事绝对不能外传！\n机密\n",
    ] {
        let f = scan_role(Role::Body, text);
        assert!(worst(&f) != Some(Severity::Block), "{text}: {f:?}");
    }
    // A head's own lines are no sentences: the mark under a 份号, a banner or urgency still blocks.
    for text in ["000123\n秘密\n关于加强管理的通知", "某某市人民政府文件\n机密\n", "特急\n绝密\n"]
    {
        let f = scan_role(Role::Body, text);
        assert_eq!(worst(&f), Some(Severity::Block), "{text}: {f:?}");
    }
}

#[test]
fn a_lone_level_word_deep_in_the_body_is_a_mention() {
    // A table of levels in a regulation: cells hold the bare words.
    let f = in_prose("密级\n秘密\n机密\n绝密");
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn mentions_in_prose_do_not_fire() {
    for text in [
        "机密级载体不得通过普通邮政寄递，须由专人送达。",
        "秘密级以上的资料，借阅后须当日归还保密室。",
        "该公司员工泄露商业机密被起诉。",
        "电影《秘密花园》今日上映。",
        "加强保密工作，增强保密意识。",
        "绝密、机密、秘密三个密级的国家秘密",
        "国家秘密的密级分为绝密、机密、秘密三级。",
        "依法不予公开的政府信息，应当告知申请人。",
        "内部文件的管理应当严格。",
        "普通商密信息的管理办法",
        "**机密**文件的管理",
        "秘密★",
    ] {
        let f = in_prose(text);
        assert!(worst(&f) != Some(Severity::Block), "{text}: {f:?}");
        if text != "秘密★" {
            assert!(f.is_empty(), "{text}: {f:?}");
        }
    }
}

#[test]
fn public_regulations_in_the_head_pass() {
    // A regulation's title and first lines talk about secrets without being marked.
    let f = scan_role(
        Role::Body,
        "中华人民共和国保守国家秘密法\n（2024年2月27日修订）\n第一章 总则\n第一条 为了保守国家秘密，维护国家安全和利益，制定本法。",
    );
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn quoted_examples_are_at_most_review() {
    for text in [
        "国家秘密标志形式为\"密级★保密期限\"，如\"机密★10年\"。",
        "标志形式为“机密★10年”",
        "例如绝密★长期的文件，应当存放于保密柜。",
        "文件首页标注机密★5年字样的，不得上网。",
    ] {
        let f = in_prose(text);
        assert_eq!(worst(&f), Some(Severity::Review), "{text}: {f:?}");
        assert_eq!(f[0].rule, "marking.quoted-example", "{text}");
    }
}

#[test]
fn disclosure_marks() {
    let f = in_prose("（此件不予公开）");
    assert_eq!(worst(&f), Some(Severity::Block), "{f:?}");
    assert_eq!(f[0].class, Class::NotForRelease);
    assert_eq!(worst(&in_prose("(此件不公开)")), Some(Severity::Block));
    assert_eq!(worst(&in_prose("不予公开")), Some(Severity::Block));
    assert_eq!(worst(&in_prose("此件不予公开，仅供参考。")), Some(Severity::Block));
    assert_eq!(worst(&in_prose("文件末尾标注“此件不予公开”的，不得上网。")), Some(Severity::Review));
    // The document's own words carrying a sentence on: talked about, or said in passing.
    for text in ["对于此件不予公开的情形，应当说明理由。", "此件不予公开的原因另行说明。"]
    {
        let f = in_prose(text);
        assert_eq!(worst(&f), Some(Severity::Review), "{text}: {f:?}");
    }
    assert!(in_prose("（此件公开发布）").is_empty());
    let f = in_prose("依法不予公开的政府信息，应当告知申请人。\n（此件公开发布）");
    assert!(f.is_empty(), "a mention next to a disclosure attribute stays a mention: {f:?}");
    assert!(in_prose("依申请公开的政府信息，应当按照申请人要求的形式提供。").is_empty(), "a mention");
}

#[test]
fn a_disclosure_attribute_in_its_field_or_naming_the_document_otherwise_is_a_mark() {
    // 版记 fields and other ways a document names itself, as offices write them.
    for text in [
        "（本件不予公开）",
        "（此文件不予公开）",
        "本文件不公开",
        "（此件不宜公开）",
        "（此件免予公开）",
        "信息公开选项：不予公开",
        "公开方式：不予公开",
        "公开属性：不公开",
        "政务公开选项: 免予公开",
        "信息公开选项：不予公开　　　　抄送：市委办公室",
    ] {
        let f = in_prose(text);
        assert_eq!(worst(&f), Some(Severity::Block), "{text}: {f:?}");
        assert_eq!(f[0].rule, "marking.not-for-release", "{text}");
    }
    for text in ["信息公开选项：依申请公开", "公开方式：删减后公开", "（本件依申请公开）"]
    {
        let f = in_prose(text);
        assert_eq!(worst(&f), Some(Severity::Review), "{text}: {f:?}");
        assert_eq!(f[0].rule, "marking.limited-disclosure", "{text}");
    }
    for public in [
        "信息公开选项：主动公开",
        "公开方式：主动公开",
        "（本件公开发布）",
        "公开方式：不予公开的信息，应当说明理由。",
        "公开属性分为主动公开、依申请公开和不予公开三类。",
        "涉及个人隐私的信息不宜公开，应当依法处理。",
    ] {
        let f = in_prose(public);
        assert!(worst(&f) < Some(Severity::Block), "{public}: {f:?}");
    }
    // A guide listing the attributes as fields: talked about, not declared.
    let f = in_prose("公开方式：主动公开\n公开方式：不予公开\n");
    assert_eq!(worst(&f), Some(Severity::Review), "{f:?}");
}

#[test]
fn internal_marks_as_offices_write_them() {
    for text in
        ["内部文件 注意保密", "内部资料 严禁扩散", "内部刊物，注意保存", "内部通报 请勿外传", "内部资料 不得翻印"]
    {
        let f = in_prose(text);
        assert_eq!(worst(&f), Some(Severity::Review), "{text}: {f:?}");
    }
    for head in ["内部明电", "内部读物", "仅供内部参考"] {
        let f = scan_role(Role::Body, &format!("{head}\n关于做好年度工作的通知\n各单位：现将有关事项通知如下。\n"));
        assert_eq!(worst(&f), Some(Severity::Review), "{head}: {f:?}");
    }
    assert!(in_prose("内部文件的管理应当注意保密工作。").is_empty());
}

/// Keep it, do not pass it on, hand it back: the second half of an internal mark in the other
/// words offices use; and the other heads of internal material alone on their line.
#[test]
fn internal_marks_in_other_words_ask_for_review() {
    for text in [
        "内部资料 请勿转发",
        "内部资料 禁止外传",
        "内部资料 请妥善保管",
        "内部资料 阅后收回",
        "内部材料 用后退回",
        "内部刊物 仅供参考",
        "内部资料 不得复制",
        "内部资料 未经允许不得外传",
        "内部资料 禁止转载",
        "内部资料 请勿上网",
        "内部资料·注意保存",
    ] {
        let f = in_prose(text);
        assert_eq!(worst(&f), Some(Severity::Review), "{text}: {f:?}");
        assert_eq!(f[0].rule, "marking.internal", "{text}");
    }
    for head in ["限内部使用", "仅限内部交流", "内部传阅"] {
        let f = scan_role(Role::Body, &format!("{head}\n关于做好年度工作的通知\n各单位：现将有关事项通知如下。\n"));
        assert_eq!(worst(&f), Some(Severity::Review), "{head}: {f:?}");
    }
    for public in ["加强内部管理，提高工作效率。", "内部控制制度应当妥善执行。", "单位内部交流学习心得体会。"]
    {
        assert!(in_prose(public).is_empty(), "{public}");
    }
}

#[test]
fn a_star_in_brackets_or_any_symbol_for_the_star_on_the_mark_line_blocks() {
    for mark in ["机密（★）1年", "秘密(★)6个月", "绝密【★】启用前", "机密级★1年"] {
        let f = in_prose(mark);
        assert_eq!(worst(&f), Some(Severity::Block), "{mark}: {f:?}");
    }
    for mark in ["机密●1年", "机密#1年", "机密✡1年", "秘密⛤6个月", "绝密■启用前", "机密◆10年"]
    {
        let f =
            scan_role(Role::Body, &format!("000123\n{mark}\n关于做好年度工作的通知\n各单位：现将有关事项通知如下。\n"));
        assert_eq!(worst(&f), Some(Severity::Block), "{mark}: {f:?}");
        let f = in_prose(&format!("第三条 {mark}的文件应当妥善保管。"));
        assert!(f.is_empty(), "{mark} in a sentence: {f:?}");
    }
}

/// However an office words "not to be published" in its attribute, it is the attribute; the same
/// words in a sentence about information are not.
#[test]
fn the_attribute_in_other_words_for_not_publishing_is_a_mark() {
    for text in [
        "（此件不予主动公开）",
        "（此件不对外公开）",
        "（此件不得公开）",
        "（此件暂不公开）",
        "（此件不在网上公开）",
        "（此件不上网）",
        "（此件不得上网）",
        "（此件不予社会公开）",
        "（此件不向社会公开）",
        "（本件不得对外公开）",
        "公开属性：不对外公开",
        "不对外公开",
    ] {
        let f = in_prose(text);
        assert_eq!(worst(&f), Some(Severity::Block), "{text}: {f:?}");
        assert_eq!(f[0].rule, "marking.not-for-release", "{text}");
    }
    for text in ["（此件限内部公开）", "（此件内部公开）", "公开方式：仅限内部公开"] {
        let f = in_prose(text);
        assert_eq!(worst(&f), Some(Severity::Review), "{text}: {f:?}");
        assert_eq!(f[0].rule, "marking.limited-disclosure", "{text}");
    }
    for public in [
        "涉及国家秘密的信息不得公开。",
        "个人隐私信息不对外公开，依法予以保护。",
        "考试成绩暂不公开，请考生耐心等待。",
        "评审专家名单在评审结束前不得对外公布。",
        "党务公开的内容包括内部公开和对外公开。",
    ] {
        let f = in_prose(public);
        assert!(f.is_empty(), "{public}: {f:?}");
    }
}

#[test]
fn disclosure_on_request_or_after_redaction_asks_for_review() {
    for text in ["（此件依申请公开）", "(此件删减后公开)", "此件依申请公开", "依申请公开"] {
        let f = in_prose(text);
        assert_eq!(worst(&f), Some(Severity::Review), "{text}: {f:?}");
        assert_eq!(f[0].rule, "marking.limited-disclosure", "{text}");
    }
}

#[test]
fn a_guide_listing_the_disclosure_attributes_is_not_a_mark() {
    let f = in_prose("公文的公开属性分为三种：\n（此件公开发布）\n（此件依申请公开）\n（此件不予公开）\n");
    assert_eq!(worst(&f), Some(Severity::Review), "{f:?}");
    let f = in_prose("附注一般写作（此件公开发布）、（此件依申请公开）或（此件不予公开）。");
    assert!(worst(&f) <= Some(Severity::Review), "{f:?}");
    // The same guide, one attribute per paragraph (per segment).
    let segs: Vec<Segment> = ["公开属性有三种：", "（此件公开发布）", "（此件依申请公开）", "（此件不予公开）"]
        .iter()
        .enumerate()
        .map(|(i, t)| Segment::new(Location::part("p").with_paragraph(i as u32 + 10), Role::Body, *t))
        .collect();
    let out = Rules::builtin().find(&segs, &FindOptions::default());
    assert_eq!(out.worst, Some(Severity::Review), "{:?}", out.findings);
}

#[test]
fn drafting_forms_with_a_ticked_level_block() {
    for text in [
        "发文稿纸\n密级：□绝密 ☑机密 □秘密　保密期限：10年\n标题：关于……",
        "密级 ■秘密 保密期限 6个月",
        "密级：( )绝密 (√)机密 ( )秘密\n保密期限：二十年",
        "密级：绝密□ 机密☒ 秘密□ 保密期限：长期",
        "密级：□绝密 □机密 ✔秘密\n保密期限：1年",
        "密级：□绝密 □机密 ✓秘密\n保密期限：1年",
    ] {
        let f = scan_role(Role::Body, text);
        assert_eq!(worst(&f), Some(Severity::Block), "{text}: {f:?}");
        assert!(f.iter().any(|f| f.rule == "marking.drafting-form"), "{text}: {f:?}");
    }
    // The form as table cells, one segment each.
    let segs: Vec<Segment> = ["发文稿纸", "密级", "□绝密 √机密 □秘密", "保密期限", "十年", "签发"]
        .iter()
        .enumerate()
        .map(|(i, t)| Segment::new(Location::part("p").with_paragraph(i as u32 + 1), Role::Body, *t))
        .collect();
    let out = Rules::builtin().find(&segs, &FindOptions::default());
    assert_eq!(out.worst, Some(Severity::Block), "{:?}", out.findings);
    assert_eq!(out.findings[0].location.paragraph, Some(3));
    assert_eq!(out.findings[0].location.column, Some(5), "points at the ticked box");
}

#[test]
fn empty_form_templates_pass_and_a_tick_without_a_period_asks() {
    for text in [
        "发文稿纸\n密级：□绝密 □机密 □秘密　保密期限：______\n标题：",
        "密级：( )绝密 ( )机密 ( )秘密",
        "密级：绝密□ 机密□ 秘密□",
        "判断题：（√）机密级载体不得通过普通邮政寄递。",
        "■机密文件管理要求",
    ] {
        let f = scan_role(Role::Body, text);
        assert!(f.is_empty(), "{text}: {f:?}");
    }
    let f = scan_role(Role::Body, "密级：□绝密 ☑机密 □秘密　保密期限：____");
    assert_eq!(worst(&f), Some(Severity::Review), "{f:?}");
}

#[test]
fn marks_in_lists_quizzes_and_price_lists_are_at_most_review() {
    for text in [
        "1. 下列密级标志书写正确的是（ ）\nA.机密★10年\nB.机密10年\nC.★机密10年",
        "单选题：国家秘密标志正确的是 A、秘密★5年 B、秘密5年",
        "机密★1年 光敏印章 35元/枚\n秘密★1年 光敏印章 35元/枚",
        "品名\t规格\t单价\n绝密★启用前 条形章\t40×10mm\t¥25",
        "常见标志：机密★1年、秘密★6个月、绝密★长期",
    ] {
        for f in [in_prose(text), scan_role(Role::Body, text)] {
            assert!(worst(&f) <= Some(Severity::Review), "{text}: {f:?}");
            assert!(!f.is_empty(), "{text}: still asks a reviewer");
        }
    }
}

#[test]
fn internal_marks_ask_for_review() {
    for (role, text) in [
        (Role::Body, "内部资料 注意保存\n关于……"),
        (Role::Body, "内部事项　注意保管"),
        (Role::Header, "内部文件"),
        (Role::Body, "仅供内部使用\n通知"),
        (Role::Header, "工作秘密"),
    ] {
        let f = scan_role(role, text);
        assert_eq!(worst(&f), Some(Severity::Review), "{role:?} {text}: {f:?}");
    }
    let f = in_prose("本书为内部资料，请勿外传。");
    assert_eq!(worst(&f), Some(Severity::Review), "{f:?}");
    assert_eq!(worst(&in_prose("工作秘密★1年")), Some(Severity::Review));
    assert!(in_prose("内部文件\n仅供内部使用").is_empty(), "internal words alone deep in the body are mentions");
}

#[test]
fn commercial_secret_marks() {
    // The state secret's star typed for the triangle is still the mark.
    for text in [
        "核心商密▲5年",
        "普通商密▲长期",
        "普通商密 ▲ 3 年",
        "核心商密★10年",
        "普通商密☆长期",
        "普通商秘▲5年",
        "核心商秘★长期",
    ] {
        assert_eq!(worst(&in_prose(text)), Some(Severity::Block), "{text}");
    }
    assert_eq!(worst(&scan_role(Role::Header, "核心商密")), Some(Severity::Block));
    assert_eq!(worst(&scan_role(Role::Header, "普通商秘")), Some(Severity::Block));
    assert!(in_prose("普通商密的管理").is_empty());
}

/// The level written out (商业秘密) or shortened (商密) with a triangle and a period is a
/// commercial-secret mark, not a state secret's; without them it is a word of prose.
#[test]
fn a_commercial_secret_written_out_or_shortened_is_marked_as_one() {
    for text in ["商密▲3年", "商业秘密▲5年", "核心商业秘密▲10年", "商密▲长期", "普通商业秘密△2年"]
    {
        let marks = in_prose(text);
        assert_eq!(worst(&marks), Some(Severity::Block), "{text}");
        assert!(marks.iter().all(|m| m.class == Class::CommercialSecret), "{text}: {marks:?}");
    }
    assert_eq!(worst(&scan_role(Role::Header, "商业秘密▲")), Some(Severity::Block));
    for text in ["依法保护商业秘密", "商密的管理办法", "保护商业秘密▲加强知识产权保护", "侵犯商业秘密罪", "商业秘密"]
    {
        assert!(in_prose(text).is_empty(), "{text}");
    }
}

/// The commercial secrets' triangle typed for the star is a state-secret mark when a period
/// follows it; a triangle alone after a level is a bullet, not a star.
#[test]
fn a_triangle_for_the_star_with_a_period_is_a_state_secret_mark() {
    for text in ["机密▲1年", "秘密△6个月", "绝密 ▲ 长期"] {
        let f = in_prose(text);
        assert_eq!(worst(&f), Some(Severity::Block), "{text}: {f:?}");
        assert_eq!(f[0].rule, "marking.state-secret", "{text}");
    }
    assert!(in_prose("国家秘密▲工作秘密▲商业秘密").is_empty());
    assert!(in_prose("**机密**文件须在会前清点。").is_empty());
}

#[test]
fn level_labels() {
    assert_eq!(worst(&scan_role(Role::Body, "密级：机密\n项目报告")), Some(Severity::Block));
    assert!(in_prose("文件密级：秘密级以上的，须登记。").is_empty());
}

#[test]
fn other_names_of_the_level_label() {
    for label in [
        "保密等级：机密",
        "保密级别：秘密",
        "涉密等级：秘密",
        "秘密等级：机密",
        "密级(Classification)：机密",
        "密级（Classification）：机密",
        "密    级：绝密",
        "密級：機密",
        "文件密级为秘密",
    ] {
        let f = scan_role(Role::Body, &format!("{label}\n关于某项目的通知"));
        assert_eq!(worst(&f), Some(Severity::Block), "{label}: {f:?}");
        assert_eq!(f[0].rule, "marking.level-label", "{label}");
    }
    // The label in one cell of a form's row, the level in the next.
    let f = scan_role(Role::Body, "信息发布审核表\n保密等级\n机密\n审核人\n张三");
    assert_eq!((worst(&f), f[0].rule.to_string()), (Some(Severity::Block), "marking.level-label".into()), "{f:?}");
    let f = in_prose("信息标题\n关于某项目\n密级\n秘密\n审核人\n张三");
    assert_eq!((worst(&f), f[0].rule.to_string()), (Some(Severity::Review), "marking.level-label".into()), "{f:?}");
    for mention in ["对于密级为机密的文件，应当由专人传递。", "密级是秘密还是机密，由定密责任人确定。"]
    {
        assert!(in_prose(mention).is_empty(), "{mention}");
    }
}

#[test]
fn the_document_stating_its_own_level_is_a_mark_anywhere() {
    for (statement, class) in [
        ("本文件密级为机密，保密期限10年。", Class::Secret),
        ("本件属机密级文件，请妥善保管。", Class::Secret),
        ("此件为秘密件，阅后收回。", Class::Confidential),
        ("（本文件含国家秘密，不得公开）", Class::Confidential),
        ("本文件属于绝密事项，严禁复制。", Class::TopSecret),
        ("本文件屬機密級", Class::Secret),
        ("是否涉密：是", Class::Confidential),
        ("是否涉及国家秘密：☑是 □否", Class::Confidential),
        ("是否涉密 是(√) 否( )", Class::Confidential),
    ] {
        let f = in_prose(statement);
        assert_eq!(worst(&f), Some(Severity::Block), "{statement}: {f:?}");
        assert_eq!(f[0].rule, "marking.stated-level", "{statement}");
        assert_eq!(f[0].class, class, "{statement}");
    }
    let f = in_prose("本文件属工作秘密，不得公开。");
    assert_eq!((worst(&f), f[0].class), (Some(Severity::Review), Class::WorkSecret), "{f:?}");
    let f = in_prose("标注“本文件属机密级”。");
    assert_eq!(worst(&f), Some(Severity::Review), "{f:?}");
    assert_eq!(f[0].rule, "marking.quoted-example");
    for mention in [
        "经鉴定，该文件属于机密级国家秘密。",
        "如本文件涉及国家秘密，应当按照有关规定管理。",
        "本文件不涉及国家秘密，同意公开。",
        "本文件涉及国家秘密的内容已删除。",
        "本文件为秘密级时，应当在首页标注密级。",
        "本规定所称国家秘密，是指关系国家安全和利益的事项。",
        "是否涉密：否",
        "是否涉密：□是 ☑否",
        "是否涉密：是□ 否□",
        "是否涉密（是/否）：",
    ] {
        assert!(in_prose(mention).is_empty(), "{mention}: {:?}", in_prose(mention));
    }
}

#[test]
fn a_property_named_for_the_level_that_says_yes_is_a_mark() {
    let property = |name: &str, value: &str| {
        let seg = Segment::new(Location::part("docProps/custom.xml").with_field(name), Role::Properties, value);
        Rules::builtin().find(std::slice::from_ref(&seg), &FindOptions::default()).findings
    };
    for (name, value, class) in [
        ("机密", "true", Class::Secret),
        ("機密", "是", Class::Secret),
        ("绝密", "1", Class::TopSecret),
        ("是否涉密", "是", Class::Confidential),
        ("涉密", "Yes", Class::Confidential),
    ] {
        let f = property(name, value);
        assert_eq!(worst(&f), Some(Severity::Block), "{name}={value}: {f:?}");
        assert_eq!((f[0].rule.to_string(), f[0].class), ("marking.stated-level".into(), class), "{name}={value}");
    }
    for (name, value) in [("机密", "false"), ("是否涉密", "否"), ("机密", "0"), ("项目", "是"), ("保密", "true")]
    {
        assert!(property(name, value).is_empty(), "{name}={value}");
    }
}

#[test]
fn a_category_of_a_disclosure_report_is_not_a_mark() {
    // 政府信息公开工作年度报告: a table of how requests were answered, by reason.
    for table in [
        "处理结果\n不予公开\n属于国家秘密\n0\n属于工作秘密\n0\n",
        "处理结果\n不予公开\n1.属于国家秘密\n0\n",
        "不予公开\n（一）涉及国家秘密\n3\n",
    ] {
        assert!(scan_role(Role::Body, table).is_empty(), "{table}");
    }
    // The attribute below the body, and the document naming itself, still are.
    let f = in_prose("特此通知。\n不予公开\n抄送：市委办公室。");
    assert_eq!(worst(&f), Some(Severity::Block), "{f:?}");
    let f = in_prose("（此件不予公开）\n属于国家秘密的事项另行通知。");
    assert_eq!(worst(&f), Some(Severity::Block), "{f:?}");
}

#[test]
fn findings_point_at_the_original_text() {
    let f = in_prose("前文 機　密 ★ １ 年 后文");
    assert_eq!(f[0].matched, "機　密 ★ １ 年");
    assert_eq!(f[0].location.line, Some(7));
}

#[test]
fn a_lone_level_word_is_found_in_any_form_the_normaliser_folds() {
    // The lone-word rule looks only at lines holding 密 or 内 once normalised: a variant (宻, 內)
    // or a reversed line must still count, as the normaliser reads them.
    for line in ["秘宻", "\u{202E}密秘\u{202C}", "內部資料", "\u{202E}部内\u{202C}"] {
        let f = scan_role(Role::Header, &format!("{line}\n"));
        assert_eq!(f.len(), 1, "{line:?}: {f:?}");
        assert!(f[0].signals.iter().any(|s| matches!(s, Signal::LoneWord { .. })), "{line:?}: {f:?}");
    }
    assert!(scan_role(Role::Header, "第一章 总则\n").is_empty());
}

/// The one search for the mark words says what five searches for them say, whatever the length
/// of the text (Teddy hands short texts to another searcher) and wherever the word sits.
#[test]
fn mark_words_found_as_five_searches_find_them() {
    let prose = "为深入贯彻落实会议精神，进一步做好上半年各项工作，现将有关事项通知如下，请结合实际认真执行。";
    let five = |t: &str| super::MARK_WORDS.iter().any(|w| t.contains(w));
    let mut texts = vec![String::new(), "密".into(), "公".into(), "上".into(), "商".into(), "内".into()];
    for word in super::MARK_WORDS.iter().chain(&["公", "上", "内", "商", "秘", "开", "部", "网"]) {
        for cut in [0, 3, 9, 30, prose.len()] {
            texts.push(format!("{}{word}{}", &prose[..cut], &prose[cut..]));
            texts.push(format!("{}{word}", &prose[..cut]));
        }
    }
    // Halves of the words, which must not count: 公 and 开 apart, 上 at the end.
    texts.push(format!("{prose}公 开内 部上"));
    texts.push(prose.repeat(5));
    for t in &texts {
        assert_eq!(super::holds_a_mark_word(t), five(t), "{t}");
    }
    assert!(texts.iter().any(|t| super::holds_a_mark_word(t)));
    assert!(texts.iter().any(|t| !t.is_empty() && !super::holds_a_mark_word(t)));
}
