//! The English seed chapter parses into the expected heading tree, its page-broken paragraphs
//! are repaired, and its footnotes are linked to their markers.

use polsearch::model::PassageKind;
use polsearch::parse::{self, Format, Parsed};

const CHAPTER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/corpus/en/mext-white-paper-2021-part2-ch5.txt"
);

fn parsed() -> Parsed {
    let text = std::fs::read_to_string(CHAPTER).expect("shipped chapter");
    assert_eq!(
        Format::detect(std::path::Path::new(CHAPTER), &text),
        Format::PlainEn
    );
    parse::parse(&text, Format::PlainEn)
}

/// Every heading of the chapter, written out by hand from the source: indentation is the
/// level, then the first words of the heading.
const EXPECTED: &str = "
Chapter 5 Establishing a Systemic
  Section 1 Enhancing Mechanisms
    ① Enhancing systems of promotion
      (1) Current status of domestic
        A. Status of industry-academia-government
        B. Activities of the Technology Licensing
      (2) Development of industry-academia-government
      (3) Enhancement of R&D
      (4) Preferential treatment
      (5) Utilization of awards
        A. The 3rd Japan Open Innovation Prize
        B Research support service
    ② Inducing a virtuous cycle
    ③ Creating “platforms for co-creation”
      (1) Developing platforms
        A. Forming an innovation ecosystem
        B. Developing centers
        C. Forming Open Innovation Platform
        D. Exploration of technology seeds
      (2) Developing open innovation centers
        A. Tsukuba Science City
        B. Kansai Science City
      (3) Promoting Open Innovation Platform
      (4) Creating an environment
  Section 2 Enhancing the Creation of SMEs
    ① Cultivating entrepreneurship
    ② Promoting the creation of startups
    ③ Creating environments conducive
      (1) Create startup ecosystem
      (2) Support for R&D-type startups
      (3) Support by the Small Business
    ④ Helping initial demand
      (1) Development and strengthening of SMEs
  Section 3 Strategic Use of International
    ① Promoting use of IP assets
      (1) IP (IP rights/R&D data)
        A. Initiatives concerning patent rights
        B. Initiatives concerning R&D data
      (2) Development and provision of patent
      (3) Acceleration of the examination
      (4) Developing and strengthening patent
      (5) Collective examination
      (6) Implementation and the publication
      (7) Experts' support
      (8) Efforts for security export control
      (9) Efforts for management
      (10) Support for acquiring IP rights
    ② Accelerating strategic international
      (1) Promoting an intellectual property
      (2) Active efforts for international
      (3) Promotion of the Global IP Initiative
  Section 4 Reviewing and Improving
    ① Reviewing systems in accordance
      (1) Regulations and systems
        A. Efforts for National Strategic
        B. Efforts for the Comprehensive
    ② Improving IP systems
  Section 5 Developing Innovation Systems
    ① Revitalizing regional companies
    ② Driving innovation ecosystems
      (1) Development of a regional
      (2) Supporting protection of regional IP
    ③ Promoting policies that encourage
      (1) Support for independent
  Section 6 Cultivating Opportunities
    ① Promoting R&D that anticipates
    ② Developing systems to promote
      (1) The promotion of cooperation
";

#[test]
fn heading_tree_matches_the_chapter() {
    let p = parsed();
    let expected: Vec<(u8, &str)> = EXPECTED
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let indent = l.len() - l.trim_start().len();
            ((indent / 2 + 1) as u8, l.trim())
        })
        .collect();
    let got: Vec<(u8, &str)> = p
        .headings
        .iter()
        .map(|h| (h.level, h.text.as_str()))
        .collect();
    assert_eq!(got.len(), expected.len(), "heading count; got {got:#?}");
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g.0, e.0, "level of {:?}", g.1);
        assert!(
            g.1.starts_with(e.1),
            "{:?} should start with {:?}",
            g.1,
            e.1
        );
    }
}

#[test]
fn page_break_in_mid_sentence_is_joined() {
    let p = parsed();
    let hits: Vec<_> = p
        .passages
        .iter()
        .filter(|x| {
            x.text.contains(
                "In FY2018 the ministry started “the development of the Open Innovation System”",
            )
        })
        .collect();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].line_start < hits[0].line_end);
    assert!(!p
        .passages
        .iter()
        .any(|x| x.text.starts_with("ministry started")));
}

#[test]
fn footnotes_dropped_into_a_sentence_are_skipped_and_joined() {
    let p = parsed();
    let joined: Vec<_> = p
        .passages
        .iter()
        .filter(|x| {
            x.text.contains(
                "startup ecosystem and innovations, the Cabinet Office, MEXT and METI formulated",
            )
        })
        .collect();
    assert_eq!(joined.len(), 1, "exactly one repaired passage");
    let j = joined[0];
    assert!(
        !j.text.contains("See “3 Creating"),
        "footnote text kept out of the passage"
    );
    assert!(j
        .section_path
        .last()
        .unwrap()
        .starts_with("(1) Create startup ecosystem"));
}

#[test]
fn footnotes_link_to_their_markers() {
    let p = parsed();
    let pal = p
        .passages
        .iter()
        .find(|x| x.text.contains("CU PAL¹"))
        .expect("passage with CU PAL¹");
    assert_eq!(pal.footnotes.len(), 1);
    assert_eq!(pal.footnotes[0].marker, "¹");
    assert_eq!(pal.footnotes[0].text, "Nanotech Career-up Alliance");
    let satreps = p
        .passages
        .iter()
        .find(|x| x.text.contains("(SATREPS¹)"))
        .unwrap();
    let notes: Vec<_> = satreps.footnotes.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(
        notes,
        vec![
            "Science and Technology Research Partnership for Sustainable Development",
            "Official Development Assistance"
        ]
    );
    let start = p
        .passages
        .iter()
        .find(|x| x.text.contains("(SUCCESS³)"))
        .unwrap();
    assert!(start
        .footnotes
        .iter()
        .any(|f| f.marker == "³" && f.text.starts_with("Support Program of Capital")));
    for x in &p.passages {
        assert!(!x.text.starts_with('¹') || x.kind == PassageKind::Footnote);
    }
}

#[test]
fn figures_notes_and_sources_are_their_own_passages() {
    let p = parsed();
    let cap = p
        .passages
        .iter()
        .find(|x| x.text.starts_with("■ Figure 2-5-1/"))
        .unwrap();
    assert_eq!(cap.kind, PassageKind::Caption);
    let notes = p
        .passages
        .iter()
        .find(|x| x.text.contains("Notes: 1. Subjects"))
        .unwrap();
    assert_eq!(notes.kind, PassageKind::Note);
    assert!(notes.text.contains("3. The number of patent licensing"));
    assert_eq!((notes.line_start, notes.line_end), (24, 26));
    let src = p
        .passages
        .iter()
        .find(|x| x.text == "Source: METI")
        .unwrap();
    assert_eq!(src.kind, PassageKind::Note);
}

#[test]
fn paragraphs_are_numbered_within_sections() {
    let p = parsed();
    let tlo: Vec<_> = p
        .passages
        .iter()
        .filter(|x| {
            x.section_path
                .last()
                .is_some_and(|s| s.starts_with("B. Activities of the Technology"))
        })
        .collect();
    assert_eq!(
        tlo.iter().map(|x| x.paragraph).collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert_eq!(tlo[0].line_start, 32);
    assert_eq!(tlo[0].section_path.len(), 5);
}

/// Every footnote marker of the chapter and the definition it belongs to, read by hand from
/// the source: (line of the marker, marker, line of the definition, start of its text).
/// Numbers restart on every page; a definition belongs to the markers on its own page.
const FOOTNOTES: &[(u32, &str, u32, &str)] = &[
    (141, "¹", 157, "Nanotech Career-up Alliance"),
    (165, "¹", 179, "See “3 Creating the environment"),
    (171, "²", 181, "See “3 Creating the environment"),
    (171, "³", 183, "Support Program of Capital Contribution"),
    (221, "¹", 233, "https://www.meti.go.jp/policy/"),
    (225, "²", 235, "<https://www.j-platpat.inpit.go.jp/>"),
    (225, "³", 237, "<https://www.foreignsearch2.jpo.go.jp/>"),
    (297, "¹", 305, "International Telecommunication Union"),
    (299, "²", 307, "International Organization for"),
    (299, "³", 309, "Technical Committee"),
    (299, "⁴", 311, "Working Group"),
    (313, "¹", 333, "Patent Cooperation Treaty"),
    (378, "¹", 388, "National Center for Industrial Property"),
    (390, "¹", 408, "Key Performance Indicator"),
    (418, "¹", 422, "Science and Technology Research Partnership"),
    (418, "²", 424, "Official Development Assistance"),
];

#[test]
fn every_footnote_links_to_the_marker_on_its_own_page() {
    let p = parsed();
    let mut want: Vec<(u32, String, u32)> = Vec::new();
    for &(at, marker, def, text) in FOOTNOTES {
        let cites: Vec<_> = p
            .passages
            .iter()
            .filter(|x| x.kind != PassageKind::Footnote && x.line_start <= at && at <= x.line_end)
            .collect();
        assert_eq!(cites.len(), 1, "one passage holds line {at}");
        let f = cites[0]
            .footnotes
            .iter()
            .find(|f| f.line == def)
            .unwrap_or_else(|| {
                panic!(
                    "marker {marker} on line {at} is not linked to line {def}: {:?}",
                    cites[0].footnotes
                )
            });
        assert_eq!(f.marker, marker, "line {def}");
        assert!(f.text.starts_with(text), "line {def}: {:?}", f.text);
        want.push((cites[0].line_start, marker.to_string(), def));
    }
    // No other link.
    let mut got: Vec<(u32, String, u32)> = p
        .passages
        .iter()
        .flat_map(|x| {
            x.footnotes
                .iter()
                .map(move |f| (x.line_start, f.marker.clone(), f.line))
        })
        .collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    // ITU¹ (line 297) is the International Telecommunication Union, PCT¹ (line 313, after
    // the page break repaired into the passage before it) the Patent Cooperation Treaty.
    let itu = p.passages.iter().find(|x| x.text.contains("ITU¹")).unwrap();
    assert_eq!(
        itu.footnotes[0].text,
        "International Telecommunication Union"
    );
    let pct = p
        .passages
        .iter()
        .find(|x| x.text.contains("(PCT¹)"))
        .unwrap();
    assert!(pct.line_start < 305 && pct.line_end >= 313);
    assert_eq!(pct.footnotes.len(), 1);
    assert_eq!(pct.footnotes[0].text, "Patent Cooperation Treaty");
}

#[test]
fn every_footnote_is_a_passage_citing_its_own_line() {
    let p = parsed();
    for &(_, marker, def, text) in FOOTNOTES {
        let notes: Vec<_> = p
            .passages
            .iter()
            .filter(|x| x.kind == PassageKind::Footnote && x.line_start == def)
            .collect();
        assert_eq!(notes.len(), 1, "footnote passage for line {def}");
        assert_eq!(notes[0].line_end, def);
        assert!(
            notes[0].text.starts_with(&format!("{marker} {text}")),
            "{:?}",
            notes[0].text
        );
    }
    assert_eq!(
        p.passages
            .iter()
            .filter(|x| x.kind == PassageKind::Footnote)
            .count(),
        FOOTNOTES.len()
    );
}
