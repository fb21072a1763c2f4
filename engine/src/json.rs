//! JSON that keeps `NaN`.
//!
//! JSON has no `NaN`: `serde_json` writes every non-finite float as `null`, and its reader
//! refuses `null` where an `f64` is expected. Reports and frames hold `NaN` on purpose (a missing
//! actual, a metric that does not exist), so every `f64` field that may hold one reads `null`
//! back as `NaN` through the functions below (`#[serde(deserialize_with = "…")]`). They work
//! inside tagged enums too, because they only ask for an `Option<f64>`. An infinity also comes
//! back as `NaN`; nothing the engine reports is infinite.
//!
//! [`from_str`] and [`to_string`] are the engine's one way in and out of JSON, so the app, the
//! CLI and the worker messages share one instantiation of every serde impl.

use serde::{Deserialize, Deserializer, Serialize, de::DeserializeOwned};

/// Parse `text` (every `null` in a NaN-capable field reads as `NaN`).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str(text)
}

/// Compact JSON of `value` (`NaN` written as `null`).
pub fn to_string<T: Serialize>(value: &T) -> String {
    // Serialising plain data to a `String` cannot fail: no map has non-string keys.
    serde_json::to_string(value).unwrap_or_default()
}

/// One float: `null` → `NaN`.
pub fn nan<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

/// A list of floats: each `null` → `NaN`.
pub fn nan_vec<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
    let values = Vec::<Option<f64>>::deserialize(d)?;
    Ok(values.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect())
}

/// A list of lists of floats: each `null` → `NaN`.
pub fn nan_vec_vec<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<f64>>, D::Error> {
    let rows = Vec::<Vec<Option<f64>>>::deserialize(d)?;
    Ok(rows.into_iter().map(|r| r.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect()).collect())
}

/// JSON text carried as it is: read without being decoded (only checked to be one JSON value)
/// and written back verbatim. For a large value that is passed on more often than looked into,
/// such as a fitted forest on its way from a worker to a download.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Raw(Box<serde_json::value::RawValue>);

impl Raw {
    /// `value` as JSON (`NaN` written as `null`, as [`to_string`] writes it).
    pub fn of<T: Serialize>(value: &T) -> Raw {
        // Written once and wrapped as it is (not parsed again); serialising plain data cannot
        // fail: no map has non-string keys.
        Raw(serde_json::value::to_raw_value(value).unwrap_or_else(|_| null()))
    }

    /// The JSON text.
    pub fn text(&self) -> &str {
        self.0.get()
    }

    /// Decodes the value (every `null` in a NaN-capable field reads as `NaN`).
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        from_str(self.text())
    }
}

/// The JSON `null`, as a raw value.
fn null() -> Box<serde_json::value::RawValue> {
    serde_json::value::RawValue::NULL.to_owned()
}

/// Two raw values are equal when their texts are.
impl PartialEq for Raw {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Serialize, Deserialize)]
    struct Holder {
        #[serde(deserialize_with = "nan")]
        one: f64,
        #[serde(deserialize_with = "nan_vec")]
        many: Vec<f64>,
        #[serde(deserialize_with = "nan_vec_vec")]
        rows: Vec<Vec<f64>>,
    }

    #[test]
    fn nan_survives_a_round_trip_and_numbers_stay_exact() {
        let h =
            Holder { one: f64::NAN, many: vec![0.1, f64::NAN, -3.5], rows: vec![vec![f64::NAN]] };
        let text = to_string(&h);
        assert_eq!(text, r#"{"one":null,"many":[0.1,null,-3.5],"rows":[[null]]}"#);
        let back: Holder = from_str(&text).expect("valid JSON");
        assert!(back.one.is_nan());
        assert_eq!(back.many[0].to_bits(), 0.1f64.to_bits());
        assert!(back.many[1].is_nan());
        assert!(back.rows[0][0].is_nan());
    }

    #[test]
    fn a_string_where_a_float_belongs_is_still_an_error() {
        let Err(err) = from_str::<Holder>(r#"{"one":"x","many":[],"rows":[]}"#) else {
            panic!("a string read as a float")
        };
        assert_eq!((err.line(), err.column()), (1, 10));
    }

    #[test]
    fn a_raw_value_is_carried_verbatim_and_decodes_to_the_value() {
        let h = Holder { one: 0.1, many: vec![f64::NAN, 2.5], rows: vec![vec![1e-300]] };
        let raw = Raw::of(&h);
        assert_eq!(raw.text(), to_string(&h));
        let outer = to_string(&vec![raw.clone()]);
        assert_eq!(outer, format!("[{}]", raw.text()), "written back as it was read");
        let back: Vec<Raw> = from_str(&outer).expect("reads");
        assert_eq!(back[0], raw);
        let decoded: Holder = back[0].decode().expect("decodes");
        assert_eq!(decoded.one.to_bits(), h.one.to_bits());
        assert!(decoded.many[0].is_nan());
        assert_eq!(decoded.rows[0][0].to_bits(), 1e-300_f64.to_bits());
        assert!(from_str::<Raw>("{\"open\": [1,").is_err(), "only whole JSON values are kept");
    }
}
