//! Notice markup: the small line-based language templates write and case-file prose uses.
//!
//! Blocks are separated by blank lines. The first characters of a block say what it is:
//!
//! | block            | meaning                                                    |
//! |------------------|------------------------------------------------------------|
//! | `@key: value`    | metadata (title, author, subject, keywords, header, footer, language) |
//! | `= text`         | a title line                                               |
//! | `: Label \| value` | a header row; `: \| value` continues the row above        |
//! | `# text`         | a section heading; `## text` a sub-heading                 |
//! | `¶ text`         | a numbered paragraph (numbered by the program)            |
//! | `> text`         | a quotation; a lone `>` separates quoted paragraphs        |
//! | `- text`         | a bullet list, one item per `- `                           |
//! | `\| text`         | lines kept as written (addresses, signature)              |
//! | `[^id]: text`    | a footnote's text                                          |
//! | anything else    | an unnumbered paragraph                                    |
//!
//! Inline: `*emphasis*`, `**bold**`, `[^id]` footnote reference, `<https://…>` or a bare
//! `https://…` link, `[text]{lang=cy}` for words in another language than the
//! notice's (Welsh, `cy`; or English, `en`, inside Welsh), and `\` before any
//! character to take it literally.

use crate::model::{Block, Document, Field, Footnote, Inline, Inlines, Style};
use std::collections::HashMap;
use std::fmt;

/// A markup error: a byte offset into the text that was parsed, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupError {
    pub offset: usize,
    pub message: String,
    pub hint: String,
}

impl fmt::Display for MarkupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

/// Inline content before footnotes are numbered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Inline(Inline),
    Footnote(String),
    /// `[#name]` at the start of a numbered paragraph: names it for references.
    Anchor(String),
    /// `[§name]`: the number of the paragraph named `name`, in the style around it.
    ParaRef(String, crate::model::Style),
}

/// Whether a character has a meaning in notice markup; [`escape`] puts a `\` before
/// these.
fn special(c: char) -> bool {
    matches!(
        c,
        '\\' | '*' | '[' | ']' | '<' | '>' | '#' | '|' | '¶' | '@' | '=' | ':' | '-'
    )
}

/// Escapes plain text (an authority's name, an address line) so that it is printed as
/// written. Newlines become spaces: a plain value never starts a new block.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // Plain stretches are copied whole; `plain` is where the uncopied one starts.
    let mut plain = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' || c == '\r' {
            out.push_str(&text[plain..i]);
            out.push(' ');
            plain = i + 1;
        } else if special(c) {
            out.push_str(&text[plain..i]);
            out.push('\\');
            plain = i;
        }
    }
    out.push_str(&text[plain..]);
    out
}

/// Parses inline markup. `base` is added to offsets in errors.
pub fn parse_inline(text: &str, base: usize) -> Result<Vec<Piece>, MarkupError> {
    let mut p = InlineParser {
        src: text,
        pos: 0,
        base,
        out: Vec::new(),
        buf: String::new(),
        style: Style::default(),
        open: Vec::new(),
        span_end: None,
    };
    p.run()?;
    Ok(p.out)
}

struct InlineParser<'a> {
    src: &'a str,
    pos: usize,
    base: usize,
    out: Vec<Piece>,
    buf: String,
    style: Style,
    /// Open emphasis markers: (offset, is_bold).
    open: Vec<(usize, bool)>,
    /// Where the open language span's `]{lang=…}` starts, and its length.
    span_end: Option<(usize, usize)>,
}

fn is_url_start(s: &str) -> bool {
    s.starts_with("https://") || s.starts_with("http://")
}

impl InlineParser<'_> {
    fn flush(&mut self) {
        if !self.buf.is_empty() {
            let text = std::mem::take(&mut self.buf);
            self.out.push(Piece::Inline(Inline::Text {
                text,
                style: self.style,
            }));
        }
    }

    fn err(&self, at: usize, message: impl Into<String>, hint: impl Into<String>) -> MarkupError {
        MarkupError {
            offset: self.base + at,
            message: message.into(),
            hint: hint.into(),
        }
    }

    fn run(&mut self) -> Result<(), MarkupError> {
        let src = self.src;
        while self.pos < src.len() {
            let rest = &src[self.pos..];
            let c = rest.chars().next().expect("non-empty");
            match c {
                '\\' => {
                    let next = rest[1..].chars().next();
                    match next {
                        Some(n) if n != '\n' => {
                            self.buf.push(n);
                            self.pos += 1 + n.len_utf8();
                        }
                        _ => {
                            self.buf.push('\\');
                            self.pos += 1;
                        }
                    }
                }
                '\n' => {
                    self.flush();
                    self.out.push(Piece::Inline(Inline::LineBreak));
                    self.pos += 1;
                }
                '*' => self.emphasis()?,
                '[' if rest.starts_with("[^") => {
                    let Some(end) = rest.find(']') else {
                        return Err(self.err(
                            self.pos,
                            "footnote reference is not closed",
                            "write a footnote reference as [^name], or \\[ for a literal bracket",
                        ));
                    };
                    let id = &rest[2..end];
                    if id.is_empty()
                        || !id
                            .chars()
                            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
                    {
                        return Err(self.err(
                            self.pos,
                            format!("`{}` is not a footnote reference", &rest[..=end]),
                            "footnote names use letters, digits, '-' and '_', as in [^techuk]",
                        ));
                    }
                    self.flush();
                    self.out.push(Piece::Footnote(id.to_string()));
                    self.pos += end + 1;
                }
                '[' if rest.starts_with("[#") || rest.starts_with("[§") => {
                    let anchor = rest.starts_with("[#");
                    let open = if anchor { 2 } else { "[§".len() };
                    let end = rest.find(']').filter(|e| {
                        *e > open
                            && rest[open..*e]
                                .chars()
                                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
                    });
                    let Some(end) = end else {
                        return Err(self.err(
                            self.pos,
                            "a paragraph name or reference is not closed, or its name is not a name",
                            "name a paragraph with [#scope] at its start and refer to it with [§scope] (letters, digits, '-' and '_'); write \\[ for a literal bracket",
                        ));
                    };
                    let id = rest[open..end].to_string();
                    self.flush();
                    if anchor {
                        self.out.push(Piece::Anchor(id));
                        // The name is not printed, nor the space after it.
                        let after = &rest[end + 1..];
                        self.pos += end + 1 + (after.len() - after.trim_start_matches(' ').len());
                    } else {
                        self.out.push(Piece::ParaRef(id, self.style));
                        self.pos += end + 1;
                    }
                }
                '[' => self.span()?,
                ']' if self.span_end.is_some_and(|(at, _)| at == self.pos) => {
                    let (_, len) = self.span_end.take().expect("checked");
                    self.flush();
                    self.style.lang = None;
                    self.pos += len;
                }
                '<' if is_url_start(&rest[1..]) => {
                    let Some(end) = rest.find('>') else {
                        return Err(self.err(
                            self.pos,
                            "link is not closed with `>`",
                            "write a link as <https://example.org/page>",
                        ));
                    };
                    let url = &rest[1..end];
                    if url.contains(char::is_whitespace) {
                        return Err(self.err(
                            self.pos,
                            "a link contains white space",
                            "a URL cannot contain spaces; encode them as %20",
                        ));
                    }
                    self.flush();
                    self.out.push(Piece::Inline(Inline::Link {
                        url: url.to_string(),
                        bracketed: true,
                    }));
                    self.pos += end + 1;
                }
                _ if is_url_start(rest) && self.at_word_start() => {
                    let len = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
                    let mut url = &rest[..len];
                    // Trailing sentence punctuation is not part of the URL.
                    while let Some(last) = url.chars().last() {
                        if matches!(last, '.' | ',' | ';' | ':' | ')' | '"' | '\'' | '”' | '’')
                        {
                            url = &url[..url.len() - last.len_utf8()];
                        } else {
                            break;
                        }
                    }
                    self.flush();
                    self.out.push(Piece::Inline(Inline::Link {
                        url: url.to_string(),
                        bracketed: false,
                    }));
                    self.pos += url.len();
                }
                _ => {
                    // Plain text runs up to the next byte that could start markup
                    // (a link starts with `h`); all of these are ASCII, so the cut
                    // falls between characters.
                    let len = c.len_utf8()
                        + rest[c.len_utf8()..]
                            .bytes()
                            .position(|b| {
                                matches!(b, b'\\' | b'\n' | b'*' | b'[' | b']' | b'<' | b'h')
                            })
                            .unwrap_or(rest.len() - c.len_utf8());
                    self.buf.push_str(&rest[..len]);
                    self.pos += len;
                }
            }
        }
        if let Some(&(at, bold)) = self.open.last() {
            let mark = if bold { "**" } else { "*" };
            return Err(self.err(
                at,
                format!("`{mark}` opens emphasis that is never closed"),
                format!("close it with `{mark}` after the emphasised words, or write \\* for a literal asterisk"),
            ));
        }
        if let Some((at, _)) = self.span_end {
            return Err(self.err(
                at,
                "a language span is not closed",
                "write `]{lang=cy}` after the Welsh words, with no `\\` before the `]`",
            ));
        }
        self.flush();
        Ok(())
    }

    /// A `[` that is not a footnote reference: a language span when a `]{lang=…}`
    /// follows, else a literal bracket.
    fn span(&mut self) -> Result<(), MarkupError> {
        const CLOSE: &str = "]{lang=";
        let rest = &self.src[self.pos..];
        let Some(end) = rest.find(CLOSE) else {
            self.buf.push('[');
            self.pos += 1;
            return Ok(());
        };
        let after = &rest[end + CLOSE.len()..];
        let Some(close) = after.find('}') else {
            return Err(self.err(
                self.pos + end,
                "a language span's `{lang=` is not closed with `}`",
                "write a Welsh phrase as [Diolch yn fawr]{lang=cy}",
            ));
        };
        let code = &after[..close];
        let Some(lang) = crate::model::Lang::from_code(code) else {
            return Err(self.err(
                self.pos + end,
                format!("`{code}` is not a language notices are written in"),
                "mark Welsh words with {lang=cy}, or English words inside Welsh with {lang=en}",
            ));
        };
        if self.span_end.is_some() {
            return Err(self.err(
                self.pos,
                "a language span inside another",
                "close the first span with ]{lang=…} before opening the next",
            ));
        }
        self.flush();
        self.style.lang = Some(lang);
        self.span_end = Some((self.pos + end, CLOSE.len() + close + 1));
        self.pos += 1;
        Ok(())
    }

    fn at_word_start(&self) -> bool {
        self.src[..self.pos]
            .chars()
            .last()
            .is_none_or(|c| c.is_whitespace() || c == '(' || c == '"' || c == '“')
    }

    fn emphasis(&mut self) -> Result<(), MarkupError> {
        let rest = &self.src[self.pos..];
        let bold = rest.starts_with("**");
        let len = if bold { 2 } else { 1 };
        let before = self.src[..self.pos].chars().last();
        let after = rest[len..].chars().next();
        let closes = self.open.last().is_some_and(|&(_, b)| b == bold)
            && before.is_some_and(|c| !c.is_whitespace());
        let opens = after.is_some_and(|c| !c.is_whitespace());
        if closes {
            self.flush();
            self.open.pop();
            if bold {
                self.style.bold = false;
            } else {
                self.style.italic = false;
            }
        } else if opens {
            self.flush();
            self.open.push((self.pos, bold));
            if bold {
                self.style.bold = true;
            } else {
                self.style.italic = true;
            }
        } else {
            // A lone asterisk between spaces is just an asterisk.
            self.buf.push_str(&rest[..len]);
        }
        self.pos += len;
        Ok(())
    }
}

/// Converts prose from a case file into notice markup: paragraphs, `>` quotations and
/// `-` lists pass through; paragraphs are numbered when `numbered` is set. A line that
/// would start a heading, header row, title, line block or footnote definition is
/// escaped, so prose can never change the notice's structure.
pub fn prose_to_markup(prose: &str, numbered: bool) -> String {
    let mut out = String::with_capacity(prose.len() + 16);
    for (i, block) in split_blocks(prose).into_iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        let first = block.trim_start();
        let kind = first.chars().next().unwrap_or(' ');
        if kind == '>' || first.starts_with("- ") {
            out.push_str(block.trim_end());
            continue;
        }
        if numbered {
            out.push_str("¶ ");
        } else if matches!(kind, '#' | '¶' | '|' | ':' | '=' | '@')
            || first.starts_with("[^") && first.contains("]:")
        {
            out.push('\\');
        }
        out.push_str(first.trim_end());
    }
    out
}

/// Checks the block structure of prose from a case file, which [`prose_to_markup`]
/// passes through: every line of a quotation (a block whose first line starts with
/// `>`) must start with `>`. The error's offset is the line's, in `prose`.
pub fn check_blocks(prose: &str) -> Result<(), MarkupError> {
    for block in split_blocks(prose) {
        if !block.trim_start().starts_with('>') {
            continue;
        }
        for line in block.lines().skip(1) {
            if !line.starts_with('>') {
                return Err(MarkupError {
                    offset: offset_in(prose, line.trim_start()),
                    message: "a quotation goes on with a line that does not start with `>`".into(),
                    hint: "start every line of a quotation with `> `, or leave a blank line after the quotation before the next paragraph".into(),
                });
            }
        }
    }
    Ok(())
}

/// Converts verbatim text (a request's wording, a submission) into a quotation block.
pub fn quote_to_markup(text: &str) -> String {
    let text = text.trim_matches('\n');
    let mut out = String::with_capacity(text.len() + 32);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line.trim_end();
        if line.is_empty() {
            out.push('>');
        } else {
            out.push_str("> ");
            out.push_str(line);
        }
    }
    out
}

fn split_blocks(text: &str) -> Vec<&str> {
    let mut blocks = Vec::new();
    let mut start: Option<usize> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match (blank, start) {
            (true, Some(s)) => {
                blocks.push(text[s..offset].trim_end_matches(['\n', '\r']));
                start = None;
            }
            (false, None) => start = Some(offset),
            _ => {}
        }
        offset += line.len();
    }
    if let Some(s) = start {
        blocks.push(text[s..].trim_end_matches(['\n', '\r']));
    }
    blocks
}

/// Byte offset of `part` inside `whole` (both from the same allocation).
fn offset_in(whole: &str, part: &str) -> usize {
    part.as_ptr() as usize - whole.as_ptr() as usize
}

/// Parses a whole notice's markup into a document. Footnote texts are the ones the
/// markup defines plus `extra` (the case file's `[footnotes]`); footnotes are numbered in
/// order of first reference.
pub fn parse_document(src: &str, extra: &[(String, String)]) -> Result<Document, MarkupError> {
    let mut doc = Document::default();
    let mut raw_blocks: Vec<RawBlock> = Vec::new();
    let mut definitions: HashMap<String, (usize, Vec<Piece>)> = HashMap::new();

    for block in split_blocks(src) {
        let at = offset_in(src, block);
        let err = |off: usize, message: String, hint: &str| MarkupError {
            offset: off,
            message,
            hint: hint.to_string(),
        };
        if block.starts_with('@') {
            for line in block.lines() {
                let loff = offset_in(src, line);
                let Some((key, value)) = line[1..].split_once(':') else {
                    return Err(err(
                        loff,
                        format!("metadata line `{line}` has no `:`"),
                        "write @key: value",
                    ));
                };
                let value = unescape(value.trim());
                match key.trim() {
                    "title" => doc.meta.title = value,
                    "author" => doc.meta.author = value,
                    "subject" => doc.meta.subject = value,
                    "keywords" => {
                        doc.meta.keywords = value
                            .split(',')
                            .map(|s| s.trim().to_string())
                            .filter(|s| !s.is_empty())
                            .collect()
                    }
                    "footer" => doc.meta.footer = value,
                    "header" => doc.meta.header = value,
                    "language" => doc.meta.language = value,
                    "align" => {
                        doc.meta.ragged = match value.as_str() {
                            "ragged" => true,
                            "justified" => false,
                            _ => {
                                return Err(err(
                                    loff,
                                    format!("`{value}` is not an alignment"),
                                    "write @align: justified or @align: ragged",
                                ))
                            }
                        }
                    }
                    "date" => {
                        doc.meta.date = Some(
                            chrono::NaiveDate::parse_from_str(&value, "%Y-%m-%d").map_err(
                                |_| {
                                    err(
                                        loff,
                                        format!("`{value}` is not a date"),
                                        "write @date: YYYY-MM-DD",
                                    )
                                },
                            )?,
                        )
                    }
                    other => return Err(err(
                        loff,
                        format!("unknown metadata key `{other}`"),
                        "use title, author, subject, keywords, header, footer, language or date",
                    )),
                }
            }
        } else if block.starts_with("[^") && block.contains("]:") {
            let close = block.find("]:").expect("checked");
            let id = block[2..close].to_string();
            let text_start = close + 2;
            let body = block[text_start..].trim_start();
            let body_off = at + offset_in(block, body);
            let pieces = parse_inline(&join_lines(body), body_off)?;
            if definitions.insert(id.clone(), (at, pieces)).is_some() {
                return Err(err(
                    at,
                    format!("footnote `{id}` is defined twice"),
                    "give each footnote one definition",
                ));
            }
        } else if block.starts_with("= ") {
            for line in block.lines() {
                let t = line
                    .strip_prefix("= ")
                    .unwrap_or(line.trim_start_matches('='));
                raw_blocks.push(RawBlock::Title(parse_inline(t, offset_in(src, t))?));
            }
        } else if block.starts_with(':') {
            let mut rows = Vec::new();
            for line in block.lines() {
                let body = line[1..].trim_start();
                let Some((label, value)) = split_unescaped(body, '|') else {
                    return Err(err(
                        offset_in(src, line),
                        "header row has no `|`".into(),
                        "write : Label | value",
                    ));
                };
                let value = value.trim();
                rows.push((
                    unescape(label.trim()),
                    parse_inline(value, offset_in(src, value))?,
                ));
            }
            raw_blocks.push(RawBlock::Fields(rows));
        } else if let Some(level) = heading_level(block) {
            let text = block[level as usize..].trim();
            raw_blocks.push(RawBlock::Heading(
                level,
                parse_inline(&join_lines(text), offset_in(src, text))?,
            ));
        } else if let Some(text) = block.strip_prefix("¶") {
            let text = text.trim();
            raw_blocks.push(RawBlock::Para(
                true,
                parse_inline(&join_lines(text), offset_in(src, text))?,
            ));
        } else if block.starts_with('>') {
            let mut paras: Vec<Vec<Piece>> = Vec::new();
            let mut current = String::new();
            let mut current_off = at;
            for line in block.lines() {
                let Some(body) = line.strip_prefix('>') else {
                    return Err(err(
                        offset_in(src, line),
                        "a quotation line does not start with `>`".into(),
                        "start every line of a quotation with `> `",
                    ));
                };
                let body = body.strip_prefix(' ').unwrap_or(body);
                if body.trim().is_empty() {
                    if !current.is_empty() {
                        paras.push(parse_inline(&current, current_off)?);
                        current.clear();
                    }
                } else {
                    if current.is_empty() {
                        current_off = offset_in(src, body);
                    } else {
                        current.push('\n');
                    }
                    current.push_str(body.trim_end());
                }
            }
            if !current.is_empty() {
                paras.push(parse_inline(&current, current_off)?);
            }
            raw_blocks.push(RawBlock::Quote(paras));
        } else if block.starts_with("- ") {
            let mut items: Vec<String> = Vec::new();
            let mut offs = Vec::new();
            for line in block.lines() {
                if let Some(item) = line.strip_prefix("- ") {
                    offs.push(offset_in(src, item));
                    items.push(item.trim().to_string());
                } else if let Some(last) = items.last_mut() {
                    last.push(' ');
                    last.push_str(line.trim());
                }
            }
            let mut parsed = Vec::new();
            for (item, off) in items.iter().zip(offs) {
                parsed.push(parse_inline(item, off)?);
            }
            raw_blocks.push(RawBlock::List(parsed));
        } else if block.starts_with('|') {
            let mut lines = Vec::new();
            for line in block.lines() {
                let body = line.strip_prefix('|').unwrap_or(line);
                let body = body.strip_prefix(' ').unwrap_or(body).trim_end();
                lines.push(parse_inline(body, offset_in(src, body))?);
            }
            raw_blocks.push(RawBlock::Lines(lines));
        } else {
            let text = block.trim();
            raw_blocks.push(RawBlock::Para(false, parse_inline(&join_lines(text), at)?));
        }
    }

    for (id, text) in extra {
        if !definitions.contains_key(id) {
            definitions.insert(id.clone(), (0, parse_inline(text, 0)?));
        }
    }

    // Number paragraphs and footnotes. The paragraphs' names first, so that a
    // reference may point forward.
    let mut numbers = Numbering::default();
    let mut counted = 0;
    for raw in &raw_blocks {
        let (number, pieces): (Option<u32>, Vec<&Vec<Piece>>) = match raw {
            RawBlock::Para(numbered, p) => (
                numbered.then(|| {
                    counted += 1;
                    counted
                }),
                vec![p],
            ),
            RawBlock::Title(p) | RawBlock::Heading(_, p) => (None, vec![p]),
            RawBlock::Fields(rows) => (None, rows.iter().map(|(_, v)| v).collect()),
            RawBlock::Quote(ps) | RawBlock::List(ps) | RawBlock::Lines(ps) => {
                (None, ps.iter().collect())
            }
        };
        for piece in pieces.into_iter().flatten() {
            if let Piece::Anchor(id) = piece {
                let Some(n) = number else {
                    return Err(MarkupError {
                        offset: 0,
                        message: format!(
                            "`[#{id}]` names a block that is not a numbered paragraph"
                        ),
                        hint: "name a numbered paragraph, at its start".into(),
                    });
                };
                if numbers.paragraphs.insert(id.clone(), n).is_some() {
                    return Err(MarkupError {
                        offset: 0,
                        message: format!("two paragraphs are named `{id}`"),
                        hint: "give each named paragraph its own name".into(),
                    });
                }
            }
        }
    }
    let mut para_no = 0;
    for raw in raw_blocks {
        let block = match raw {
            RawBlock::Title(p) => Block::Title(numbers.resolve(p, &definitions)?),
            RawBlock::Fields(rows) => {
                let mut fields = Vec::new();
                for (label, value) in rows {
                    fields.push(Field {
                        label,
                        value: numbers.resolve(value, &definitions)?,
                    });
                }
                Block::Fields(fields)
            }
            RawBlock::Heading(level, p) => Block::Heading {
                level,
                text: numbers.resolve(p, &definitions)?,
            },
            RawBlock::Para(numbered, p) => {
                let number = numbered.then(|| {
                    para_no += 1;
                    para_no
                });
                Block::Paragraph {
                    number,
                    text: numbers.resolve(p, &definitions)?,
                }
            }
            RawBlock::Quote(paras) => Block::Quote(numbers.resolve_all(paras, &definitions)?),
            RawBlock::List(items) => Block::List(numbers.resolve_all(items, &definitions)?),
            RawBlock::Lines(lines) => Block::Lines(numbers.resolve_all(lines, &definitions)?),
        };
        doc.blocks.push(block);
    }
    // Footnote texts may themselves refer to later footnotes only by number; they are
    // resolved after the body so that numbering follows the body's reading order.
    let mut i = 0;
    while i < numbers.order.len() {
        let id = numbers.order[i].clone();
        let (_, pieces) = definitions.get(&id).expect("resolved ids are defined");
        let text = numbers.resolve(pieces.clone(), &definitions)?;
        doc.footnotes.push(Footnote {
            number: (i + 1) as u32,
            text,
        });
        i += 1;
    }
    if let Some((id, (at, _))) = definitions
        .iter()
        .filter(|(id, (at, _))| *at > 0 && !numbers.ids.contains_key(*id))
        .min_by_key(|(_, (at, _))| *at)
    {
        return Err(MarkupError {
            offset: *at,
            message: format!("footnote `{id}` is defined but never referenced"),
            hint: format!("refer to it with [^{id}] or remove it"),
        });
    }
    Ok(doc)
}

#[derive(Default)]
struct Numbering {
    ids: HashMap<String, u32>,
    order: Vec<String>,
    /// Each named paragraph's number (`[#name]`).
    paragraphs: HashMap<String, u32>,
}

impl Numbering {
    fn resolve(
        &mut self,
        pieces: Vec<Piece>,
        defs: &HashMap<String, (usize, Vec<Piece>)>,
    ) -> Result<Inlines, MarkupError> {
        let mut out = Vec::with_capacity(pieces.len());
        for piece in pieces {
            match piece {
                Piece::Inline(i) => out.push(i),
                Piece::Anchor(_) => {}
                Piece::ParaRef(id, style) => {
                    let Some(n) = self.paragraphs.get(&id) else {
                        return Err(MarkupError {
                            offset: 0,
                            message: format!("`[§{id}]` refers to no paragraph of the notice"),
                            hint: format!("name the paragraph meant with [#{id}] at its start"),
                        });
                    };
                    out.push(Inline::Text {
                        text: n.to_string(),
                        style,
                    });
                }
                Piece::Footnote(id) => {
                    if !defs.contains_key(&id) {
                        return Err(MarkupError {
                            offset: 0,
                            message: format!("footnote `{id}` is referenced but never defined"),
                            hint: format!("add `{id} = \"...\"` under [footnotes]"),
                        });
                    }
                    let next = self.order.len() as u32 + 1;
                    let n = *self.ids.entry(id.clone()).or_insert_with(|| {
                        self.order.push(id);
                        next
                    });
                    out.push(Inline::FootnoteRef(n));
                }
            }
        }
        Ok(out)
    }

    fn resolve_all(
        &mut self,
        items: Vec<Vec<Piece>>,
        defs: &HashMap<String, (usize, Vec<Piece>)>,
    ) -> Result<Vec<Inlines>, MarkupError> {
        items.into_iter().map(|p| self.resolve(p, defs)).collect()
    }
}

enum RawBlock {
    Title(Vec<Piece>),
    Fields(Vec<(String, Vec<Piece>)>),
    Heading(u8, Vec<Piece>),
    Para(bool, Vec<Piece>),
    Quote(Vec<Vec<Piece>>),
    List(Vec<Vec<Piece>>),
    Lines(Vec<Vec<Piece>>),
}

fn heading_level(block: &str) -> Option<u8> {
    if block.starts_with("## ") {
        Some(2)
    } else if block.starts_with("# ") {
        Some(1)
    } else {
        None
    }
}

/// Joins the lines of a flowing paragraph with single spaces.
fn join_lines(text: &str) -> String {
    if !text.contains('\n') {
        return text.to_string();
    }
    text.lines().map(str::trim).collect::<Vec<_>>().join(" ")
}

fn split_unescaped(s: &str, sep: char) -> Option<(&str, &str)> {
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            return Some((&s[..i], &s[i + c.len_utf8()..]));
        }
    }
    None
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plain_text;

    fn text(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| match p {
                Piece::Inline(i) => plain_text(std::slice::from_ref(i)),
                Piece::Footnote(id) => format!("[{id}]"),
                Piece::Anchor(id) => format!("<#{id}>"),
                Piece::ParaRef(id, _) => format!("<§{id}>"),
            })
            .collect()
    }

    #[test]
    fn named_paragraphs_are_numbered_where_they_are_referred_to() {
        let p = parse_inline("[#scope] The scope. See [§later] and \\[§not].", 0).unwrap();
        assert_eq!(text(&p), "<#scope>The scope. See <§later> and [§not].");
        let doc = parse_document(
            "¶ First, see paragraph [§later].\n\n¶ [#later] Second.",
            &[],
        )
        .unwrap();
        let paras: Vec<String> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                crate::model::Block::Paragraph { text, .. } => Some(plain_text(text)),
                _ => None,
            })
            .collect();
        assert_eq!(paras, ["First, see paragraph 2.", "Second."]);
        let unknown = parse_document("¶ See [§nowhere].", &[]).unwrap_err();
        assert!(unknown.message.contains("nowhere"), "{}", unknown.message);
        let twice = parse_document("¶ [#a] One.\n\n¶ [#a] Two.", &[]).unwrap_err();
        assert!(
            twice.message.contains("two paragraphs"),
            "{}",
            twice.message
        );
        assert!(parse_inline("[#bad name]", 0).is_err());
    }

    #[test]
    fn emphasis_footnotes_and_links() {
        let p = parse_inline(
            "see *Policing*[^a] at <https://x.org/a> or https://y.org.",
            0,
        )
        .unwrap();
        assert_eq!(
            text(&p),
            "see Policing[a] at <https://x.org/a> or https://y.org."
        );
        assert!(p.iter().any(|x| matches!(x, Piece::Inline(Inline::Text { style: Style { italic: true, .. }, text }) if text == "Policing")));
    }

    #[test]
    fn language_spans_mark_their_words_and_leave_other_brackets_alone() {
        let p = parse_inline(
            "We welcome letters in Welsh: [Croesewir *gohebiaeth* yn Gymraeg]{lang=cy}. [Sic] and [^a].",
            0,
        )
        .unwrap();
        assert_eq!(
            text(&p),
            "We welcome letters in Welsh: Croesewir gohebiaeth yn Gymraeg. [Sic] and [a]."
        );
        let welsh: Vec<(&str, bool)> = p
            .iter()
            .filter_map(|x| match x {
                Piece::Inline(Inline::Text { text, style })
                    if style.lang == Some(crate::model::Lang::Welsh) =>
                {
                    Some((text.as_str(), style.italic))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            welsh,
            [
                ("Croesewir ", false),
                ("gohebiaeth", true),
                (" yn Gymraeg", false)
            ]
        );
        // After the span, the document's language again.
        assert!(p.iter().any(|x| matches!(x, Piece::Inline(Inline::Text { text, style }) if text.starts_with(". [Sic]") && style.lang.is_none())));
    }

    #[test]
    fn bad_language_spans_are_located_errors() {
        let e = parse_inline("ok [Bonjour]{lang=fr} there", 0).unwrap_err();
        assert_eq!(e.offset, 11);
        assert!(e.message.contains("`fr`"), "{}", e.message);
        let e = parse_inline("[Diolch]{lang=cy", 0).unwrap_err();
        assert!(e.message.contains("not closed with `}`"), "{}", e.message);
        let e = parse_inline("[a [b]{lang=cy} c]{lang=cy}", 0).unwrap_err();
        assert!(e.message.contains("inside another"), "{}", e.message);
        let e = parse_inline("[Diolch\\]{lang=cy}", 0).unwrap_err();
        assert!(e.message.contains("not closed"), "{}", e.message);
    }

    #[test]
    fn escaped_text_round_trips() {
        let raw = "Smith & *Sons* [^x] <a> # - | ¶ : \\";
        let p = parse_inline(&escape(raw), 0).unwrap();
        assert_eq!(text(&p), raw);
    }

    #[test]
    fn unclosed_emphasis_is_an_error_at_its_offset() {
        let e = parse_inline("abc *def", 0).unwrap_err();
        assert_eq!(e.offset, 4);
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn lone_asterisk_is_literal() {
        assert_eq!(text(&parse_inline("a * b", 0).unwrap()), "a * b");
    }

    #[test]
    fn paragraphs_are_numbered_continuously_and_footnotes_in_order() {
        let src = "# A\n\n¶ one[^b]\n\nplain\n\n¶ two[^a] and[^b]\n\n[^a]: first\n\n[^b]: second";
        let doc = parse_document(src, &[]).unwrap();
        let numbers: Vec<_> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph { number, .. } => Some(*number),
                _ => None,
            })
            .collect();
        assert_eq!(numbers, vec![Some(1), None, Some(2)]);
        assert_eq!(plain_text(&doc.footnotes[0].text), "second");
        assert_eq!(plain_text(&doc.footnotes[1].text), "first");
    }

    #[test]
    fn undefined_and_unused_footnotes_are_errors() {
        assert!(parse_document("¶ x[^nope]", &[])
            .unwrap_err()
            .message
            .contains("never defined"));
        assert!(parse_document("¶ x\n\n[^a]: unused", &[])
            .unwrap_err()
            .message
            .contains("never referenced"));
    }

    #[test]
    fn prose_cannot_smuggle_structure() {
        let m = prose_to_markup("# not a heading\n\n> quoted\n\n- item", false);
        let doc = parse_document(&m, &[]).unwrap();
        assert!(matches!(
            doc.blocks[0],
            Block::Paragraph { number: None, .. }
        ));
        assert!(matches!(doc.blocks[1], Block::Quote(_)));
        assert!(matches!(doc.blocks[2], Block::List(_)));
    }
}
