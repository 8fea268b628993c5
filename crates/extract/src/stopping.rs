//! Every reader stops the moment its sink says so (see [`DocumentSink`]): a cancelled or
//! over-budget inspection ends at the next segment, note or member, whatever the format.

use mijian_core::{CoverageNote, DocumentSink, Flow, Segment, Stop};

use crate::testing::{realworld_dir, tar_of, zip};
use crate::{extract, sniff, ExtractError, Limits};

/// A sink that says stop at the first thing handed to it of the kinds it stops on, and counts
/// anything handed to it afterwards: a reader that goes on after a stop.
#[derive(Default)]
struct StopAtFirst {
    /// Stop at any news (a coverage note or a member too), not only at a segment.
    at_anything: bool,
    stopped: bool,
    segments: usize,
    after_stop: Vec<String>,
}

impl StopAtFirst {
    fn news(&mut self, what: String, stops: bool) -> Flow {
        if self.stopped {
            self.after_stop.push(what);
            return Err(Stop);
        }
        if stops || self.at_anything {
            self.stopped = true;
            return Err(Stop);
        }
        Ok(())
    }
}

impl DocumentSink for StopAtFirst {
    fn segment(&mut self, segment: Segment) -> Flow {
        if !self.stopped {
            self.segments += 1;
        }
        self.news(format!("segment at {}", segment.location), true)
    }
    fn coverage(&mut self, note: CoverageNote) -> Flow {
        self.news(format!("coverage of {}", note.part), false)
    }
    fn member(&mut self, name: String, _bytes: Vec<u8>) -> Flow {
        self.news(format!("member {name}"), false)
    }
}

/// Small documents of the formats that need no corpus, built here.
fn built() -> Vec<(String, Vec<u8>)> {
    // Long enough to be cut into several segments.
    let paragraphs = "甲乙丙丁\n\n".repeat(crate::text::CHUNK);
    let paragraphs_bytes = paragraphs.as_bytes();
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("a.txt".into(), paragraphs_bytes.to_vec()),
        ("a.csv".into(), b"a,b\n1,2\n3,4\n".to_vec()),
        ("a.json".into(), br#"{"a": "one", "b": ["two", "three"]}"#.to_vec()),
        ("a.html".into(), b"<html><head><title>t</title></head><body><p>one</p><p>two</p></body></html>".to_vec()),
        ("a.rtf".into(), br"{\rtf1\ansi {\info{\title t}} one\par two\par three\par}".to_vec()),
        ("a.eml".into(), b"From: a@b\r\nSubject: s\r\nContent-Type: text/plain\r\n\r\none\r\n".to_vec()),
        ("a.xml".into(), b"<?xml version=\"1.0\"?><r a=\"x\"><p>one</p><p>two</p></r>".to_vec()),
        (
            "a.svg".into(),
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><title>t</title><text>one</text><desc>d</desc></svg>".to_vec(),
        ),
        ("a.zip".into(), zip(&[("1.txt", "one"), ("2.txt", "two")])),
        ("a.tar".into(), tar_of(&[("1.txt", b"one"), ("2.txt", b"two")])),
    ];
    let mut gz = flate2::GzBuilder::new().filename("a.txt").write(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, paragraphs_bytes).unwrap();
    files.push(("a.txt.gz".into(), gz.finish().unwrap()));
    let content = r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>one</text:p><text:p>two</text:p></office:text></office:body></office:document-content>"#;
    files.push((
        "a.odt".into(),
        zip(&[("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", content)]),
    ));
    files
}

/// The built documents, the OLE fixtures and the real-world corpus (DOC, DOCX, XLSX, PPTX, PDF,
/// OFD, HTML…).
fn corpus() -> Vec<(String, Vec<u8>)> {
    let mut files = built();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ole");
    let mut folders: Vec<std::path::PathBuf> = vec![fixtures];
    for folder in ["doc", "docx", "xlsx", "pptx", "pdf", "ofd", "html"] {
        folders.extend(realworld_dir(folder));
    }
    for dir in folders {
        let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()).map(|e| e.path()).collect();
        paths.sort();
        for path in paths.into_iter().filter(|p| p.is_file()) {
            files.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    files
}

fn check(at_anything: bool) {
    let mut stopped_formats = std::collections::BTreeSet::new();
    for (name, bytes) in corpus() {
        let format = sniff(&bytes);
        let mut sink = StopAtFirst { at_anything, ..StopAtFirst::default() };
        let result = extract(&bytes, format, &Limits::default(), &mut sink);
        assert!(sink.after_stop.is_empty(), "{name} ({format:?}) went on after a stop: {:?}", sink.after_stop);
        if sink.stopped {
            assert!(matches!(result, Err(ExtractError::Cancelled)), "{name} ({format:?}): {result:?}");
            stopped_formats.insert(format!("{format:?}"));
        }
        assert!(sink.segments <= 1, "{name}: {} segments", sink.segments);
    }
    let wanted = ["Text", "Csv", "Json", "Html", "Rtf", "Eml", "Xml", "Svg", "Zip", "Tar", "Gzip", "Odt", "Ole"];
    for format in wanted {
        assert!(stopped_formats.contains(format), "no {format} file was stopped: {stopped_formats:?}");
    }
    if realworld_dir("docx").is_some() {
        for format in ["Docx", "Xlsx", "Pptx", "Pdf", "Ofd"] {
            assert!(stopped_formats.contains(format), "no {format} file was stopped: {stopped_formats:?}");
        }
    }
}

#[test]
fn every_reader_stops_at_the_first_segment_its_sink_refuses() {
    check(false);
}

#[test]
fn every_reader_stops_at_the_first_note_or_member_its_sink_refuses() {
    check(true);
}

#[test]
fn a_reader_that_is_never_stopped_reads_everything() {
    // The same documents through a sink that never stops: more than one segment or member each,
    // so that the tests above stop a reader with more to say.
    let mut short = Vec::new();
    for (name, bytes) in built() {
        let mut sink = mijian_core::Collected::default();
        extract(&bytes, sniff(&bytes), &Limits::default(), &mut sink).unwrap_or_else(|e| panic!("{name}: {e}"));
        if sink.segments.len() + sink.members.len() < 2 {
            short.push(name);
        }
    }
    assert!(short.is_empty(), "{short:?}");
}
