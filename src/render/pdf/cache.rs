//! What the PDF renderer remembers between notices, owned by whoever renders. A bulk
//! run sets the same paragraphs, words and fonts over and over; each worker keeps one
//! `Cache` and passes it to every notice it renders. A cache is not shared between
//! threads (it holds `RefCell`s), so no lock is taken on the hot path.

use super::*;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

/// The renderer's memory. Every table is bounded: each is cleared when it reaches its
/// limit (see the constants beside the code that fills it).
#[derive(Default)]
pub struct Cache {
    /// Whole paragraphs already set, by their text and frame.
    pub(super) paragraphs: RefCell<Paragraphs>,
    /// Hyphenation points by word.
    pub(super) hyphens: RefCell<HashMap<String, Vec<usize>>>,
    /// Each word's break items, by font, size and hyphenation.
    pub(super) words: RefCell<WordMemo>,
    /// The last long paragraphs set (a family's list of references), by frame.
    pub(super) longs: RefCell<long::Longs>,
    /// How many lines of long paragraphs were set afresh (the rest were kept).
    pub(super) long_lines: Cell<usize>,
    /// Line bodies shared between equal lines.
    pub(super) bodies: RefCell<Bodies>,
    /// A word's glyph bytes in a subset.
    pub(super) runs: RefCell<RunMemo>,
    /// One deflate compressor per level, reset between streams.
    pub(super) compressors: RefCell<Vec<(u32, flate2::Compress)>>,
    /// Font resources by the subsets they carry.
    pub(super) fonts: RefCell<HashMap<FontKey, Arc<FontObjects>>>,
    /// Font subsets by face and characters.
    pub(super) subsets: RefCell<HashMap<SubsetKey, Arc<Subset>>>,
    /// The id given to the last subset made (ids start at 1).
    pub(super) last_subset: Cell<u64>,
    /// Deflated streams by digest.
    pub(super) deflated: RefCell<DeflateCache>,
}

impl Cache {
    pub fn new() -> Self {
        Self::default()
    }
}
