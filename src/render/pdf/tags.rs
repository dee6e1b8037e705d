//! Tagging (PDF/UA): the logical structure of a notice, built as it is laid out, the
//! marked content that ties each drawn line to its structure element, and the XMP
//! metadata; `structure` writes the structure tree and parent tree at the end.
//! Content that is not the notice (the running footer, page numbers, the footnote
//! rule) is marked as an artifact.

use super::*;
use std::fmt::Write as _;

/// A structure element: its standard role, its parent, and its children in reading
/// order.
#[derive(Debug, Clone)]
pub(super) struct Elem {
    pub(super) role: &'static str,
    pub(super) parent: usize,
    pub(super) kids: Vec<Kid>,
    /// A row header cell (the header block's labels).
    pub(super) row_header: bool,
    /// The element's ID (footnotes: "fn1").
    pub(super) id: Option<String>,
    /// The language of its content, where it is not the document's.
    pub(super) lang: Option<&'static str>,
    /// A footnote marker's note number: the Reference points to that Note.
    pub(super) refers: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Kid {
    Elem(usize),
    /// Marked content `mcid` on page `page`.
    Content {
        page: usize,
        mcid: u32,
    },
    /// Link annotation `index` of page `page`.
    Annot {
        page: usize,
        index: usize,
    },
}

/// The structure tree; element 0 is the Document.
#[derive(Debug, Clone)]
pub(super) struct Tree {
    pub(super) elems: Vec<Elem>,
}

impl Tree {
    pub(super) fn new() -> Tree {
        Tree {
            elems: vec![Elem {
                role: "Document",
                parent: 0,
                kids: Vec::new(),
                row_header: false,
                id: None,
                lang: None,
                refers: None,
            }],
        }
    }

    /// Adds an element as the last child of `parent`.
    pub(super) fn add(&mut self, role: &'static str, parent: usize) -> usize {
        let i = self.elems.len();
        self.elems.push(Elem {
            role,
            parent,
            kids: Vec::new(),
            row_header: false,
            id: None,
            lang: None,
            refers: None,
        });
        self.elems[parent].kids.push(Kid::Elem(i));
        i
    }

    /// A footnote marker in `parent`: a Reference to note `n`.
    pub(super) fn reference(&mut self, parent: usize, n: u32) -> usize {
        let e = self.add("Reference", parent);
        self.elems[e].refers = Some(n);
        e
    }

    /// Words in `parent` in another language than the document's.
    pub(super) fn span(&mut self, parent: usize, lang: crate::model::Lang) -> usize {
        let e = self.add("Span", parent);
        self.elems[e].lang = Some(lang.tag());
        e
    }
}

/// Which structure elements a line's content belongs to: its body's, and its lead's
/// (a paragraph number, a bullet, a header row's label).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(super) struct LineTag {
    pub(super) body: usize,
    pub(super) lead: Option<usize>,
}

/// Marked content on one page: numbers its sequences and records each in its element.
/// Consecutive lines of one element share one sequence (a paragraph's lines on a
/// page are one marked-content sequence around their text objects), which keeps the
/// structure and parent trees small.
pub(super) struct Marks {
    pub(super) page: usize,
    pub(super) next: u32,
    /// The element whose sequence is open, to be continued by its next line.
    open: Option<usize>,
}

impl Marks {
    pub(super) fn new(page: usize) -> Marks {
        Marks {
            page,
            next: 0,
            open: None,
        }
    }

    /// Continues the open sequence if it is `elem`'s, else begins one for it, left
    /// open for the lines that follow.
    pub(super) fn continue_or_begin(&mut self, c: &mut Content, tree: &mut Tree, elem: usize) {
        if self.open == Some(elem) {
            return;
        }
        self.close(c);
        self.begin(c, tree, elem, None);
        self.open = Some(elem);
    }

    /// Ends the open sequence, if any: before content of another kind and at the end
    /// of the page.
    pub(super) fn close(&mut self, c: &mut Content) {
        if self.open.take().is_some() {
            Self::end(c);
        }
    }

    /// Begins the marked content of `elem`, with the text it reads as where that is
    /// not the text drawn (a line the line breaking hyphenated); ended by [`Self::end`].
    pub(super) fn begin(
        &mut self,
        c: &mut Content,
        tree: &mut Tree,
        elem: usize,
        actual: Option<&str>,
    ) {
        self.close(c);
        let mcid = self.next;
        self.next += 1;
        // Text read as other than drawn is marked /Span, the tag under which readers
        // (poppler among them) take its /ActualText; its element gives its role.
        let role = match actual {
            Some(_) => "Span",
            None => tree.elems[elem].role,
        };
        c.raw(format!("/{role} <</MCID {mcid}").as_bytes());
        if let Some(actual) = actual {
            c.raw(b" /ActualText ");
            c.raw(&text_string(actual));
        }
        c.raw(b">> BDC\n");
        tree.elems[elem].kids.push(Kid::Content {
            page: self.page,
            mcid,
        });
    }

    pub(super) fn end(c: &mut Content) {
        c.raw(b"EMC\n");
    }

    /// Begins page furniture at the top or foot of the page (`Header`, `Footer`).
    pub(super) fn artifact_at(c: &mut Content, subtype: &str) {
        c.raw(format!("/Artifact <</Type /Pagination /Subtype /{subtype}>> BDC\n").as_bytes());
    }

    /// Begins content that is not the notice's: page furniture or layout.
    pub(super) fn artifact(c: &mut Content, pagination: bool) {
        if pagination {
            c.raw(b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n");
        } else {
            c.raw(b"/Artifact <</Type /Layout>> BDC\n");
        }
    }
}

/// A PDF text string for `s`: a literal in PDFDocEncoding when every character has
/// a code there (nearly every line of a notice), else UTF-16 in hexadecimal.
pub(super) fn text_string(s: &str) -> Vec<u8> {
    let doc_code = |c: char| -> Option<u8> {
        Some(match c {
            ' '..='~' => c as u8,
            '\u{a1}'..='\u{ff}' if c != '\u{ad}' => c as u32 as u8,
            '•' => 0x80,
            '—' => 0x84,
            '–' => 0x85,
            '“' => 0x8D,
            '”' => 0x8E,
            '‘' => 0x8F,
            '’' => 0x90,
            _ => return None,
        })
    };
    if let Some(codes) = s.chars().map(doc_code).collect::<Option<Vec<u8>>>() {
        let mut out = Vec::with_capacity(codes.len() + 2);
        out.push(b'(');
        for b in codes {
            if matches!(b, b'(' | b')' | b'\\') {
                out.push(b'\\');
            }
            out.push(b);
        }
        out.push(b')');
        return out;
    }
    let mut hex = String::with_capacity(6 + s.len() * 4);
    hex.push_str("<FEFF");
    for u in s.encode_utf16() {
        let _ = write!(hex, "{u:04X}");
    }
    hex.push('>');
    hex.into_bytes()
}

/// The structure a block's lines belong to, added to the tree as the layout meets it.
pub(super) struct Builder {
    pub(super) tree: Tree,
    /// The list the numbered paragraphs run in, while they run.
    numbered: Option<usize>,
    titled: bool,
}

impl Builder {
    pub(super) fn new() -> Builder {
        Builder {
            tree: Tree::new(),
            numbered: None,
            titled: false,
        }
    }

    /// Called for each block before its lines are tagged.
    pub(super) fn block(&mut self, b: &Block) {
        if !matches!(
            b,
            Block::Paragraph {
                number: Some(_),
                ..
            }
        ) {
            self.numbered = None;
        }
    }

    /// A title line: the first is the document's H1.
    pub(super) fn title(&mut self) -> LineTag {
        let role = if self.titled { "P" } else { "H1" };
        self.titled = true;
        LineTag {
            body: self.tree.add(role, 0),
            lead: None,
        }
    }

    pub(super) fn heading(&mut self, level: u8) -> LineTag {
        let role = if level <= 1 { "H2" } else { "H3" };
        LineTag {
            body: self.tree.add(role, 0),
            lead: None,
        }
    }

    pub(super) fn paragraph(&mut self, parent: usize) -> LineTag {
        LineTag {
            body: self.tree.add("P", parent),
            lead: None,
        }
    }

    /// A numbered paragraph: an item, with its number as the label, of the list the
    /// numbered paragraphs since the last heading make.
    pub(super) fn numbered(&mut self) -> LineTag {
        let list = match self.numbered {
            Some(l) => l,
            None => {
                let l = self.tree.add("L", 0);
                self.numbered = Some(l);
                l
            }
        };
        self.item(list)
    }

    pub(super) fn list(&mut self) -> usize {
        self.tree.add("L", 0)
    }

    /// A list item: label and body.
    pub(super) fn item(&mut self, list: usize) -> LineTag {
        let li = self.tree.add("LI", list);
        let lbl = self.tree.add("Lbl", li);
        LineTag {
            body: self.tree.add("LBody", li),
            lead: Some(lbl),
        }
    }

    pub(super) fn quote(&mut self) -> usize {
        self.tree.add("BlockQuote", 0)
    }

    pub(super) fn table(&mut self) -> usize {
        self.tree.add("Table", 0)
    }

    /// A header row: its label as a row header, its value as a data cell.
    pub(super) fn row(&mut self, table: usize) -> LineTag {
        let tr = self.tree.add("TR", table);
        let th = self.tree.add("TH", tr);
        self.tree.elems[th].row_header = true;
        LineTag {
            body: self.tree.add("TD", tr),
            lead: Some(th),
        }
    }

    /// A footnote, after the body in reading order, with its ID.
    pub(super) fn note(&mut self, number: u32) -> LineTag {
        let e = self.tree.add("Note", 0);
        self.tree.elems[e].id = Some(format!("fn{number}"));
        LineTag {
            body: e,
            lead: None,
        }
    }
}

/// The XMP packet: title, author, subject, language, dates, and the PDF/UA-1
/// identification.
pub(super) fn xmp(meta: &crate::model::Meta) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let date = meta
        .date
        .map(|d| format!("{d}T00:00:00Z"))
        .unwrap_or_else(|| "2000-01-01T00:00:00Z".into());
    let lang = if meta.language.is_empty() {
        "en-GB"
    } else {
        meta.language.as_str()
    };
    format!(
        r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
<pdf:Keywords>{keywords}</pdf:Keywords>
<pdf:Producer>foinotice {version} with printpdf</pdf:Producer>
<xmp:CreatorTool>foinotice</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        title = esc(&meta.title),
        author = esc(&meta.author),
        subject = esc(&meta.subject),
        keywords = esc(&meta.keywords.join(", ")),
        lang = esc(lang),
        version = env!("CARGO_PKG_VERSION"),
    )
}
