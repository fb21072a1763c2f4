//! Column roles: which column is the target, which identify series, which exogenous columns
//! are known in advance — and the assembly of the frame and report from them.
//!
//! Defaults, each overridable by [`IngestOptions`]: the target is the numeric column with a
//! common target name (`value`, `y`, `sales`, `ventes`, `qty`, …), else the first numeric
//! column that is neither the date nor an id. Series ids are searched only when most dates
//! repeat (long format): label columns and low-cardinality integer columns, id-like names
//! first, are added until (ids, date) is unique, then any that are not needed are removed.
//! An exogenous column is known in advance when it has values in future rows (after a
//! series' last observed target), otherwise observed only: the safe default against
//! leakage.

use chrono::{Datelike, NaiveDateTime, Timelike, Weekday};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use super::error::IngestError;
use super::freq;
use super::regularise::{self, RawSeries};
use super::report::{
    self, ColumnKind, ColumnReport, ColumnRole, Encoding, IngestWarning, QualityReport,
    RejectReason, ZoneHandling,
};
use super::resample::{self, Decision};
use super::table::{ColumnData, MISSING_CODE, Table};
use super::{DecimalMark, DuplicatePolicy, IngestOptions, Ingested, MAX_GRID_ROWS, MAX_SERIES};
use crate::frame::{Availability, ExogColumn, Frame, Frequency};

/// Header names taken as the target when numeric (compared lower-case, trimmed).
pub const TARGET_NAMES: &[&str] = &[
    "y",
    "value",
    "values",
    "valeur",
    "target",
    "sales",
    "sale",
    "ventes",
    "vente",
    "qty",
    "quantity",
    "quantité",
    "quantite",
    "demand",
    "demande",
    "load",
    "charge",
    "count",
    "cnt",
    "volume",
    "units",
    "unités",
    "revenue",
    "chiffre_affaires",
    "ca",
    "consumption",
    "consommation",
    "visits",
    "visites",
    "arrivals",
    "arrivées",
    "arrivees",
    "passengers",
    "orders",
    "commandes",
    "amount",
    "montant",
    "total",
    // A market's daily bars (`Open,High,Low,Close,Adj Close,Volume`): the close is what is
    // forecast, not the volume traded.
    "close",
    "adj close",
    "adj_close",
];

/// The regular grid may hold at most this many rows per loaded row…
const GRID_ROWS_PER_ROW: usize = 20;
/// …or this many rows in all, whichever is larger (and never more than `MAX_GRID_ROWS`).
const MIN_GRID_LIMIT: usize = 100_000;

/// Header names that suggest a series identifier.
const ID_NAMES: &[&str] = &[
    "id",
    "unique_id",
    "series",
    "series_id",
    "store",
    "store_id",
    "item",
    "item_id",
    "sku",
    "product",
    "product_id",
    "produit",
    "article",
    "magasin",
    "shop",
    "site",
    "region",
    "région",
    "country",
    "pays",
    "category",
    "catégorie",
    "code",
    "key",
    "station",
    "meter",
];

fn norm(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Words of a header that name what is forecast (`Ventes TTC`, `total_sales`, `Units sold`),
/// besides the words of [`TARGET_NAMES`], which count as words too.
const TARGET_WORDS: &[&str] = &[
    "turnover",
    "conso",
    "visitors",
    "visiteurs",
    "passagers",
    "energy",
    "énergie",
    "energie",
    "kwh",
    "mwh",
    "traffic",
    "trafic",
    "pageviews",
    "views",
    "clicks",
    "sessions",
    "calls",
    "appels",
    "tickets",
    "bookings",
    "réservations",
    "reservations",
    "rides",
    "trips",
    "riders",
    "deliveries",
    "livraisons",
    "shipments",
    "production",
    "admissions",
    "entrées",
    "entrees",
];

/// Words of a header that name a driver of the target rather than the target: weather,
/// prices, promotions, calendar parts. Such a column is not taken as the target by position.
const DRIVER_WORDS: &[&str] = &[
    "temp",
    "temperature",
    "température",
    "temperatures",
    "humidity",
    "humidité",
    "humidite",
    "rain",
    "pluie",
    "precipitation",
    "précipitations",
    "precipitations",
    "wind",
    "vent",
    "windspeed",
    "weather",
    "météo",
    "meteo",
    "price",
    "prix",
    "tarif",
    "promo",
    "promotion",
    "discount",
    "remise",
    "holiday",
    "holidays",
    "férié",
    "ferie",
    "weekday",
    "dow",
    "year",
    "année",
    "annee",
    "month",
    "mois",
    "week",
    "semaine",
    "day",
    "jour",
    "hour",
    "heure",
    "quarter",
    "trimestre",
    "lat",
    "latitude",
    "lon",
    "longitude",
    "index",
];

/// Whether a word of column `j`'s header names a target (see [`TARGET_WORDS`]) and none a
/// driver (`sales_price` is a price).
fn names_a_target(table: &Table, j: usize) -> bool {
    let words = super::table::name_words(&table.columns[j].name);
    words.iter().any(|w| TARGET_WORDS.contains(&w.as_str()) || TARGET_NAMES.contains(&w.as_str()))
        && !words.iter().any(|w| DRIVER_WORDS.contains(&w.as_str()))
}

/// Whether a word of column `j`'s header names a driver (see [`DRIVER_WORDS`]).
fn names_a_driver(table: &Table, j: usize) -> bool {
    let words = super::table::name_words(&table.columns[j].name);
    words.iter().any(|w| DRIVER_WORDS.contains(&w.as_str()))
}

/// Whether numeric column `j` only holds 0 and 1 (a flag such as `promo_sales`).
fn is_flag(table: &Table, j: usize) -> bool {
    match &table.columns[j].data {
        ColumnData::Numeric { values, .. } => {
            values.iter().filter(|v| !v.is_nan()).all(|&v| v == 0.0 || v == 1.0)
        }
        _ => false,
    }
}

fn is_numeric(table: &Table, j: usize) -> bool {
    matches!(table.columns[j].data, ColumnData::Numeric { .. })
        && table.columns[j].kind == ColumnKind::Numeric
}

/// 64-bit key of column `j` at row `r` (label code or number bits).
fn cell_key(table: &Table, j: usize, r: usize) -> u64 {
    match &table.columns[j].data {
        ColumnData::Numeric { values, .. } => values[r].to_bits(),
        ColumnData::Categorical { codes, .. } => u64::from(codes[r]),
        ColumnData::Date => 0,
    }
}

fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// A fast non-cryptographic hasher for row keys (the file is not an adversary worth SipHash
/// here: a collision only costs time). `finish` avalanches so low bits spread well.
#[derive(Debug, Default, Clone, Copy)]
struct RowHasher(u64);

impl Hasher for RowHasher {
    fn finish(&self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
        z = (z ^ (z >> 33)).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        z ^ (z >> 33)
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.0 = mix(self.0, u64::from_le_bytes(b));
        }
        for &b in chunks.remainder() {
            self.0 = mix(self.0, u64::from(b));
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = mix(self.0, x);
    }
    fn write_usize(&mut self, x: usize) {
        self.0 = mix(self.0, x as u64);
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<RowHasher>>;
type FastSet<K> = HashSet<K, BuildHasherDefault<RowHasher>>;

/// Rows examined when inferring series ids: enough to see the pattern, bounded cost on big
/// files.
const ID_PROBE_ROWS: usize = 200_000;

/// Distinct (ids, timestamp) keys among the first [`ID_PROBE_ROWS`] rows.
fn distinct_keys(table: &Table, ids: &[usize]) -> usize {
    let rows = table.timestamps.len().min(ID_PROBE_ROWS);
    let mut seen: FastSet<u64> = FastSet::with_capacity_and_hasher(rows, Default::default());
    for (r, t) in table.timestamps[..rows].iter().enumerate() {
        let mut h = mix(0, t.and_utc().timestamp() as u64);
        for &j in ids {
            h = mix(h, cell_key(table, j, r));
        }
        seen.insert(h);
    }
    seen.len()
}

/// Words that make a column's name say it identifies a series (`sensor_id`, `Meter ID`,
/// `StoreName`), for files whose timestamps seldom repeat. Not `id` alone: a `Cashier ID` or
/// `customer_id` on ticket lines does not make series.
const ID_WORDS: &[&str] = &[
    "sensor", "capteur", "device", "meter", "compteur", "station", "store", "shop", "magasin",
    "site", "machine", "series", "sku", "item", "product", "produit", "article",
];

/// Fewest rows per series, on average, for a named id column of a file whose timestamps
/// seldom repeat.
const MIN_ROWS_PER_NAMED_SERIES: usize = 10;

/// A column named as an id (see [`ID_WORDS`]) whose few labels each hold readings over a
/// common period: the ids of a file whose timestamps seldom repeat (sensors reading at their
/// own irregular times). A label that holds its own stretch of time (a status, a season) is
/// not a series. Nor does a shop opened lately share most of the period of one open for
/// years: labels that tell apart nearly every repeated timestamp, repeated often enough
/// (see [`overlapping_labels`]), are series too, and so are labels all still there at the
/// end that tell apart every repeated timestamp (a shop opened three days ago).
fn named_ids_of_irregular_file(
    table: &Table,
    excluded: &HashSet<usize>,
    rows: usize,
) -> Option<usize> {
    (0..table.columns.len()).find(|&j| {
        let c = &table.columns[j];
        let named =
            super::table::name_words(&c.name).iter().any(|w| ID_WORDS.contains(&w.as_str()));
        let ColumnData::Categorical { codes, levels } = &c.data else { return false };
        if excluded.contains(&j)
            || !named
            || levels.len() < 2
            || levels.len() > MAX_SERIES
            || rows < levels.len() * MIN_ROWS_PER_NAMED_SERIES
        {
            return false;
        }
        // Each label's first and last timestamp: the labels must share most of the period.
        let mut spans: Vec<Option<(NaiveDateTime, NaiveDateTime)>> = vec![None; levels.len()];
        for (&code, &t) in codes[..rows].iter().zip(&table.timestamps) {
            let Some(span) = spans.get_mut(code as usize) else { continue };
            *span = Some(span.map_or((t, t), |(a, b)| (a.min(t), b.max(t))));
        }
        let spans: Vec<_> = spans.into_iter().flatten().collect();
        let (Some(start), Some(end)) =
            (spans.iter().map(|s| s.0).min(), spans.iter().map(|s| s.1).max())
        else {
            return false;
        };
        let common = spans.iter().map(|s| s.1).min().unwrap_or(start)
            - spans.iter().map(|s| s.0).max().unwrap_or(end);
        let whole = end - start;
        // Every label still there at the end, and a label for each repeated timestamp: a shop
        // opened a few days ago beside the old one, not a sensor that moved (its old site
        // stops where the new one starts), nor a file's duplicated lines.
        let all_to_the_end = spans.iter().all(|s| s.1 == end);
        (whole.num_seconds() > 0 && 2 * common.num_seconds() >= whole.num_seconds())
            || overlapping_labels(table, j, rows)
            || (all_to_the_end && distinct_keys(table, &[j]) == rows)
    })
}

/// Whether column `j`'s labels tell apart nearly every timestamp repeated in the first `rows`
/// rows, and timestamps repeat on at least [`MIN_ROWS_PER_NAMED_SERIES`] rows and a twentieth
/// of them: shops of one chain, the newer ones open for part of the file only. A sensor moved
/// from one site to another, with a day of overlap, repeats too few.
fn overlapping_labels(table: &Table, j: usize, rows: usize) -> bool {
    let repeats = rows - distinct_keys(table, &[]);
    repeats >= MIN_ROWS_PER_NAMED_SERIES
        && repeats * 20 >= rows
        && distinct_keys(table, &[j]) >= rows - rows / 100
}

fn infer_ids(table: &Table, excluded: &HashSet<usize>) -> Vec<usize> {
    let rows = table.timestamps.len().min(ID_PROBE_ROWS);
    let distinct_dates = distinct_keys(table, &[]);
    // Only long-format files (most dates repeat) have ids; a few repeats are duplicates.
    // Sensors reading at their own irregular times repeat no timestamp: their id column says
    // so by its name.
    if rows == 0 || distinct_dates * 3 > rows * 2 {
        return named_ids_of_irregular_file(table, excluded, rows).into_iter().collect();
    }
    let mut candidates: Vec<(u8, usize)> = Vec::new();
    for (j, c) in table.columns.iter().enumerate() {
        if excluded.contains(&j) {
            continue;
        }
        let named = ID_NAMES.contains(&norm(&c.name).as_str());
        match &c.data {
            ColumnData::Categorical { levels, .. } if levels.len() <= MAX_SERIES => {
                candidates.push((if named { 0 } else { 1 }, j));
            }
            ColumnData::Numeric { values, .. } if c.kind == ColumnKind::Numeric => {
                let values = &values[..rows];
                if !values.iter().all(|v| v.fract() == 0.0) {
                    continue;
                }
                let limit = MAX_SERIES.min(rows / 2);
                let mut distinct: FastSet<u64> = FastSet::default();
                for v in values {
                    distinct.insert(v.to_bits());
                    if distinct.len() > limit {
                        break;
                    }
                }
                if distinct.len() <= limit {
                    candidates.push((if named { 0 } else { 2 }, j));
                }
            }
            _ => {}
        }
    }
    candidates.sort();
    // Lines repeated whole (an export's overlapping pages) count once: they make (ids, date)
    // no less unique. Without this, ten repeated lines among 130 hid the store column, and
    // the stores were added up.
    let all_columns: Vec<usize> = (0..table.columns.len()).collect();
    let distinct_rows = distinct_keys(table, &all_columns);
    let goal = distinct_rows - distinct_rows / 100;
    let mut chosen: Vec<usize> = Vec::new();
    let mut reached = false;
    for &(_, j) in &candidates {
        chosen.push(j);
        if distinct_keys(table, &chosen) >= goal {
            reached = true;
            break;
        }
    }
    if !reached {
        return Vec::new();
    }
    // Drop any column the others make redundant (e.g. a promo flag added before the item).
    let mut i = 0;
    while i < chosen.len() && chosen.len() > 1 {
        let mut without = chosen.clone();
        without.remove(i);
        if distinct_keys(table, &without) >= goal {
            chosen = without;
        } else {
            i += 1;
        }
    }
    chosen.sort_unstable();
    chosen
}

/// Whether the id cell of column `j` at row `r` is empty (cheap: no formatting).
fn id_missing(table: &Table, j: usize, r: usize) -> bool {
    match &table.columns[j].data {
        ColumnData::Numeric { values, .. } => values[r].is_nan(),
        ColumnData::Categorical { codes, .. } => codes[r] == MISSING_CODE,
        ColumnData::Date => true,
    }
}

fn id_text(table: &Table, j: usize, r: usize) -> Option<String> {
    match &table.columns[j].data {
        ColumnData::Numeric { values, .. } => {
            let v = values[r];
            (!v.is_nan()).then(|| format!("{v}"))
        }
        ColumnData::Categorical { codes, levels } => levels.get(codes[r] as usize).cloned(),
        ColumnData::Date => None,
    }
}

/// Rows grouped into series, series in order of first appearance.
struct Grouping {
    /// First row of each series.
    first_rows: Vec<usize>,
    /// Series of each row.
    series_of_row: Vec<u32>,
    /// Row count of series `s` is `starts[s + 1] - starts[s]`.
    starts: Vec<usize>,
}

/// Combined keys up to this many are looked up in a plain table instead of a hash map.
const DIRECT_KEYS: u64 = 1 << 20;

/// Renumbers `keys` (each below `bound`) densely in order of first appearance; returns the
/// number of distinct keys. Stops with `TooManySeries` past `max_codes`.
fn densify(keys: &mut [u64], bound: u64, max_codes: usize) -> Result<usize, IngestError> {
    let too_many = || IngestError::TooManySeries { found: max_codes + 1, max: MAX_SERIES };
    let mut next = 0u64;
    if bound <= DIRECT_KEYS {
        let mut table = vec![u64::MAX; bound as usize];
        for k in keys.iter_mut() {
            let slot = &mut table[*k as usize];
            if *slot == u64::MAX {
                *slot = next;
                next += 1;
                if next as usize > max_codes {
                    return Err(too_many());
                }
            }
            *k = *slot;
        }
    } else {
        let mut map: FastMap<u64, u64> = FastMap::default();
        // Rows of one series often come in runs: remember the last key.
        let mut last = (u64::MAX, 0u64);
        for k in keys.iter_mut() {
            if *k == last.0 {
                *k = last.1;
                continue;
            }
            let code = *map.entry(*k).or_insert_with(|| {
                next += 1;
                next - 1
            });
            if next as usize > max_codes {
                return Err(too_many());
            }
            last = (*k, code);
            *k = code;
        }
    }
    Ok(next as usize)
}

/// Series of every row, by the values of the `ids` columns (no id: one series). Each id
/// column is folded into a dense code in turn, so a combined key never exceeds
/// `rows × distinct values`, which fits a `u64`.
fn group_rows(table: &Table, ids: &[usize]) -> Result<Grouping, IngestError> {
    let n = table.timestamps.len();
    let mut keys = vec![0u64; n];
    let mut count = 1usize;
    for (i, &j) in ids.iter().enumerate() {
        let last = i + 1 == ids.len();
        // Only the final fold counts series; intermediate codes are bounded by the rows.
        let max_codes = if last { MAX_SERIES } else { n.max(1) };
        let (col_codes, col_count): (Vec<u64>, usize) = match &table.columns[j].data {
            ColumnData::Categorical { codes, levels } => {
                // A missing label takes the slot after the last level, keeping keys small.
                let missing = levels.len() as u64;
                let keys = codes
                    .iter()
                    .map(|&c| if c == MISSING_CODE { missing } else { u64::from(c) })
                    .collect();
                (keys, levels.len() + 1)
            }
            ColumnData::Numeric { values, .. } => {
                // Small non-negative whole numbers (store 1…10) are their own key; anything
                // else is keyed by its bits (so `-0` and `0` stay apart, as their ids do).
                let small =
                    |v: f64| v.is_sign_positive() && v.fract() == 0.0 && v < DIRECT_KEYS as f64;
                if values.iter().all(|&v| small(v)) {
                    let keys: Vec<u64> = values.iter().map(|&v| v as u64).collect();
                    let width = keys.iter().max().map_or(0, |m| m + 1);
                    (keys, width as usize)
                } else {
                    let mut bits: Vec<u64> = values.iter().map(|v| v.to_bits()).collect();
                    let distinct = densify(&mut bits, u64::MAX, n.max(1))?;
                    (bits, distinct)
                }
            }
            ColumnData::Date => (vec![0; n], 1),
        };
        let width = col_count as u64;
        for (k, &c) in keys.iter_mut().zip(&col_codes) {
            *k = *k * width + c;
        }
        count = densify(&mut keys, count as u64 * width, max_codes)?;
    }
    if n == 0 {
        return Ok(Grouping { first_rows: Vec::new(), series_of_row: Vec::new(), starts: vec![0] });
    }
    let mut first_rows = vec![usize::MAX; count];
    let mut starts = vec![0usize; count + 1];
    // Codes are below MAX_SERIES, so they fit a u32.
    let series_of_row: Vec<u32> = keys.iter().map(|&k| k as u32).collect();
    for (r, &s) in series_of_row.iter().enumerate() {
        let s = s as usize;
        if first_rows[s] == usize::MAX {
            first_rows[s] = r;
        }
        starts[s + 1] += 1;
    }
    for s in 0..count {
        starts[s + 1] += starts[s];
    }
    Ok(Grouping { first_rows, series_of_row, starts })
}

/// Distinct values of a numeric column (by bits); small whole numbers are counted in a table
/// instead of a hash set.
fn distinct_numbers(values: &[f64]) -> usize {
    let small = |v: f64| v.is_sign_positive() && v.fract() == 0.0 && v < DIRECT_KEYS as f64;
    if values.iter().all(|&v| small(v)) {
        let width = values.iter().fold(0usize, |m, &v| m.max(v as usize + 1));
        let mut seen = vec![false; width];
        values.iter().filter(|&&v| !std::mem::replace(&mut seen[v as usize], true)).count()
    } else {
        values.iter().map(|v| v.to_bits()).collect::<FastSet<_>>().len()
    }
}

/// Decides the roles and builds the frame and report from the table.
pub fn build(
    mut table: Table,
    encoding: Encoding,
    delimiter: u8,
    decimal: DecimalMark,
    opts: &IngestOptions,
) -> Result<Ingested, IngestError> {
    let date_col = table.date_col;
    // Options: every name must exist, and no column may get two roles.
    let mut assigned: HashMap<usize, u8> = HashMap::new();
    assigned.insert(date_col, 0);
    let groups: [(&[String], u8); 5] = [
        (opts.target.as_slice(), 1),
        (&opts.id_cols, 2),
        (&opts.known_in_advance, 3),
        (&opts.observed_only, 4),
        (&opts.ignore, 5),
    ];
    for (names, role) in groups {
        for n in names {
            let j = table.find(n)?;
            if assigned.insert(j, role).is_some_and(|r| r != role) {
                return Err(IngestError::ConflictingRoles { name: n.clone() });
            }
        }
    }
    let ignored: HashSet<usize> = opts.ignore.iter().filter_map(|n| table.find(n).ok()).collect();
    let named_target = match &opts.target {
        Some(n) => {
            let j = table.find(n)?;
            if !matches!(table.columns[j].data, ColumnData::Numeric { .. }) {
                return Err(IngestError::TargetNotNumeric { column: n.clone() });
            }
            Some(j)
        }
        None => {
            let candidate = |j: usize| {
                j != date_col
                    && !ignored.contains(&j)
                    && !opts.id_cols.contains(&table.columns[j].name)
                    && is_numeric(&table, j)
            };
            let named = |j: usize| TARGET_NAMES.contains(&norm(&table.columns[j].name).as_str());
            (0..table.columns.len()).find(|&j| candidate(j) && named(j)).or_else(|| {
                (0..table.columns.len())
                    .find(|&j| candidate(j) && names_a_target(&table, j) && !is_flag(&table, j))
            })
        }
    };
    let ids: Vec<usize> = if opts.id_cols.is_empty() {
        let mut excluded: HashSet<usize> = ignored.clone();
        excluded.insert(date_col);
        excluded.extend(named_target);
        for n in opts.known_in_advance.iter().chain(&opts.observed_only) {
            excluded.extend(table.find(n).ok());
        }
        infer_ids(&table, &excluded)
    } else {
        opts.id_cols.iter().map(|n| table.find(n)).collect::<Result<_, _>>()?
    };
    let target = match named_target {
        Some(j) => j,
        None => {
            let numeric: Vec<usize> = (0..table.columns.len())
                .filter(|&j| {
                    j != date_col
                        && !ignored.contains(&j)
                        && !ids.contains(&j)
                        && is_numeric(&table, j)
                })
                .collect();
            // Without a target's name, the first number column that is not named as a
            // driver (a temperature before the sales it explains), nor the row numbers a
            // dataframe library wrote first.
            let data: Vec<usize> =
                numeric.iter().copied().filter(|&j| !counts_rows(&table, j)).collect();
            let numeric = if data.is_empty() { numeric } else { data };
            let first = numeric.iter().copied().find(|&j| !names_a_driver(&table, j));
            first.or(numeric.first().copied()).ok_or_else(|| {
                super::table::no_numeric_column(&table, decimal, |j| !ignored.contains(&j))
            })?
        }
    };
    let target_name = table.columns[target].name.clone();

    // Rows with an unreadable target or a missing id are rejected, naming line and column.
    // A rejected target's row still has its date and series: it stays until the grid is
    // decided (as a "phantom"), so that many rejected lines leave gaps on the file's own
    // grid instead of making it look coarser (a daily file with `#VALUE!` on half its days
    // must not become weekly sums of the days left).
    let rows_in_file = table.timestamps.len();
    let mut keep = vec![true; rows_in_file];
    let mut phantom = vec![false; rows_in_file];
    let mut target_invalid = 0usize;
    if let ColumnData::Numeric { invalid_rows, .. } = &table.columns[target].data {
        let invalid_rows = invalid_rows.clone();
        target_invalid = invalid_rows.len();
        let sample_values = invalid_values(&table, target, &invalid_rows);
        for (r, value) in invalid_rows.iter().zip(sample_values) {
            phantom[*r] = true;
            let line = table.lines[*r];
            table.reject(line, Some(&target_name), RejectReason::NotANumber { value });
        }
    }
    for &j in &ids {
        let name = table.columns[j].name.clone();
        for (r, k) in keep.iter_mut().enumerate() {
            if *k && id_missing(&table, j, r) {
                *k = false;
                // A line already rejected for its target is named once.
                if !phantom[r] {
                    let line = table.lines[r];
                    table.reject(line, Some(&name), RejectReason::MissingSeriesId);
                }
            }
        }
    }
    if keep.iter().any(|k| !k) {
        table.retain_rows(&keep);
        super::retain_indexed(&mut phantom, |r| keep[r]);
    }
    table.sort_rejected();
    let phantoms = phantom.iter().filter(|&&p| p).count();
    let n = table.timestamps.len() - phantoms;
    if n == 0 {
        return Err(IngestError::NoValidRows { rejected: table.rejected_total });
    }

    // Exogenous columns: everything else that holds values.
    let exog_cols: Vec<usize> = (0..table.columns.len())
        .filter(|&j| {
            !table.writes_dates(j)
                && j != target
                && !ids.contains(&j)
                && !ignored.contains(&j)
                && table.columns[j].kind != ColumnKind::Empty
                && (!labels_each_row(&table, j) || opts.names_role(&table.columns[j].name))
        })
        .collect();
    let target_values: &[f64] = match &table.columns[target].data {
        ColumnData::Numeric { values, .. } => values,
        _ => return Err(IngestError::TargetNotNumeric { column: target_name }),
    };
    if target_values.iter().all(|v| v.is_nan()) {
        return Err(IngestError::TargetAllMissing { column: target_name });
    }
    let categorical: Vec<bool> = exog_cols
        .iter()
        .map(|&j| matches!(table.columns[j].data, ColumnData::Categorical { .. }))
        .collect();

    // Group rows into series by their id values: one dense series code per row, then each
    // series' columns gathered once with their exact length (no per-row pushes, no copy of
    // whole columns).
    let grouping = group_rows(&table, &ids)?;
    let mut raw: Vec<RawSeries> = Vec::with_capacity(grouping.first_rows.len());
    for (s, &first) in grouping.first_rows.iter().enumerate() {
        let len = grouping.starts[s + 1] - grouping.starts[s];
        let id = if ids.is_empty() {
            target_name.clone()
        } else {
            // An empty label (a blank province beside its country, in a file with its dates
            // across) is left out of the name.
            ids.iter()
                .filter_map(|&j| id_text(&table, j, first).filter(|t| !t.is_empty()))
                .collect::<Vec<_>>()
                .join("/")
        };
        raw.push(RawSeries {
            id,
            timestamps: Vec::with_capacity(len),
            lines: Vec::with_capacity(len),
            target: Vec::with_capacity(len),
            exog: vec![Vec::with_capacity(len); exog_cols.len()],
        });
    }
    // Scattered column by column in row order: reads stay sequential and each pass writes
    // into one growing stream per series (a gather per series would miss the cache on every
    // row of a long-format file).
    let series_of = &grouping.series_of_row;
    for (r, &s) in series_of.iter().enumerate() {
        raw[s as usize].timestamps.push(table.timestamps[r]);
    }
    for (r, &s) in series_of.iter().enumerate() {
        raw[s as usize].lines.push(table.lines[r]);
    }
    for (r, &s) in series_of.iter().enumerate() {
        raw[s as usize].target.push(target_values[r]);
    }
    for (c, &j) in exog_cols.iter().enumerate() {
        match &table.columns[j].data {
            ColumnData::Numeric { values, .. } => {
                for (&v, &s) in values.iter().zip(series_of) {
                    raw[s as usize].exog[c].push(v);
                }
            }
            ColumnData::Categorical { codes, .. } => {
                for (&code, &s) in codes.iter().zip(series_of) {
                    let v = if code == MISSING_CODE { f64::NAN } else { f64::from(code) };
                    raw[s as usize].exog[c].push(v);
                }
            }
            ColumnData::Date => {
                for &s in series_of {
                    raw[s as usize].exog[c].push(f64::NAN);
                }
            }
        }
    }
    let mut raw_phantom: Vec<Vec<bool>> =
        raw.iter().map(|s| Vec::with_capacity(s.timestamps.capacity())).collect();
    for (&p, &s) in phantom.iter().zip(series_of) {
        raw_phantom[s as usize].push(p);
    }
    drop(grouping);
    if phantoms > 0 {
        // The report's column figures count the accepted rows only, as before.
        let accepted: Vec<bool> = phantom.iter().map(|&p| !p).collect();
        table.retain_rows(&accepted);
        // A series whose every line was rejected is not in the file's data at all.
        let some_accepted: Vec<bool> = raw_phantom.iter().map(|p| p.iter().any(|&p| !p)).collect();
        super::retain_indexed(&mut raw, |s| some_accepted[s]);
        super::retain_indexed(&mut raw_phantom, |s| some_accepted[s]);
    }
    let mut warnings = std::mem::take(&mut table.warnings);
    if encoding == Encoding::Windows1252 {
        warnings.push(IngestWarning::DecodedAsWindows1252);
    }
    // A series without any observed target cannot be forecast: dropped, with a warning.
    let observed: Vec<bool> = raw.iter().map(|s| s.target.iter().any(|v| !v.is_nan())).collect();
    for (s, _) in raw.iter().zip(&observed).filter(|(_, o)| !**o) {
        warnings.push(IngestWarning::SeriesWithoutTarget { series: s.id.clone() });
    }
    super::retain_indexed(&mut raw, |s| observed[s]);
    super::retain_indexed(&mut raw_phantom, |s| observed[s]);
    // A pivot export's total rows (a store `Total` beside the stores it adds up) would be
    // forecast as one more store: left out, with a warning.
    let totals: Vec<bool> = (0..raw.len()).map(|s| is_total_series(&raw, s)).collect();
    for (s, _) in raw.iter().zip(&totals).filter(|(_, t)| **t) {
        warnings.push(IngestWarning::TotalSeriesLeftOut { series: s.id.clone() });
    }
    super::retain_indexed(&mut raw, |s| !totals[s]);
    super::retain_indexed(&mut raw_phantom, |s| !totals[s]);

    // A row or two at an end of a series, further from the others than they span (a year
    // typed 2033 in a file of 2023), would choose the grid and stretch it over years of
    // gaps: rejected before the grid is decided, naming their line (once: a line already
    // rejected for its value is not named again).
    let mut far: Vec<(usize, NaiveDateTime)> = Vec::new();
    for (s, p) in raw.iter_mut().zip(raw_phantom.iter_mut()) {
        let drop = far_from_the_others(&s.timestamps);
        if drop.iter().any(|&d| d) {
            for (k, _) in drop.iter().enumerate().filter(|(k, d)| **d && !p[*k]) {
                far.push((s.lines[k], s.timestamps[k]));
            }
            s.drop_rows(&drop);
            super::retain_indexed(p, |k| !drop[k]);
        }
    }
    far.sort_unstable();
    let date_name = table.columns[date_col].name.clone();
    for &(line, timestamp) in &far {
        table.reject(line, Some(&date_name), RejectReason::FarFromOthers { timestamp });
    }

    // Files are usually in date order: only a series that is not strictly increasing is
    // copied to be sorted and deduplicated.
    let sorted_ts: Vec<Cow<'_, [chrono::NaiveDateTime]>> = raw
        .iter()
        .map(|s| {
            if s.timestamps.windows(2).all(|w| w[0] < w[1]) {
                Cow::Borrowed(s.timestamps.as_slice())
            } else {
                let mut t = s.timestamps.clone();
                t.sort_unstable();
                t.dedup();
                Cow::Owned(t)
            }
        })
        .collect();
    let inferred = freq::infer(sorted_ts.iter().map(|t| &**t));
    drop(sorted_ts);
    // Weekly rows a day or two off their usual weekday belong to that week.
    if let (Ok(Frequency::Weekly { anchor }), None) = (&inferred, opts.resample) {
        let moved = resample::snap_to_weekday(&mut raw, *anchor);
        if moved > 0 {
            warnings.push(IngestWarning::MovedToWeekday { count: moved, weekday: *anchor });
        }
    }
    // Irregular timestamps (or a step asked for) are moved to the start of their period.
    let (frequency, fill, merge) = match resample::decide(&raw, inferred, opts.resample)? {
        Decision::AsInFile(freq) => {
            // Copies would be added up (not an hour lived twice when clocks go back). Taking
            // them out leaves no repeat, so the rule found here still holds after.
            let in_file = merge_in_file(&raw, freq, table.zones);
            if opts.duplicates.is_none()
                && in_file == DuplicatePolicy::Sum
                && let Some(copies) = repeated_lines(&raw, &raw_phantom)
            {
                let first_line = raw
                    .iter()
                    .zip(&copies)
                    .flat_map(|(s, c)| s.lines.iter().zip(c).filter(|(_, c)| **c))
                    .map(|(&line, _)| line)
                    .min()
                    .unwrap_or(0);
                let count = copies.iter().flatten().filter(|&&c| c).count();
                for ((s, p), c) in raw.iter_mut().zip(raw_phantom.iter_mut()).zip(&copies) {
                    s.drop_rows(c);
                    super::retain_indexed(p, |k| !c[k]);
                }
                warnings.push(IngestWarning::RepeatedLines { count, first_line });
            }
            (freq, opts.fill, opts.duplicates.unwrap_or(in_file))
        }
        Decision::Resample { step, automatic } => {
            let merge =
                opts.duplicates.unwrap_or_else(|| resample::merge_for(&raw, step, automatic));
            resample::apply(&mut raw, step);
            warnings.push(IngestWarning::Resampled { step, automatic });
            (step, resample::fill_of_empty_periods(merge, opts.fill), merge)
        }
    };
    if phantoms > 0 {
        for (s, p) in raw.iter_mut().zip(&raw_phantom) {
            s.drop_rows(p);
        }
        // The dates of rejected lines set the grid, but cannot make one accepted row a series.
        let one_date = |s: &RawSeries| s.timestamps.iter().all(|t| Some(t) == s.timestamps.first());
        if opts.resample.is_none() && raw.iter().all(one_date) {
            return Err(IngestError::SingleRow);
        }
    }
    // A grid mostly made of inserted rows means the dates are wrong (a year typo, mixed
    // units), not that the data has holes: refuse it before allocating it.
    let max_grid = MAX_GRID_ROWS.min(n.saturating_mul(GRID_ROWS_PER_ROW).max(MIN_GRID_LIMIT));
    let reg = regularise::regularise(raw, frequency, merge, fill, &categorical, max_grid)
        .map_err(|rows| IngestError::GridTooLarge { rows, max: max_grid })?;
    for &(line, timestamp) in &reg.off_grid {
        table.reject(
            line,
            Some(&table.columns[date_col].name.clone()),
            RejectReason::OffGrid { timestamp },
        );
    }
    table.sort_rejected();
    if !reg.off_grid.is_empty() {
        warnings.push(IngestWarning::IrregularSpacing {
            off_grid: reg.off_grid.len(),
            on_grid: n - reg.off_grid.len() - far.len(),
        });
    }

    for p in &reg.partial {
        warnings.push(IngestWarning::PartialTotals {
            series: p.series.clone(),
            first: p.first,
            rows: p.rows,
            usual: p.usual,
            count: p.count,
        });
    }

    if matches!(frequency, Frequency::Minutes { .. }) && table.zones == ZoneHandling::NoneInFile {
        let repeats: Vec<NaiveDateTime> =
            reg.duplicates.iter().map(|g| g.timestamp).filter(|t| on_clock_change(*t)).collect();
        if let Some(&timestamp) = repeats.first() {
            let averaged = merge == DuplicatePolicy::Mean;
            warnings.push(IngestWarning::ClockChangeRepeat {
                timestamp,
                count: repeats.len(),
                averaged,
            });
        }
    }

    // Availability: known in advance when the column has values in future rows.
    let mut future_rows = 0usize;
    let mut has_future_value = vec![false; exog_cols.len()];
    for s in &reg.series {
        let obs = s.observed_len();
        future_rows += s.timestamps.len() - obs;
        for (c, x) in s.exog.iter().enumerate() {
            if x[obs..].iter().any(|v| !v.is_nan()) {
                has_future_value[c] = true;
            }
        }
    }
    if future_rows > 0 {
        warnings.push(IngestWarning::FutureRows { count: future_rows });
    }
    let availability: Vec<Availability> = exog_cols
        .iter()
        .zip(&has_future_value)
        .map(|(&j, &future)| {
            let name = &table.columns[j].name;
            if opts.known_in_advance.contains(name) {
                Availability::KnownInAdvance
            } else if opts.observed_only.contains(name) || !future {
                Availability::ObservedOnly
            } else {
                Availability::KnownInAdvance
            }
        })
        .collect();
    let exog: Vec<ExogColumn> = exog_cols
        .iter()
        .zip(&availability)
        .map(|(&j, &availability)| ExogColumn {
            name: table.columns[j].name.clone(),
            availability,
            levels: match &table.columns[j].data {
                ColumnData::Categorical { levels, .. } => Some(levels.clone()),
                _ => None,
            },
        })
        .collect();

    // Column reports and per-column warnings.
    let mut columns = Vec::with_capacity(table.columns.len());
    for (j, c) in table.columns.iter().enumerate() {
        let role = if table.writes_dates(j) {
            ColumnRole::Date
        } else if j == target {
            ColumnRole::Target
        } else if ids.contains(&j) {
            ColumnRole::SeriesId
        } else if let Some(k) = exog_cols.iter().position(|&e| e == j) {
            match availability[k] {
                Availability::KnownInAdvance => ColumnRole::KnownInAdvance,
                Availability::ObservedOnly => ColumnRole::ObservedOnly,
            }
        } else {
            ColumnRole::Ignored
        };
        let (missing, invalid, distinct) = match &c.data {
            ColumnData::Numeric { values, invalid_rows, invalid_text, thousands, unit } => {
                if *thousands {
                    warnings.push(IngestWarning::ThousandsSeparator { column: c.name.clone() });
                }
                if let Some(unit) = unit {
                    let (column, unit) = (c.name.clone(), unit.clone());
                    warnings.push(IngestWarning::UnitStripped { column, unit });
                }
                if j != target
                    && !invalid_rows.is_empty()
                    && let Some((first_line, first_value)) = invalid_text.first()
                {
                    warnings.push(IngestWarning::InvalidCells {
                        column: c.name.clone(),
                        count: invalid_rows.len(),
                        first_line: *first_line,
                        first_value: first_value.clone(),
                    });
                }
                let missing = values.iter().filter(|v| v.is_nan()).count() - invalid_rows.len();
                let distinct = (role == ColumnRole::SeriesId).then(|| distinct_numbers(values));
                let invalid = if j == target { target_invalid } else { invalid_rows.len() };
                (missing, invalid, distinct)
            }
            ColumnData::Categorical { codes, levels } => {
                (codes.iter().filter(|&&c| c == MISSING_CODE).count(), 0, Some(levels.len()))
            }
            ColumnData::Date => (0, 0, None),
        };
        let kind =
            if c.kind != ColumnKind::Date && missing == n { ColumnKind::Empty } else { c.kind };
        let unit = match &c.data {
            ColumnData::Numeric { unit, .. } => unit.clone(),
            _ => None,
        };
        columns.push(ColumnReport {
            name: c.name.clone(),
            role,
            kind,
            missing,
            invalid,
            distinct,
            unit,
        });
    }

    let frame =
        Frame { freq: frequency, target_name: target_name.clone(), exog, series: reg.series };
    warnings.extend(report::leading_zeros(&frame));
    let analysis = report::analyse(&frame, &reg.history_missing);
    let start = frame.series.iter().filter_map(|s| s.timestamps.first()).min().copied();
    let end = frame.series.iter().filter_map(|s| s.timestamps.last()).max().copied();
    let (Some(start), Some(end)) = (start, end) else {
        return Err(IngestError::TargetAllMissing { column: target_name });
    };
    let report = QualityReport {
        encoding,
        delimiter: char::from(delimiter),
        decimal,
        date_column: table.columns[date_col].name.clone(),
        date_format: table.date_format,
        zones: table.zones,
        target_column: target_name,
        id_columns: ids.iter().map(|&j| table.columns[j].name.clone()).collect(),
        columns,
        rows_read: table.rows_read,
        // A line holding several rows (a wide table, dates across the header) counts once.
        rows_loaded: if opts.wide || table.lines.windows(2).any(|w| w[0] >= w[1]) {
            loaded_lines(&table.lines, &[reg.off_grid.as_slice(), &far].concat())
        } else {
            n - reg.off_grid.len() - far.len()
        },
        rejected: table.rejected,
        rejected_total: table.rejected_total,
        frequency,
        start,
        end,
        series_count: frame.series.len(),
        gaps: reg.gaps,
        gaps_total: reg.gaps_total,
        missing_steps_total: reg.missing_steps_total,
        filled: fill,
        filled_count: reg.filled_count,
        duplicates: reg.duplicates,
        duplicates_total: reg.duplicates_total,
        duplicate_policy: merge,
        outliers: analysis.outliers,
        outliers_total: analysis.outliers_total,
        summary: analysis.summary,
        weekday_profile: analysis.weekday_profile,
        month_profile: analysis.month_profile,
        seasonal_periods: analysis.seasonal_periods,
        warnings,
    };
    Ok(Ingested { frame, report })
}

/// The written text of the invalid cells of column `j` at `rows` (kept for the first
/// [`super::report::MAX_LISTED`]; later ones are named by line and column only).
fn invalid_values(table: &Table, j: usize, rows: &[usize]) -> Vec<String> {
    let texts: &[(usize, String)] = match &table.columns[j].data {
        ColumnData::Numeric { invalid_text, .. } => invalid_text,
        _ => &[],
    };
    (0..rows.len()).map(|i| texts.get(i).map(|t| t.1.clone()).unwrap_or_default()).collect()
}

/// How rows sharing a timestamp are merged when nobody said, on the file's own grid: added up
/// (two tickets of one day), except when every repeated time of a sub-daily file without zone
/// offsets falls on a night the clocks go back ([`on_clock_change`]): that hour was lived
/// twice, and its two readings are averaged so that it keeps an hour's level instead of
/// doubling it.
fn merge_in_file(raw: &[RawSeries], freq: Frequency, zones: ZoneHandling) -> DuplicatePolicy {
    if !matches!(freq, Frequency::Minutes { .. }) || zones != ZoneHandling::NoneInFile {
        return DuplicatePolicy::Sum;
    }
    let mut repeated = false;
    for s in raw {
        let sorted: Cow<'_, [NaiveDateTime]> = if s.timestamps.is_sorted() {
            Cow::Borrowed(&s.timestamps)
        } else {
            let mut t = s.timestamps.clone();
            t.sort_unstable();
            Cow::Owned(t)
        };
        for w in sorted.windows(2).filter(|w| w[0] == w[1]) {
            if !on_clock_change(w[0]) {
                return DuplicatePolicy::Sum;
            }
            repeated = true;
        }
    }
    if repeated { DuplicatePolicy::Mean } else { DuplicatePolicy::Sum }
}

/// Whether column `j` holds labels nearly every row has its own (an order number, an invoice
/// id, a free comment), or the rows' numbers ([`row_numbers`]): they say nothing another row
/// could learn from, so the column is left out of the inputs (the user may still give it a
/// role).
fn labels_each_row(table: &Table, j: usize) -> bool {
    let rows = table.timestamps.len();
    match &table.columns[j].data {
        ColumnData::Categorical { levels, .. } => rows >= 20 && levels.len() * 10 >= rows * 9,
        ColumnData::Numeric { .. } => counts_rows(table, j),
        ColumnData::Date => false,
    }
}

/// Whether column `j` holds the rows' numbers ([`row_numbers`]).
fn counts_rows(table: &Table, j: usize) -> bool {
    match &table.columns[j].data {
        ColumnData::Numeric { values, .. } => row_numbers(&table.columns[j].name, values),
        _ => false,
    }
}

/// Whether a column is the row numbers a dataframe library wrote beside the data (pandas'
/// `to_csv`: an unnamed first column, `Unnamed: 0` once read back, `index`; a Kaggle file's
/// `id`): named so, and counting up by one from its first value on every row.
fn row_numbers(name: &str, values: &[f64]) -> bool {
    let n = name.trim().to_lowercase();
    let named = n.is_empty()
        || n.starts_with("column_")
        || n.starts_with("unnamed")
        || matches!(
            n.as_str(),
            "index" | "idx" | "#" | "row" | "rownames" | "...1" | "id" | "row_id" | "rowid"
        );
    let Some(&first) = values.first() else { return false };
    named
        && values.len() >= 3
        && first.fract() == 0.0
        && values.iter().enumerate().all(|(k, &v)| v == first + k as f64)
}

/// Words that name a total among series ids (`Total`, `Grand total`, `Ensemble`, `Gesamt`).
const TOTAL_WORDS: &[&str] =
    &["total", "totaux", "totale", "ensemble", "all", "tous", "toutes", "sum", "somme", "gesamt"];

/// Fewest dates a total is checked on against the other series.
const MIN_TOTAL_CHECKS: usize = 10;

/// Whether series `s` of `raw` is the total of the others: its id has a total's word, there
/// are at least two others, and on nine dates in ten (of at least [`MIN_TOTAL_CHECKS`] where
/// every other series has a value) it equals their sum, to 0.1 % (exports round each figure).
fn is_total_series(raw: &[RawSeries], s: usize) -> bool {
    let words = super::table::name_words(&raw[s].id);
    if raw.len() < 3 || !words.iter().any(|w| TOTAL_WORDS.contains(&w.as_str())) {
        return false;
    }
    let mut sums: HashMap<NaiveDateTime, (f64, usize)> = HashMap::new();
    for (_, other) in raw.iter().enumerate().filter(|&(k, _)| k != s) {
        for (&t, &v) in other.timestamps.iter().zip(&other.target) {
            if v.is_finite() {
                let e = sums.entry(t).or_insert((0.0, 0));
                e.0 += v;
                e.1 += 1;
            }
        }
    }
    let others = raw.len() - 1;
    let (mut checked, mut equal) = (0usize, 0usize);
    for (t, &v) in raw[s].timestamps.iter().zip(&raw[s].target) {
        if let Some(&(sum, _)) = sums.get(t).filter(|e| e.1 == others)
            && v.is_finite()
        {
            checked += 1;
            equal += usize::from((v - sum).abs() <= 1e-3 * sum.abs().max(1.0));
        }
    }
    checked >= MIN_TOTAL_CHECKS && equal * 10 >= checked * 9
}

/// At most one timestamp in this many may repeat for the repeats to be copied lines.
const COPIED_LINES_RARITY: usize = 4;

/// Per series, the rows that copy an earlier row whole (same timestamp, target and other
/// values): an export's overlapping pages, a pasted block. Only when every repeated
/// timestamp of the file is such a copy and they are few (at most one timestamp in
/// [`COPIED_LINES_RARITY`]); otherwise repeated timestamps are rows to merge (a day's
/// tickets, whose lines differ, or most of whose dates repeat), and `None`. Rows of rejected
/// lines (`phantom`) are neither copies nor copied.
fn repeated_lines(raw: &[RawSeries], phantom: &[Vec<bool>]) -> Option<Vec<Vec<bool>>> {
    let (mut repeated, mut distinct) = (0usize, 0usize);
    let mut copies: Vec<Vec<bool>> = Vec::with_capacity(raw.len());
    for (s, p) in raw.iter().zip(phantom) {
        let mut flags = vec![false; s.timestamps.len()];
        let mut rows: Vec<usize> =
            (0..s.timestamps.len()).filter(|&r| !p.get(r).copied().unwrap_or(false)).collect();
        rows.sort_by_key(|&r| (s.timestamps[r], r));
        let same = |a: usize, b: usize| {
            s.target[a].to_bits() == s.target[b].to_bits()
                && s.exog.iter().all(|x| x[a].to_bits() == x[b].to_bits())
        };
        let mut i = 0;
        while i < rows.len() {
            let t = s.timestamps[rows[i]];
            let j =
                rows[i..].iter().position(|&r| s.timestamps[r] != t).map_or(rows.len(), |n| i + n);
            distinct += 1;
            if j - i > 1 {
                if !rows[i + 1..j].iter().all(|&r| same(rows[i], r)) {
                    return None;
                }
                repeated += 1;
                rows[i + 1..j].iter().for_each(|&r| flags[r] = true);
            }
            i = j;
        }
        copies.push(flags);
    }
    (repeated > 0 && repeated * COPIED_LINES_RARITY <= distinct).then_some(copies)
}

/// Whether `t` is in the small hours (00:00–02:59) of a night the clocks go back: the last
/// Sunday of October (Europe) or the first Sunday of November (North America).
fn on_clock_change(t: NaiveDateTime) -> bool {
    let d = t.date();
    let last_sunday_of_october = d.month() == 10 && d.day() > 24;
    let first_sunday_of_november = d.month() == 11 && d.day() <= 7;
    d.weekday() == Weekday::Sun
        && (last_sunday_of_october || first_sunday_of_november)
        && t.hour() < 3
}

/// Most rows, and share of a series' rows (1 in [`FAR_ROWS_PER`]), that may be set apart as
/// far from the others.
const MAX_FAR_ROWS: usize = 3;
const FAR_ROWS_PER: usize = 50;

/// Flags the rows at one end of `ts` (a series' timestamps, in any order) cut off from the
/// others by the widest gap between consecutive timestamps, when they are few (at most
/// [`MAX_FAR_ROWS`], and one row in [`FAR_ROWS_PER`]) and the gap is longer than the others
/// span: a mistyped year, not data.
fn far_from_the_others(ts: &[NaiveDateTime]) -> Vec<bool> {
    let n = ts.len();
    let mut flags = vec![false; n];
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| ts[i]);
    // Typos at both ends are cut one end at a time, the widest gap first.
    let mut budget = MAX_FAR_ROWS.min(n / FAR_ROWS_PER);
    while order.len() > 2 * budget && budget > 0 {
        let Some((cut, gap)) = order
            .windows(2)
            .enumerate()
            .map(|(k, w)| (k + 1, ts[w[1]] - ts[w[0]]))
            .max_by_key(|x| x.1)
        else {
            break;
        };
        // The few rows are before the cut (a leading typo) or after it (a trailing one).
        let m = order.len();
        let (few, rest) = if cut <= budget {
            (order[..cut].to_vec(), order[cut..].to_vec())
        } else if m - cut <= budget {
            (order[cut..].to_vec(), order[..cut].to_vec())
        } else {
            break;
        };
        if gap <= ts[rest[rest.len() - 1]] - ts[rest[0]] {
            break;
        }
        for &i in &few {
            flags[i] = true;
        }
        budget -= few.len();
        order = rest;
    }
    flags
}

/// Lines of the file that put at least one value in the frame: a wide table read as long has
/// one row per line and series, and a line counts once.
fn loaded_lines(lines: &[usize], off_grid: &[(usize, NaiveDateTime)]) -> usize {
    let mut lost: HashMap<usize, usize> = HashMap::new();
    for (line, _) in off_grid {
        *lost.entry(*line).or_default() += 1;
    }
    let mut rows: HashMap<usize, usize> = HashMap::new();
    for line in lines {
        *rows.entry(*line).or_default() += 1;
    }
    rows.iter().filter(|(line, n)| lost.get(line).is_none_or(|l| l < n)).count()
}
