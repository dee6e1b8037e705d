//! Writing the structure tree at the end of a notice: its elements, the parent tree,
//! each page's /StructParents and /Tabs, each link's Link element, and the catalogue's
//! /MarkInfo, /StructTreeRoot, /ViewerPreferences and XMP /Metadata.
//!
//! A notice has a hundred or more structure elements (several hundred in a family,
//! whose footnote lists every sibling). They are written straight into PDF syntax
//! ([`Raw`]), which the serialiser packs into object streams with the rest, rather
//! than built as `lopdf` dictionaries and serialised again: in a bulk run that saved
//! about a tenth of the render's time.

use super::serial::{self, Raw};
use super::tags::{xmp, Kid, Tree};
use super::*;
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use std::io::Write as _;

fn reference(out: &mut Vec<u8>, id: ObjectId) {
    let _ = write!(out, "{} {} R", id.0, id.1);
}

/// `/Key n g R`.
fn key_reference(out: &mut Vec<u8>, key: &str, id: ObjectId) {
    let _ = write!(out, "/{key} ");
    reference(out, id);
}

/// Writes the tree into `raw`, and the entries the pages, links and catalogue need
/// into `lo`.
pub(super) fn write(
    lo: &mut lopdf::Document,
    mut tree: Tree,
    annots: &[Vec<(ObjectId, usize)>],
    meta: &crate::model::Meta,
    raw: &mut Raw,
) -> Result<(), Error> {
    let page_ids: Vec<ObjectId> = lo.get_pages().values().copied().collect();
    // Each link annotation gets a Link element in the element its text belongs to.
    let mut annot_elems: Vec<Vec<usize>> = Vec::new();
    for (p, page) in annots.iter().enumerate() {
        let mut v = Vec::new();
        for (index, (_, parent)) in page.iter().enumerate() {
            let link = tree.add("Link", *parent);
            tree.elems[link].kids.push(Kid::Annot { page: p, index });
            v.push(link);
        }
        annot_elems.push(v);
    }
    let root_id = lo.new_object_id();
    let ids: Vec<ObjectId> = tree.elems.iter().map(|_| lo.new_object_id()).collect();
    // Each note's element by its number, for the References to it.
    let notes: BTreeMap<&str, ObjectId> = tree
        .elems
        .iter()
        .zip(&ids)
        .filter_map(|(e, id)| Some((e.id.as_deref()?, *id)))
        .collect();
    // Each note's markers, for the Note's way back to them.
    let mut markers: BTreeMap<String, Vec<ObjectId>> = BTreeMap::new();
    for (e, id) in tree.elems.iter().zip(&ids) {
        if let Some(n) = e.refers {
            markers.entry(format!("fn{n}")).or_default().push(*id);
        }
    }
    for (i, e) in tree.elems.iter().enumerate() {
        let out = raw.begin();
        out.extend_from_slice(b"<</Type/StructElem/S");
        serial::name(out, e.role.as_bytes());
        key_reference(out, "P", if i == 0 { root_id } else { ids[e.parent] });
        if let Some(id) = &e.id {
            out.extend_from_slice(b"/ID");
            serial::literal(out, id.as_bytes());
        }
        if let Some(lang) = e.lang {
            out.extend_from_slice(b"/Lang");
            serial::literal(out, lang.as_bytes());
        }
        // The marker's Reference points to its Note (PDF 2.0's /Ref; ignored by
        // PDF 1.7 readers, which pair them by order), and the Note back to it.
        let to_note = e
            .refers
            .and_then(|n| notes.get(format!("fn{n}").as_str()))
            .map(std::slice::from_ref);
        let back =
            e.id.as_ref()
                .and_then(|id| markers.get(id))
                .map(Vec::as_slice);
        if let Some(refs) = back.or(to_note) {
            out.extend_from_slice(b"/Ref[");
            for (k, r) in refs.iter().enumerate() {
                if k > 0 {
                    out.push(b' ');
                }
                reference(out, *r);
            }
            out.push(b']');
        }
        if e.row_header {
            out.extend_from_slice(b"/A<</O/Table/Scope/Row>>");
        }
        // The element's page is its first content's: content there is listed by its
        // number alone, content on later pages with its page.
        let home = e.kids.iter().find_map(|k| match k {
            Kid::Content { page, .. } => Some(*page),
            _ => None,
        });
        if let Some(p) = home {
            key_reference(out, "Pg", page_ids[p]);
        }
        // One kid is written alone, as PDF allows (and some checkers expect).
        out.extend_from_slice(b"/K");
        let many = e.kids.len() != 1;
        if many {
            out.push(b'[');
        }
        for (k, kid) in e.kids.iter().enumerate() {
            // A space between the items of an array, and after /K before a number or
            // reference written alone (a dictionary follows a name directly).
            let dictionary = match kid {
                Kid::Content { page, .. } => Some(*page) != home,
                Kid::Annot { .. } => true,
                Kid::Elem(_) => false,
            };
            if (many && k > 0) || (!many && !dictionary) {
                out.push(b' ');
            }
            match kid {
                Kid::Elem(j) => reference(out, ids[*j]),
                Kid::Content { page, mcid } if Some(*page) == home => {
                    let _ = write!(out, "{mcid}");
                }
                Kid::Content { page, mcid } => {
                    out.extend_from_slice(b"<</Type/MCR");
                    key_reference(out, "Pg", page_ids[*page]);
                    let _ = write!(out, "/MCID {mcid}>>");
                }
                Kid::Annot { page, index } => {
                    out.extend_from_slice(b"<</Type/OBJR");
                    key_reference(out, "Pg", page_ids[*page]);
                    key_reference(out, "Obj", annots[*page][*index].0);
                    out.extend_from_slice(b">>");
                }
            }
        }
        if many {
            out.push(b']');
        }
        out.extend_from_slice(b">>");
        raw.end(ids[i]);
    }
    // The parent tree: for each page, its marked content's elements by MCID; then one
    // key per link annotation.
    let mut by_page: Vec<Vec<(u32, usize)>> = vec![Vec::new(); page_ids.len()];
    for (i, e) in tree.elems.iter().enumerate() {
        for k in &e.kids {
            if let Kid::Content { page, mcid } = k {
                by_page[*page].push((*mcid, i));
            }
        }
    }
    let parent_tree_id = lo.new_object_id();
    let out = raw.begin();
    out.extend_from_slice(b"<</Nums[");
    for (p, (page_id, mut by_mcid)) in page_ids.iter().zip(by_page).enumerate() {
        by_mcid.sort_unstable();
        if by_mcid
            .iter()
            .enumerate()
            .any(|(k, (m, _))| *m as usize != k)
        {
            return Err(pdf_bug("marked content numbers are not 0, 1, 2 …"));
        }
        if p > 0 {
            out.push(b' ');
        }
        let _ = write!(out, "{p} [");
        for (k, (_, i)) in by_mcid.iter().enumerate() {
            if k > 0 {
                out.push(b' ');
            }
            reference(out, ids[*i]);
        }
        out.push(b']');
        let page = lo
            .get_object_mut(*page_id)
            .and_then(Object::as_dict_mut)
            .map_err(|_| pdf_bug("page"))?;
        page.set("StructParents", Object::Integer(p as i64));
        page.set("Tabs", Object::Name(b"S".to_vec()));
    }
    let mut next_key = page_ids.len() as i64;
    for (p, page) in annots.iter().enumerate() {
        for (index, (annot, _)) in page.iter().enumerate() {
            let _ = write!(out, " {next_key} ");
            reference(out, ids[annot_elems[p][index]]);
            if let Ok(a) = lo.get_object_mut(*annot).and_then(Object::as_dict_mut) {
                a.set("StructParent", Object::Integer(next_key));
                a.set(
                    "Contents",
                    Object::String(b"Link".to_vec(), StringFormat::Literal),
                );
            }
            next_key += 1;
        }
    }
    out.extend_from_slice(b"]>>");
    raw.end(parent_tree_id);
    let out = raw.begin();
    out.extend_from_slice(b"<</Type/StructTreeRoot/K[");
    reference(out, ids[0]);
    out.push(b']');
    key_reference(out, "ParentTree", parent_tree_id);
    let _ = write!(out, "/ParentTreeNextKey {next_key}>>");
    raw.end(root_id);

    let metadata = lopdf::Stream::new(
        {
            let mut d = Dictionary::new();
            d.set("Type", Object::Name(b"Metadata".to_vec()));
            d.set("Subtype", Object::Name(b"XML".to_vec()));
            d
        },
        xmp(meta).into_bytes(),
    )
    .with_compression(false);
    let metadata_id = lo.add_object(metadata);

    let catalog_id = lo
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| pdf_bug("no catalog"))?;
    let catalog = lo
        .get_object_mut(catalog_id)
        .and_then(Object::as_dict_mut)
        .map_err(|_| pdf_bug("catalog"))?;
    let mut mark = Dictionary::new();
    mark.set("Marked", Object::Boolean(true));
    catalog.set("MarkInfo", Object::Dictionary(mark));
    catalog.set("StructTreeRoot", Object::Reference(root_id));
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(prefs));
    catalog.set("Metadata", Object::Reference(metadata_id));
    Ok(())
}
