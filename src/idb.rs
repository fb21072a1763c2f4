//! The browser's IndexedDB as a small async key → text store.
//!
//! The model registry lives here so it survives reloads (and is far larger than local storage
//! allows). One database, one object store per kind of record; every value is a JSON string.
//! Reading returns each entry's key with either its text or the fact that it is not text: the
//! caller decides what a corrupt or foreign entry means and reports it, so a damaged database
//! never stops the app. Requests are turned into futures by wrapping their `onsuccess` /
//! `onerror` callbacks in a `Promise`.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The database's name.
pub const DB_NAME: &str = "prevision";
/// Its schema version: bump when a store is added.
const DB_VERSION: u32 = 1;
/// The object store of model versions (key = version id).
pub const VERSIONS: &str = "versions";
/// The object store of small settings (key = name), e.g. which version is in service.
pub const META: &str = "meta";

/// Why the store could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdbError(pub String);

fn err(e: JsValue) -> IdbError {
    IdbError(
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| e.as_string())
            .unwrap_or_else(|| "IndexedDB".to_owned()),
    )
}

/// Resolves with the request's result once it succeeds.
async fn settle(request: &web_sys::IdbRequest) -> Result<JsValue, IdbError> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let ok = request.clone();
        let on_success = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &ok.result().unwrap_or(JsValue::UNDEFINED));
        });
        let bad = request.clone();
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let error = bad.error().ok().flatten().map(JsValue::from).unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await.map_err(err)
}

/// The database, created with its stores on first use.
pub async fn open() -> Result<web_sys::IdbDatabase, IdbError> {
    let factory: web_sys::IdbFactory = {
        let global = js_sys::global();
        let value = js_sys::Reflect::get(&global, &"indexedDB".into()).map_err(err)?;
        value.dyn_into().map_err(|_| IdbError("IndexedDB is not available".into()))?
    };
    let request = factory.open_with_u32(DB_NAME, DB_VERSION).map_err(err)?;
    let upgrade = request.clone();
    let on_upgrade = Closure::once_into_js(move |_: web_sys::Event| {
        if let Ok(db) = upgrade.result().and_then(|r| r.dyn_into::<web_sys::IdbDatabase>()) {
            let names = db.object_store_names();
            for store in [VERSIONS, META] {
                if !names.contains(store) {
                    let _ = db.create_object_store(store);
                }
            }
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    let db = settle(&request).await?;
    db.dyn_into().map_err(|_| IdbError("not a database".into()))
}

fn store(
    db: &web_sys::IdbDatabase,
    name: &str,
    mode: web_sys::IdbTransactionMode,
) -> Result<web_sys::IdbObjectStore, IdbError> {
    db.transaction_with_str_and_mode(name, mode).and_then(|t| t.object_store(name)).map_err(err)
}

/// Writes `text` under `key` in `store_name`.
pub async fn put(store_name: &str, key: &str, text: &str) -> Result<(), IdbError> {
    let db = open().await?;
    let request = store(&db, store_name, web_sys::IdbTransactionMode::Readwrite)?
        .put_with_key(&JsValue::from_str(text), &JsValue::from_str(key))
        .map_err(err)?;
    settle(&request).await.map(|_| ())
}

/// Deletes `key` from `store_name` (nothing if absent).
pub async fn delete(store_name: &str, key: &str) -> Result<(), IdbError> {
    let db = open().await?;
    let request = store(&db, store_name, web_sys::IdbTransactionMode::Readwrite)?
        .delete(&JsValue::from_str(key))
        .map_err(err)?;
    settle(&request).await.map(|_| ())
}

/// The text under `key`, if there is one and it is text.
pub async fn get(store_name: &str, key: &str) -> Result<Option<String>, IdbError> {
    let db = open().await?;
    let request = store(&db, store_name, web_sys::IdbTransactionMode::Readonly)?
        .get(&JsValue::from_str(key))
        .map_err(err)?;
    Ok(settle(&request).await?.as_string())
}

/// One stored entry: its key, and its text (`Err` with the key's description when the
/// value is not text, as a foreign script could have written).
pub type Entry = (String, Result<String, String>);

/// Every entry of `store_name`, in key order.
pub async fn all(store_name: &str) -> Result<Vec<Entry>, IdbError> {
    let db = open().await?;
    let s = store(&db, store_name, web_sys::IdbTransactionMode::Readonly)?;
    let keys = settle(&s.get_all_keys().map_err(err)?).await?;
    let values = settle(&s.get_all().map_err(err)?).await?;
    let keys: js_sys::Array = keys.dyn_into().map_err(|_| IdbError("keys".into()))?;
    let values: js_sys::Array = values.dyn_into().map_err(|_| IdbError("values".into()))?;
    Ok(keys
        .iter()
        .zip(values.iter())
        .map(|(k, v)| {
            let key = k.as_string().unwrap_or_else(|| format!("{k:?}"));
            let text = v.as_string().ok_or_else(|| {
                js_sys::JSON::stringify(&v).ok().and_then(|s| s.as_string()).unwrap_or_default()
            });
            (key, text)
        })
        .collect())
}
