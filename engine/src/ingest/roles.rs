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

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use super::error::IngestError;
use super::freq;
use super::regularise::{self, RawSeries};
use super::report::{
    self, ColumnKind, ColumnReport, ColumnRole, Encoding, IngestWarning, QualityReport,
    RejectReason,
};
use super::table::{ColumnData, MISSING_CODE, Table};
use super::{DecimalMark, IngestOptions, Ingested, MAX_GRID_ROWS, MAX_SERIES};
use crate::frame::{Availability, ExogColumn, Frame};

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
];

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

/// Distinct (ids, timestamp) keys.
fn distinct_keys(table: &Table, ids: &[usize]) -> usize {
    let mut seen: FastSet<u64> =
        FastSet::with_capacity_and_hasher(table.timestamps.len() / 4, Default::default());
    for (r, t) in table.timestamps.iter().enumerate() {
        let mut h = mix(0, t.and_utc().timestamp() as u64);
        for &j in ids {
            h = mix(h, cell_key(table, j, r));
        }
        seen.insert(h);
    }
    seen.len()
}

fn infer_ids(table: &Table, excluded: &HashSet<usize>) -> Vec<usize> {
    let rows = table.timestamps.len();
    let distinct_dates = distinct_keys(table, &[]);
    // Only long-format files (most dates repeat) have ids; a few repeats are duplicates.
    if rows == 0 || distinct_dates * 3 > rows * 2 {
        return Vec::new();
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
    let goal = rows - rows / 100;
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
        None => (0..table.columns.len()).find(|&j| {
            j != date_col
                && !ignored.contains(&j)
                && !opts.id_cols.contains(&table.columns[j].name)
                && is_numeric(&table, j)
                && TARGET_NAMES.contains(&norm(&table.columns[j].name).as_str())
        }),
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
        None => (0..table.columns.len())
            .find(|&j| {
                j != date_col && !ignored.contains(&j) && !ids.contains(&j) && is_numeric(&table, j)
            })
            .ok_or(IngestError::NoNumericColumn)?,
    };
    let target_name = table.columns[target].name.clone();

    // Rows with an unreadable target or a missing id are rejected, naming line and column.
    let n = table.timestamps.len();
    let mut keep = vec![true; n];
    let mut target_invalid = 0usize;
    if let ColumnData::Numeric { invalid_rows, .. } = &table.columns[target].data {
        let invalid_rows = invalid_rows.clone();
        target_invalid = invalid_rows.len();
        let sample_values = invalid_values(&table, target, &invalid_rows);
        for (r, value) in invalid_rows.iter().zip(sample_values) {
            keep[*r] = false;
            let line = table.lines[*r];
            table.reject(line, Some(&target_name), RejectReason::NotANumber { value });
        }
    }
    for &j in &ids {
        let name = table.columns[j].name.clone();
        for (r, k) in keep.iter_mut().enumerate() {
            if *k && id_text(&table, j, r).is_none() {
                *k = false;
                let line = table.lines[r];
                table.reject(line, Some(&name), RejectReason::MissingSeriesId);
            }
        }
    }
    if keep.iter().any(|k| !k) {
        table.retain_rows(&keep);
    }
    table.sort_rejected();
    let n = table.timestamps.len();
    if n == 0 {
        return Err(IngestError::NoValidRows { rejected: table.rejected_total });
    }

    // Exogenous columns: everything else that holds values.
    let exog_cols: Vec<usize> = (0..table.columns.len())
        .filter(|&j| {
            j != date_col
                && j != target
                && !ids.contains(&j)
                && !ignored.contains(&j)
                && table.columns[j].kind != ColumnKind::Empty
        })
        .collect();
    let target_values: Vec<f64> = match &table.columns[target].data {
        ColumnData::Numeric { values, .. } => values.clone(),
        _ => return Err(IngestError::TargetNotNumeric { column: target_name }),
    };
    if target_values.iter().all(|v| v.is_nan()) {
        return Err(IngestError::TargetAllMissing { column: target_name });
    }
    let exog_values: Vec<Vec<f64>> = exog_cols
        .iter()
        .map(|&j| match &table.columns[j].data {
            ColumnData::Numeric { values, .. } => values.clone(),
            ColumnData::Categorical { codes, .. } => codes
                .iter()
                .map(|&c| if c == MISSING_CODE { f64::NAN } else { f64::from(c) })
                .collect(),
            ColumnData::Date => vec![f64::NAN; n],
        })
        .collect();
    let categorical: Vec<bool> = exog_cols
        .iter()
        .map(|&j| matches!(table.columns[j].data, ColumnData::Categorical { .. }))
        .collect();

    // Group rows into series by their id values.
    let mut index: FastMap<Vec<u64>, usize> = FastMap::default();
    let mut raw: Vec<RawSeries> = Vec::new();
    let mut key: Vec<u64> = Vec::with_capacity(ids.len());
    for r in 0..n {
        key.clear();
        key.extend(ids.iter().map(|&j| cell_key(&table, j, r)));
        let s = match index.get(key.as_slice()) {
            Some(&s) => s,
            None => {
                if raw.len() >= MAX_SERIES {
                    return Err(IngestError::TooManySeries {
                        found: raw.len() + 1,
                        max: MAX_SERIES,
                    });
                }
                let id = if ids.is_empty() {
                    target_name.clone()
                } else {
                    ids.iter()
                        .map(|&j| id_text(&table, j, r).unwrap_or_default())
                        .collect::<Vec<_>>()
                        .join("/")
                };
                raw.push(RawSeries {
                    id,
                    timestamps: Vec::new(),
                    lines: Vec::new(),
                    target: Vec::new(),
                    exog: vec![Vec::new(); exog_cols.len()],
                });
                index.insert(key.clone(), raw.len() - 1);
                raw.len() - 1
            }
        };
        let rs = &mut raw[s];
        rs.timestamps.push(table.timestamps[r]);
        rs.lines.push(table.lines[r]);
        rs.target.push(target_values[r]);
        for (x, col) in rs.exog.iter_mut().zip(&exog_values) {
            x.push(col[r]);
        }
    }
    let mut warnings = std::mem::take(&mut table.warnings);
    if encoding == Encoding::Windows1252 {
        warnings.push(IngestWarning::DecodedAsWindows1252);
    }
    // A series without any observed target cannot be forecast: dropped, with a warning.
    raw.retain(|s| {
        let keep = s.target.iter().any(|v| !v.is_nan());
        if !keep {
            warnings.push(IngestWarning::SeriesWithoutTarget { series: s.id.clone() });
        }
        keep
    });

    let sorted_ts: Vec<Vec<chrono::NaiveDateTime>> = raw
        .iter()
        .map(|s| {
            let mut t = s.timestamps.clone();
            t.sort_unstable();
            t.dedup();
            t
        })
        .collect();
    let frequency = freq::infer(sorted_ts.iter().map(Vec::as_slice))?;
    let reg = regularise::regularise(
        raw,
        frequency,
        opts.duplicates,
        opts.fill,
        &categorical,
        MAX_GRID_ROWS,
    )
    .map_err(|rows| IngestError::GridTooLarge { rows, max: MAX_GRID_ROWS })?;
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
            on_grid: n - reg.off_grid.len(),
        });
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
        let role = if j == date_col {
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
            ColumnData::Numeric { values, invalid_rows, invalid_text, thousands } => {
                if *thousands {
                    warnings.push(IngestWarning::ThousandsSeparator { column: c.name.clone() });
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
                let distinct = (role == ColumnRole::SeriesId)
                    .then(|| values.iter().map(|v| v.to_bits()).collect::<FastSet<_>>().len());
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
        columns.push(ColumnReport { name: c.name.clone(), role, kind, missing, invalid, distinct });
    }

    let frame =
        Frame { freq: frequency, target_name: target_name.clone(), exog, series: reg.series };
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
        rows_loaded: n - reg.off_grid.len(),
        rejected: table.rejected,
        rejected_total: table.rejected_total,
        frequency,
        start,
        end,
        series_count: frame.series.len(),
        gaps: reg.gaps,
        gaps_total: reg.gaps_total,
        missing_steps_total: reg.missing_steps_total,
        filled: opts.fill,
        filled_count: reg.filled_count,
        duplicates: reg.duplicates,
        duplicates_total: reg.duplicates_total,
        duplicate_policy: opts.duplicates,
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
