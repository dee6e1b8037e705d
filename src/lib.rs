//! foinotice drafts UK Freedom of Information notices from structured case facts.
//!
//! The pipeline, one module per stage:
//! case file ([`facts`], checked by [`validate`]) → template ([`templates`], run by
//! [`notice`]) → notice markup ([`markup`]) → document model ([`model`]) → renderers
//! ([`render`]).

pub mod bulk;
pub mod calendar;
pub mod diagnostic;
pub mod english;
pub mod error;
pub mod facts;
pub mod law;
pub mod markup;
pub mod model;
pub mod notice;
pub mod output;
pub mod register;
pub mod render;
pub mod rules;
pub mod source;
pub mod statute;
pub mod templates;
pub mod timeline;
pub mod validate;

pub use error::Error;
