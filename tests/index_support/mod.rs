//! Fixtures for the registered-documents tests: a protected 公文 and public ones that share its
//! boilerplate, written by the tests (no committed documents), and a PDF writer.
#![allow(dead_code)]

/// Simplified characters with a traditional form the normaliser folds back (國, 發, 會…), so
/// that excerpts can be converted to traditional characters; and common others.
const POOL: &str = "国发会门说对时进过还这问题开关长东车书学与应经实现产电动机业点边运计划术质资设总军区务报级验试装备统数据单位的一是在不了有和人我中大为上个们到地以要就出也年生能而子那得于着下自之后作里用道行所然家种事成方多经么去法当起与好看天分还等部度家此定都两体机制等";

const TRADITIONAL: &[(char, char)] = &[
    ('国', '國'),
    ('发', '發'),
    ('会', '會'),
    ('门', '門'),
    ('说', '說'),
    ('对', '對'),
    ('时', '時'),
    ('进', '進'),
    ('过', '過'),
    ('还', '還'),
    ('这', '這'),
    ('问', '問'),
    ('题', '題'),
    ('开', '開'),
    ('关', '關'),
    ('长', '長'),
    ('东', '東'),
    ('车', '車'),
    ('书', '書'),
    ('学', '學'),
    ('与', '與'),
    ('应', '應'),
    ('经', '經'),
    ('实', '實'),
    ('现', '現'),
    ('产', '產'),
    ('电', '電'),
    ('动', '動'),
    ('机', '機'),
    ('业', '業'),
    ('点', '點'),
    ('边', '邊'),
    ('运', '運'),
    ('计', '計'),
    ('划', '劃'),
    ('术', '術'),
    ('质', '質'),
    ('资', '資'),
    ('设', '設'),
    ('总', '總'),
    ('军', '軍'),
    ('区', '區'),
    ('务', '務'),
    ('报', '報'),
    ('级', '級'),
    ('验', '驗'),
    ('试', '試'),
    ('装', '裝'),
    ('备', '備'),
    ('统', '統'),
    ('数', '數'),
    ('据', '據'),
    ('单', '單'),
];

/// Deterministic prose: sentences of pool characters ending in `。` or `，`, from `seed`. Each
/// seed gives text no other seed shares beyond chance pairs of characters.
pub fn prose(seed: u64, chars: usize) -> String {
    let pool: Vec<char> = POOL.chars().collect();
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = String::new();
    let mut n = 0;
    let mut since = 0;
    while n < chars {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        if since > 8 && x.is_multiple_of(11) {
            out.push(if x.is_multiple_of(3) { '。' } else { '，' });
            since = 0;
        } else {
            out.push(pool[(x >> 20) as usize % pool.len()]);
            since += 1;
        }
        n += 1;
    }
    out.push('。');
    out
}

/// Paragraphs of prose: `n` of about `each` characters, from seeds `seed`, `seed + 1`…
pub fn paragraphs(seed: u64, n: usize, each: usize) -> Vec<String> {
    (0..n as u64).map(|i| prose(seed * 1000 + i, each)).collect()
}

/// A 公文 with the full GB/T 9704 frame around `body` paragraphs.
pub fn gongwen(mark: &str, body: &[String]) -> String {
    format!(
        "000123\n{mark}\n特急\n某某市人民政府办公厅文件\n某政办发〔2024〕7号\n关于进一步加强安全生产工作的通知\n\
各区县人民政府，市政府各委办局，各直属机构：\n为深入贯彻落实党中央国务院决策部署，现将有关事项通知如下：\n{}\n\
请各地各部门结合实际认真组织实施。特此通知。\n某某市人民政府办公厅\n2024年3月1日\n（此件公开发布）\n\
抄送：市委办公厅，市人大常委会办公厅，市政协办公厅。\n某某市人民政府办公厅 2024年3月1日印发\n",
        body.join("\n")
    )
}

/// `s` in traditional characters where the table has them.
pub fn traditional(s: &str) -> String {
    s.chars().map(|c| TRADITIONAL.iter().find(|(a, _)| *a == c).map_or(c, |(_, t)| *t)).collect()
}

/// `s` with ASCII letters and digits full-width, and a line break every `every` characters.
pub fn rewrapped(s: &str, every: usize) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && i % every == 0 {
            out.push('\n');
        }
        out.push(c);
    }
    out
}

/// `s` with its punctuation changed: `，` to `、`, `。` to `；`, and a space after each.
pub fn repunctuated(s: &str) -> String {
    s.replace('，', "、 ").replace('。', "； ")
}

/// The first `n` characters of `s` from character `from`.
pub fn chars_of(s: &str, from: usize, n: usize) -> String {
    s.chars().skip(from).take(n).collect()
}

/// A one-page PDF showing `lines` with a Type0 font and a ToUnicode map (as office suites write
/// Chinese): what mijian reads back is exactly the text.
pub fn pdf(lines: &[String]) -> Vec<u8> {
    let mut chars: Vec<char> = lines.iter().flat_map(|l| l.chars()).collect();
    chars.sort_unstable();
    chars.dedup();
    let cid = |c: char| chars.binary_search(&c).unwrap() + 1;
    let mut content = String::from("BT /F1 12 Tf 14 TL 40 800 Td\n");
    for l in lines {
        let hex: String = l.chars().map(|c| format!("{:04X}", cid(c))).collect();
        content.push_str(&format!("<{hex}> Tj T*\n"));
    }
    content.push_str("ET");
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
    );
    for block in chars.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", block.len()));
        for &c in block {
            cmap.push_str(&format!("<{:04X}> <{:04X}>\n", cid(c), c as u32));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap CMapName currentdict /CMap defineresource pop end end");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>".to_string(),
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>".to_string(),
        format!("<< /Length {} >>\nstream\n{cmap}\nendstream", cmap.len()),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}
