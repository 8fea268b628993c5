//! `--help` in Chinese: the command built by clap from [`crate::args`] (English, its doc comments),
//! with its about and help texts replaced at run time when the language is Chinese.

use clap::{Arg, ArgAction, Command};
use mijian_core::Lang;

/// The command line's definition in `lang`.
pub(crate) fn command(lang: Lang) -> Command {
    let cmd = <crate::args::Cli as clap::CommandFactory>::command();
    match lang {
        Lang::En => cmd,
        Lang::Zh => zh(cmd),
    }
}

/// The language asked for on the command line (`--lang zh`, `--lang=en`), read before clap parses
/// so that clap's own help and errors can be given in it.
pub(crate) fn lang_in_args(args: &[std::ffi::OsString]) -> Option<Lang> {
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if a == "--lang" {
            return it.next().and_then(|v| Lang::parse(&v));
        }
        if let Some(v) = a.strip_prefix("--lang=") {
            return Lang::parse(v);
        }
    }
    None
}

/// A usage error (unknown option, bad value…) said in Chinese, from what clap found; `None` for
/// what is not an error (help, version) or a kind clap words better (its own English then).
pub(crate) fn usage_error_zh(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ErrorKind};
    let get = |k: ContextKind| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let arg = get(ContextKind::InvalidArg);
    let mut out = match e.kind() {
        ErrorKind::UnknownArgument => format!("错误：无法识别的参数 '{arg}'"),
        ErrorKind::InvalidSubcommand => format!("错误：无法识别的命令 '{}'", get(ContextKind::InvalidSubcommand)),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let mut m = format!("错误：参数 {arg} 的值 '{}' 无效", get(ContextKind::InvalidValue));
            let valid = get(ContextKind::ValidValue);
            if !valid.is_empty() {
                m += &format!("（可用的值：{valid}）");
            }
            m
        }
        ErrorKind::MissingRequiredArgument => format!("错误：缺少必需的参数：{arg}"),
        ErrorKind::ArgumentConflict => format!("错误：参数 {arg} 不能与 {} 同时使用", get(ContextKind::PriorArg)),
        ErrorKind::NoEquals | ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("错误：参数 {arg} 的值的个数不对")
        }
        ErrorKind::MissingSubcommand => "错误：缺少命令".to_string(),
        _ => return None,
    };
    for k in [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand, ContextKind::SuggestedValue] {
        let tip = get(k);
        if !tip.is_empty() {
            out += &format!("\n  提示：是否想用 '{tip}'？");
        }
    }
    out += "\n\n更多信息请运行 mijian --help（英文：mijian --lang en --help）";
    Some(out)
}

const TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// Help texts per subcommand: (argument id, Chinese help).
const ABOUT: &[(&str, &str)] = &[
    ("scan", "扫描文件和目录（递归，含隐藏文件），对每个文件给出结论"),
    ("extract", "逐部件打印 mijian 读到的文字（规范化之前）"),
    ("serve", "运行上传网关：供 CMS 调用的发布前检查接口（API、代理模式、工作人员页面）"),
    ("dict", "上线前检查词典，或将词典编译以便快速加载"),
    ("bench", "在同一语料上比较两套规则（新旧词典）：速度、内存、发现"),
    ("check", "把多个词典作为一套规则检查：语法错误、重复（含规范化后）、被遮蔽的词条、级别冲突、过短词条、有风险的模式。有错误时退出码为 1"),
    ("compile", "把词典（和默认规则）编译成一个文件，scan、serve 和 bench 可在几毫秒内加载"),
    ("index", "登记受保护的文档（指纹索引），用于发现其中的摘录：key、add、remove、list、check"),
    ("index key", "生成新的索引密钥：256 位随机数，写入只有属主可读的新文件（不覆盖已有文件）。密钥要与索引分开保管（见 README）"),
    ("index add", "登记受保护的文档（按 scan 的方式读取）；INDEX 不存在时创建。带 --public 时先从已知公开的文档中学习指纹：这些指纹永不作为证据（已登记文档中的也会去除）"),
    ("index remove", "按标签删除已登记的文档"),
    ("index list", "列出已登记的文档：标签、密级、大小、字数、日期。不含任何文字"),
    ("index check", "检查索引：格式、校验和、结构；带 --key 时检查密钥能否打开索引。完好时退出码为 0，否则为 2"),
];

const ARGS: &[(&str, &str)] = &[
    ("jobs", "工作线程数（默认：每个 CPU 核一个）"),
    ("lang", "给人看的消息所用语言：zh（默认）或 en。未指定时依次看 LC_ALL、LC_MESSAGES、LANG，否则为 zh。JSON 字段和 id 不随之改变"),
    ("dicts", "词典文件（每行：词条<TAB>级别<TAB>类别），可重复"),
    ("rules", "已编译的规则集（mijian dict compile），代替 --dict 和 --no-default-rules"),
    ("format", "输出格式：text（给人看：结论、发现和上下文）或 json（JSON Lines：scan 每个文件一个对象，extract 每个片段一个）"),
    ("no_default_rules", "关闭内置的密级标志规则、发文字号规则和随附词典"),
    ("max_findings", "每个文件最多列出的“需人工审核”和“提示”级发现数（全部都会计数并参与判定；密级标志和“不得发布”级发现总会列出）。0：不限"),
    ("file_timeout", "单个文件（连同其中嵌套的一切）最长可用时间，超时为“错误”。默认关闭，使结果不取决于机器速度"),
    ("max_pdf_pages", "单个 PDF 最多的页数；超过时为“错误”"),
    ("max_pdf_objects", "单个 PDF 最多声明或包含的对象数；超过时为“错误”"),
    ("max_operations", "单个文件（含其中嵌套的一切）最多执行的内容操作数（PDF 操作符）；超过时为“错误”"),
    ("max_page_operations", "单页 PDF 最多执行的内容操作数；超过时为“错误”"),
    ("max_page_glyphs", "单页 PDF 最多显示的字形数；超过时为“错误”"),
    ("max_cmap_entries", "PDF 字体 CMap 中同类映射最多的条数；超过时为“错误”"),
    ("max_doc_chars", "单个 Word 97-2003（.doc）文档最多的文字字符数；超过时为“错误”"),
    ("max_segment_bytes", "单个文件（含其中嵌套的一切）的文字片段在匹配前最多占用的内存，每段按其文字加固定开销计（1G、512M 或字节数）；超过时为“错误”"),
    ("segment_ratio", "单个文件的文字片段最多占用读入字节数（文件本身加从中解压的字节）的多少倍（但不低于 64 MiB）；超过时为“错误”"),
    ("color", "文本输出是否着色：auto（标准输出是终端时）、always 或 never"),
    ("paths", "要处理的文件和目录"),
    ("files", "词典文件"),
    ("output", "编译结果写到哪里"),
    ("old", "现用的规则集：一个词典，或一个已编译的 .mjd 文件；可重复 --dict"),
    ("new", "要上线的规则集：一个词典，或一个已编译的 .mjd 文件；可重复 --against"),
    ("clean", "已知可以公开的文件：被标记即为误报"),
    ("marked", "已知受保护的文件：通过即为漏检"),
    ("hide_terms", "在发现差异中显示规则 id 而不是词条"),
    ("top", "新增和丢失发现表中的行数（0：全部）"),
    ("corpus", "其他文件和目录（无标签）"),
    ("listen", "监听地址。未指定 --tokens 时只接受回环地址"),
    ("tokens", "令牌文件，每行 名称<TAB>令牌<TAB>角色（角色：client、staff 或 admin）"),
    ("audit", "审计日志：每个决定一行 JSON，在回答之前追加并同步（-：标准输出）"),
    ("upstream", "代理模式：把通过的上传转发给这个 CMS（http://host:port[/prefix]）"),
    ("review", "代理模式：对“需人工审核”的上传如何处理：hold（在有人查看之前拒绝上传，403）或 forward（转发给 CMS）"),
    ("allow_types", "代理模式：扫描原始字节后转发此内容类型（type/sub 或 type/*）的请求体，尽管 mijian 无法像 CMS 那样读取它们；可重复。其他无法读取的类型被拒绝（415）"),
    ("show_matched", "向所有客户端回答未遮盖的匹配文字（默认遮盖，如 机*★*年）"),
    ("scan record", "同时把本次检查的审查记录（信息发布保密审查记录）写到 FILE：一页可打印的 HTML，列出文件及其 SHA-256、结论和发现、所用规则，并留有签字栏"),
    ("scan show_matched", "在审查记录中照录命中原文及其上下文（默认遮蔽，如 机*★*年）"),
    ("max_body", "最大请求体，即最大上传（可用 k、M、G 后缀）"),
    ("max_buffered", "同时保存在内存中的请求体字节上限；超过时回答 503 并带 Retry-After"),
    ("max_parts", "multipart 请求体中最多的部分数"),
    ("max_header", "最大请求头（请求行和头部）"),
    ("header_timeout", "接收请求头的时限"),
    ("body_timeout", "接收整个请求体的时限（过慢的客户端会被断开）"),
    ("body_idle_timeout", "接收请求体时最长的静默时间"),
    ("scan_timeout", "扫描一个请求中文件的时限；超时为“错误”"),
    ("workers", "同时进行的扫描数（默认：每个 CPU 核一个）"),
    ("queue", "同时接纳的上传数（接收中、等待中或扫描中）；超过时回答 503 并带 Retry-After"),
    ("max_connections", "同时打开的连接数"),
    ("shutdown_timeout", "收到 SIGTERM 后留给进行中请求的时间"),
    ("upstream_timeout", "代理模式：等待 CMS 回答的时限"),
    ("index", "在这个索引中登记的文档里查找摘录（mijian index add）"),
    ("ocr", "用 Tesseract 识别图片中的文字（图片文件、扫描的 PDF 页、文档中的图片）：auto = 已安装（含 chi_sim）时识别；on = 必须识别；off = 不识别"),
    ("key", "索引的密钥"),
    ("excerpt_block", "摘录判定：连续这么多字（规范化后，不计空白）即按登记密级判为“不得发布”"),
    ("excerpt_block_share", "摘录判定：找到登记文档的这个百分比即判为“不得发布”"),
    ("excerpt_review", "摘录判定：连续这么多字，或累计达到 --excerpt-block 的多段，即判为“需人工审核”"),
    ("excerpt_review_share", "摘录判定：找到登记文档的这个百分比即判为“需人工审核”"),
    ("against_index", "要比较的另一个索引（与 --index 的索引比较，如同比较两套词典）"),
    ("against_key", "另一个索引的密钥（默认与 --key 相同）"),
    ("key output", "密钥写到哪里（一个新文件）"),
    ("add index", "索引（不存在时创建）"),
    ("add key", "密钥（mijian index key 生成）"),
    ("add level", "这些文档的密级：绝密、机密、秘密、商密、不予公开、工作秘密、内部或敏感"),
    ("add label", "它们的标签：登记编号，而不是标题（会出现在发现和日志中）。多个文件依次得到 LABEL#1、LABEL#2……"),
    ("add public", "已知公开的文档（目录会递归读取），可重复"),
    ("add kgram", "仅新建索引时：k-gram 长度（内容字符数，默认 10；见 benches/README.md）"),
    ("add window", "仅新建索引时：winnowing 窗口（默认 24）。任何连续相同的 k + 窗口 − 1 个内容字符都会被发现"),
    ("add files", "要登记的受保护文档"),
    ("remove index", "索引"),
    ("remove labels", "要删除的标签（LABEL 也会删除 LABEL#1、LABEL#2……）"),
    ("list index", "索引"),
    ("list format", "输出格式：text 或 json（每个文档一个对象）"),
    ("check index", "索引"),
    ("check key", "密钥：检查它能否打开索引"),
];

fn zh(cmd: Command) -> Command {
    let cmd = localise(cmd)
        .about("mijian（密检）：阻止受保护的内容被公开发布。六个命令：scan、extract、serve、dict、index、bench。")
        .version(env!("CARGO_PKG_VERSION"))
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        );
    cmd.mut_subcommands(|sub| {
        let about = ABOUT.iter().find(|(n, _)| *n == sub.get_name()).map(|(_, a)| *a);
        let parent = sub.get_name().to_string();
        let sub = localise(sub).mut_subcommands(|s| {
            // `index check` and `dict check` share a name: the parent's own entry first.
            let own = format!("{parent} {}", s.get_name());
            let about =
                ABOUT.iter().find(|(n, _)| *n == own).or_else(|| ABOUT.iter().find(|(n, _)| *n == s.get_name()));
            let about = about.map(|(_, a)| *a);
            let s = localise(s);
            match about {
                Some(a) => s.about(a),
                None => s,
            }
        });
        match about {
            Some(a) => sub.about(a),
            None => sub,
        }
    })
}

/// Chinese headings, help flag and argument help for one command.
fn localise(cmd: Command) -> Command {
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    let mut cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("命令")
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help("显示帮助").help_heading("选项"));
    let name = cmd.get_name().to_string();
    for id in ids {
        // An argument of one command only (`add files`) before one shared by several (`files`).
        let own = format!("{name} {id}");
        let help =
            ARGS.iter().find(|(n, _)| *n == own).or_else(|| ARGS.iter().find(|(n, _)| *n == id)).map(|(_, h)| *h);
        cmd = cmd.mut_arg(id.as_str(), |a| {
            let heading = if a.is_positional() { "参数" } else { "选项" };
            // clap writes `[default: …]` and `Possible values:` in English: the Chinese help
            // says the values itself, and the default here.
            let defaults: Vec<String> =
                a.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
            let a = a.help_heading(heading);
            let a =
                if a.get_action().takes_values() { a.hide_possible_values(true).hide_default_value(true) } else { a };
            match help {
                Some(h) if defaults.is_empty() => a.help(h),
                Some(h) => a.help(format!("{h}（默认：{}）", defaults.join(", "))),
                None => a,
            }
        });
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_argument_and_command_has_its_chinese_help() {
        let cmd = command(Lang::Zh);
        // clap's own consistency checks, which it otherwise runs only when a command is parsed.
        cmd.clone().debug_assert();
        for sub in cmd.get_subcommands() {
            sub.clone().debug_assert();
            sub.get_subcommands().for_each(|s| s.clone().debug_assert());
        }
        fn walk(c: &Command, missing: &mut Vec<String>) {
            for a in c.get_arguments() {
                let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
                if !help.chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)) || english_sentence(&help) {
                    missing.push(format!("{} --{}", c.get_name(), a.get_id()));
                }
            }
            for s in c.get_subcommands() {
                let about = s.get_about().map(|h| h.to_string()).unwrap_or_default();
                if !about.chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)) {
                    missing.push(s.get_name().to_string());
                }
                walk(s, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&cmd, &mut missing);
        assert!(missing.is_empty(), "no Chinese help: {missing:?}");
    }

    /// Whether `help` holds four English words in a row: an English sentence left in the Chinese
    /// help (a Chinese one may name a command, an option or a value, never say a sentence in English).
    fn english_sentence(help: &str) -> bool {
        let mut run = 0;
        for word in help.split(' ') {
            let word = word.trim_end_matches([',', '.', ';', ':']);
            if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic()) {
                run += 1;
                if run >= 4 {
                    return true;
                }
            } else {
                run = 0;
            }
        }
        false
    }

    #[test]
    fn an_english_sentence_is_told_from_names_in_chinese_help() {
        assert!(english_sentence("Also write the review record of this run (信息发布保密审查记录)"));
        assert!(!english_sentence("用 Tesseract 识别图片：auto = 已安装（含 chi_sim）时识别；on = 必须识别"));
        assert!(!english_sentence("输出格式：text 或 json（JSON Lines：scan 每个文件一个对象）"));
        assert!(!english_sentence("已编译的规则集（mijian dict compile），代替 --dict"));
    }

    #[test]
    fn usage_errors_are_said_in_chinese() {
        let err = |v: &[&str]| command(Lang::Zh).try_get_matches_from(v).unwrap_err();
        let m = usage_error_zh(&err(&["mijian", "scan", "--colour", "x"])).unwrap();
        assert!(m.starts_with("错误：无法识别的参数 '--colour'"), "{m}");
        assert!(m.contains("提示：是否想用 '--color'"), "{m}");
        let m = usage_error_zh(&err(&["mijian", "scan", "--format", "xml", "x"])).unwrap();
        assert!(m.starts_with("错误：参数 --format <FORMAT> 的值 'xml' 无效") && m.contains("text"), "{m}");
        let m = usage_error_zh(&err(&["mijian", "scna"])).unwrap();
        assert!(m.starts_with("错误：无法识别的命令 'scna'"), "{m}");
        assert!(usage_error_zh(&err(&["mijian", "--help"])).is_none(), "help is not an error");
    }

    #[test]
    fn the_language_is_read_from_the_arguments_first() {
        let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(lang_in_args(&args(&["mijian", "--lang", "en", "scan"])), Some(Lang::En));
        assert_eq!(lang_in_args(&args(&["mijian", "scan", "--lang=zh", "x"])), Some(Lang::Zh));
        assert_eq!(lang_in_args(&args(&["mijian", "scan", "--", "--lang", "en"])), None);
    }
}
