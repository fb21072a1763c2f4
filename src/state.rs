//! The app's shared state: the interface language and what is loaded, as reactive signals.
//!
//! One [`Studio`] is created at the top of the app and handed down with `provide_context`;
//! components read it and call its methods, and hold no state of their own beyond what is
//! purely visual (a drag hover). Loading is a small state machine ([`LoadState`]): every load
//! takes a ticket, and a result arriving for an older ticket (a slow file read overtaken by a
//! newer drop) is dropped, so the page always shows the last thing the user asked for.
//! The engine does all the reading and checking; this module only routes bytes to it.

use std::sync::Arc;

use leptos::prelude::*;
use prevision_engine::ingest::{IngestError, IngestOptions, Ingested, ingest};

use crate::datasets::BuiltInDataset;
use crate::i18n::{Lang, Msg};

/// Files above this size are refused before reading: the whole file is held in memory twice
/// (bytes and frame) inside the page.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Where the data being shown came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A dataset embedded in the app.
    BuiltIn(BuiltInDataset),
    /// A file the user picked or dropped.
    File {
        /// The file's name as the browser reports it.
        name: String,
    },
}

impl Source {
    /// The name shown to the user.
    pub fn name(&self) -> &str {
        match self {
            Source::BuiltIn(d) => d.file_name(),
            Source::File { name } => name,
        }
    }
}

/// Why loading failed.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// The engine refused the file.
    Ingest(IngestError),
    /// The browser could not read the file (removed, locked, or permission withdrawn).
    Unreadable,
    /// The file is larger than [`MAX_FILE_BYTES`].
    TooLarge {
        /// Size of the file.
        size_bytes: u64,
        /// The largest accepted size.
        limit_bytes: u64,
    },
    /// Something was dropped, but it was not a file (a text selection, a link).
    NoFile,
}

/// What the page shows in its report area.
#[derive(Debug, Clone)]
pub enum LoadState {
    /// Nothing asked for yet.
    Empty,
    /// A file is being read and checked.
    Reading {
        /// What is being read.
        source: Source,
    },
    /// The engine accepted the data.
    Ready {
        /// What was read.
        source: Source,
        /// The frame and its quality report.
        ingested: Arc<Ingested>,
    },
    /// Loading failed; the previous data is no longer shown.
    Failed {
        /// What was being read.
        source: Source,
        /// Why it failed.
        error: LoadError,
    },
}

/// Proof that a load was started; finishing with a stale ticket does nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadTicket(u64);

/// The app state shared by every component.
#[derive(Debug, Clone, Copy)]
pub struct Studio {
    /// The interface language.
    pub lang: RwSignal<Lang>,
    /// What is loaded.
    pub load: RwSignal<LoadState>,
    /// The ticket of the latest load.
    latest: StoredValue<u64>,
}

impl Studio {
    /// A studio speaking `lang` with nothing loaded.
    pub fn new(lang: Lang) -> Self {
        Studio {
            lang: RwSignal::new(lang),
            load: RwSignal::new(LoadState::Empty),
            latest: StoredValue::new(0),
        }
    }

    /// The text of `msg` in the current language (tracked: the caller re-renders on a switch).
    pub fn t(&self, msg: Msg<'_>) -> String {
        self.lang.get().text(&msg)
    }

    /// Switches the interface language and remembers the choice for the next visit.
    pub fn choose_lang(&self, lang: Lang) {
        self.lang.set(lang);
        crate::browser::remember_lang(lang);
    }

    /// The source being read or shown, if any (tracked).
    pub fn current_source(&self) -> Option<Source> {
        self.load.with(|state| match state {
            LoadState::Empty => None,
            LoadState::Reading { source }
            | LoadState::Ready { source, .. }
            | LoadState::Failed { source, .. } => Some(source.clone()),
        })
    }

    /// Marks `source` as being read and returns the ticket its result must present.
    pub fn begin(&self, source: Source) -> LoadTicket {
        self.latest.update_value(|n| *n += 1);
        self.load.set(LoadState::Reading { source });
        LoadTicket(self.latest.get_value())
    }

    /// Hands the bytes read for `ticket` to the engine and shows the outcome, unless a newer
    /// load started meanwhile.
    pub fn finish(&self, ticket: LoadTicket, read: Result<Vec<u8>, LoadError>) {
        if ticket.0 != self.latest.get_value() {
            return;
        }
        let source = match self.load.get_untracked() {
            LoadState::Reading { source } => source,
            // Only `begin` issues tickets and it always sets `Reading`.
            _ => return,
        };
        let next = match read.and_then(|bytes| check(&bytes)) {
            Ok(ingested) => LoadState::Ready { source, ingested: Arc::new(ingested) },
            Err(error) => LoadState::Failed { source, error },
        };
        self.load.set(next);
    }

    /// Loads bytes already in memory (a built-in dataset, a test fixture).
    pub fn load_bytes(&self, source: Source, bytes: &[u8]) {
        let ticket = self.begin(source);
        self.finish(ticket, Ok(bytes.to_vec()));
    }

    /// Loads a built-in dataset.
    pub fn load_dataset(&self, dataset: BuiltInDataset) {
        self.load_bytes(Source::BuiltIn(dataset), dataset.bytes());
    }

    /// Reads a file the user picked or dropped, then loads it.
    pub fn load_file(&self, file: web_sys::File) {
        let source = Source::File { name: file.name() };
        let ticket = self.begin(source);
        // `size()` is a float in the File API; any real file fits in u64.
        let size_bytes = file.size().max(0.0) as u64;
        if size_bytes > MAX_FILE_BYTES {
            self.finish(
                ticket,
                Err(LoadError::TooLarge { size_bytes, limit_bytes: MAX_FILE_BYTES }),
            );
            return;
        }
        let studio = *self;
        leptos::task::spawn_local(async move {
            let read = read_file(&file).await;
            studio.finish(ticket, read);
        });
    }

    /// Shows that a drop held no file.
    pub fn fail_no_file(&self) {
        let ticket = self.begin(Source::File { name: String::new() });
        self.finish(ticket, Err(LoadError::NoFile));
    }
}

/// Runs the engine's ingest with the default options.
fn check(bytes: &[u8]) -> Result<Ingested, LoadError> {
    ingest(bytes, &IngestOptions::default()).map_err(LoadError::Ingest)
}

/// The whole content of a browser file.
async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, LoadError> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| LoadError::Unreadable)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
