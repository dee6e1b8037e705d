//! foinotice drafts UK Freedom of Information notices from structured case facts.
//!
//! The pipeline, one module per stage, none depending on a later one:
//! case file → [`case`] (read, with located errors, into the facts as written:
//! [`facts`]) → the checks ([`validate`], then [`rules`], resolving the facts against the
//! law in force on their dates: [`law`], [`statute`], [`calendar`], [`timeline`]) →
//! [`notice`] (the templates, [`templates`], writing notice markup, [`markup`], parsed
//! into the document model, [`model`]) → renderers ([`render`]) → issuing ([`output`],
//! and [`bulk`] for families). [`register`] gives a decision notice's register entry.

#![forbid(unsafe_code)]

pub mod bulk;
pub mod calendar;
pub mod case;
pub mod desk;
pub mod diagnostic;
pub mod english;
pub mod error;
pub mod facts;
pub mod fonts;
pub mod law;
pub mod markup;
pub mod model;
pub mod notice;
pub mod output;
pub mod register;
pub mod render;
pub mod rules;
pub mod schema;
pub mod skeleton;
pub mod source;
pub mod statute;
pub mod style;
pub mod style_scope;
mod style_syntax;
pub mod styles_draft;
pub mod templates;
pub mod text;
pub mod timeline;
pub mod validate;

pub use error::Error;
