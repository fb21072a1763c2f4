//! The regular time-series table that ingest produces and every later step reads.
//!
//! Invariants of a [`Frame`] built by ingest: each series' timestamps are sorted, unique and on
//! the frame's [`Frequency`] grid with no holes (missing timestamps were inserted and their
//! target is `NaN` unless a fill policy filled them); `target` and every `exog[j]` have the
//! same length as `timestamps`. Rows after the last observed target are *future rows*: they
//! carry known-in-advance exogenous values for the forecast horizon.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use serde::{Deserialize, Serialize};

/// The spacing of a regular series.
///
/// In JSON, an object whose `kind` names it, beside its setting if it has one:
/// `{"kind":"weekly","anchor":"Mon"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "FrequencyFields")]
pub enum Frequency {
    /// Every `minutes` minutes: 30 is half-hourly, 60 hourly, 120 every two hours.
    Minutes {
        /// Step length in minutes (> 0).
        minutes: u32,
    },
    /// Every calendar day.
    Daily,
    /// Monday to Friday.
    BusinessDaily,
    /// Once a week on `anchor` day.
    Weekly {
        /// The weekday every timestamp falls on.
        anchor: Weekday,
    },
    /// Once a month, on the same day of month (month-end stays month-end).
    Monthly,
    /// Every three months.
    Quarterly,
    /// Every year.
    Yearly,
}

/// The JSON of a [`Frequency`] as it is read: the `kind` and every setting side by side (see
/// `ModelSpecFields` in `spec.rs` for why not serde's internally tagged enums).
#[derive(Deserialize)]
struct FrequencyFields {
    kind: FrequencyKind,
    minutes: Option<u32>,
    anchor: Option<Weekday>,
}

/// `Frequency`'s variant names, as `kind` spells them.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum FrequencyKind {
    Minutes,
    Daily,
    BusinessDaily,
    Weekly,
    Monthly,
    Quarterly,
    Yearly,
}

impl TryFrom<FrequencyFields> for Frequency {
    type Error = &'static str;

    fn try_from(f: FrequencyFields) -> Result<Self, &'static str> {
        Ok(match f.kind {
            FrequencyKind::Minutes => {
                Frequency::Minutes { minutes: f.minutes.ok_or("missing field `minutes`")? }
            }
            FrequencyKind::Daily => Frequency::Daily,
            FrequencyKind::BusinessDaily => Frequency::BusinessDaily,
            FrequencyKind::Weekly => {
                Frequency::Weekly { anchor: f.anchor.ok_or("missing field `anchor`")? }
            }
            FrequencyKind::Monthly => Frequency::Monthly,
            FrequencyKind::Quarterly => Frequency::Quarterly,
            FrequencyKind::Yearly => Frequency::Yearly,
        })
    }
}

fn last_day_of_month(year: i32, month: u32) -> u32 {
    let (ny, nm) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1).and_then(|d| d.pred_opt()).map_or(28, |d| d.day())
}

fn add_months(t: NaiveDateTime, months: i64) -> Option<NaiveDateTime> {
    let d = t.date();
    let total = i64::from(d.year()) * 12 + i64::from(d.month0()) + months;
    let year = i32::try_from(total.div_euclid(12)).ok()?;
    let month = u32::try_from(total.rem_euclid(12)).ok()? + 1;
    let is_month_end = d.day() == last_day_of_month(d.year(), d.month());
    let last = last_day_of_month(year, month);
    let day = if is_month_end { last } else { d.day().min(last) };
    Some(NaiveDate::from_ymd_opt(year, month, day)?.and_time(t.time()))
}

impl Frequency {
    /// The timestamp `k` steps after `t` (`k` may be negative); `None` past the calendar's range.
    pub fn add_steps(&self, t: NaiveDateTime, k: i64) -> Option<NaiveDateTime> {
        match *self {
            Frequency::Minutes { minutes } => {
                t.checked_add_signed(Duration::try_minutes(k.checked_mul(i64::from(minutes))?)?)
            }
            Frequency::Daily => t.checked_add_signed(Duration::try_days(k)?),
            Frequency::Weekly { .. } => t.checked_add_signed(Duration::try_weeks(k)?),
            Frequency::BusinessDaily => {
                let mut cur = t;
                let dir = if k >= 0 { 1 } else { -1 };
                let mut left = k.unsigned_abs();
                // Whole weeks first so long jumps stay cheap.
                cur = cur.checked_add_signed(Duration::try_weeks(dir * (left / 5) as i64)?)?;
                left %= 5;
                while left > 0 {
                    cur = cur.checked_add_signed(Duration::try_days(dir)?)?;
                    if !matches!(cur.weekday(), Weekday::Sat | Weekday::Sun) {
                        left -= 1;
                    }
                }
                Some(cur)
            }
            Frequency::Monthly => add_months(t, k),
            Frequency::Quarterly => add_months(t, k.checked_mul(3)?),
            Frequency::Yearly => add_months(t, k.checked_mul(12)?),
        }
    }

    /// The start of the period of this frequency that holds `t`: the minute step (counted
    /// from midnight), the day, the week (starting on the weekly anchor), the month, quarter
    /// or year. Business days are days (a weekend day stays itself). Used to put irregular
    /// timestamps on a grid: every row of one period gets the same timestamp.
    pub fn period_start(&self, t: NaiveDateTime) -> NaiveDateTime {
        let midnight = t.date().and_time(chrono::NaiveTime::MIN);
        let first_of = |month: u32| {
            NaiveDate::from_ymd_opt(t.year(), month, 1)
                .map_or(midnight, |d| d.and_time(chrono::NaiveTime::MIN))
        };
        match *self {
            Frequency::Minutes { minutes } => {
                let step = i64::from(minutes.max(1)) * 60;
                let secs = (t - midnight).num_seconds();
                midnight + Duration::seconds(secs - secs.rem_euclid(step))
            }
            Frequency::Daily | Frequency::BusinessDaily => midnight,
            Frequency::Weekly { anchor } => {
                let back =
                    (7 + t.weekday().num_days_from_monday() - anchor.num_days_from_monday()) % 7;
                midnight - Duration::days(i64::from(back))
            }
            Frequency::Monthly => first_of(t.month()),
            Frequency::Quarterly => first_of(t.month0() / 3 * 3 + 1),
            Frequency::Yearly => first_of(1),
        }
    }

    /// The timestamp one step after `t`.
    pub fn next(&self, t: NaiveDateTime) -> Option<NaiveDateTime> {
        self.add_steps(t, 1)
    }

    /// The seasonal period used by default for seasonal baselines and MASE.
    pub fn default_season(&self) -> usize {
        match *self {
            Frequency::Minutes { minutes } if minutes > 0 && 1440 % minutes == 0 => {
                (1440 / minutes) as usize
            }
            Frequency::Minutes { .. } => 1,
            Frequency::Daily => 7,
            Frequency::BusinessDaily => 5,
            Frequency::Weekly { .. } => 52,
            Frequency::Monthly => 12,
            Frequency::Quarterly => 4,
            Frequency::Yearly => 1,
        }
    }

    /// All seasonal periods worth modelling at this frequency, shortest first
    /// (half-hourly data has a daily 48 and a weekly 336).
    pub fn seasonal_periods(&self) -> Vec<usize> {
        match *self {
            Frequency::Minutes { .. } => {
                let day = self.default_season();
                if day > 1 { vec![day, day * 7] } else { vec![] }
            }
            Frequency::Yearly => vec![],
            _ => vec![self.default_season()],
        }
    }

    /// A stable machine name (`daily`, `weekly-fri`, `30min`, …) for reports and file names.
    pub fn code(&self) -> String {
        match *self {
            Frequency::Minutes { minutes } if minutes % 60 == 0 => format!("{}h", minutes / 60),
            Frequency::Minutes { minutes } => format!("{minutes}min"),
            Frequency::Daily => "daily".into(),
            Frequency::BusinessDaily => "business-daily".into(),
            Frequency::Weekly { anchor } => format!("weekly-{}", anchor.to_string().to_lowercase()),
            Frequency::Monthly => "monthly".into(),
            Frequency::Quarterly => "quarterly".into(),
            Frequency::Yearly => "yearly".into(),
        }
    }
}

/// Whether an exogenous column's future values are known when the forecast is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    /// Known in advance (promotions, prices, calendar): usable at the time being predicted.
    KnownInAdvance,
    /// Observed only after the fact (weather actuals): usable only as lags ≥ the horizon step.
    ObservedOnly,
}

/// An exogenous column of the frame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExogColumn {
    /// Header name as in the file.
    pub name: String,
    /// Known in advance or observed only.
    pub availability: Availability,
    /// For a categorical column, its levels: the stored value is the index into this list.
    pub levels: Option<Vec<String>>,
}

/// One regular series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// Series identifier (the id column's value), or the target name for a single series.
    pub id: String,
    /// Sorted, unique timestamps on the frame's grid.
    pub timestamps: Vec<NaiveDateTime>,
    /// Target values; `NaN` where missing.
    #[serde(deserialize_with = "crate::json::nan_vec")]
    pub target: Vec<f64>,
    /// Exogenous values, `exog[j][t]` for column `j` of [`Frame::exog`]; `NaN` where missing.
    #[serde(deserialize_with = "crate::json::nan_vec_vec")]
    pub exog: Vec<Vec<f64>>,
}

impl Series {
    /// Number of rows up to and including the last observed target: the history. Rows after
    /// it are future rows that only carry exogenous values.
    pub fn observed_len(&self) -> usize {
        self.target.iter().rposition(|v| !v.is_nan()).map_or(0, |i| i + 1)
    }

    /// The observed history of the target.
    pub fn history(&self) -> &[f64] {
        &self.target[..self.observed_len()]
    }
}

/// A regular multi-series table: what ingest produces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Frame {
    /// The common frequency of all series.
    pub freq: Frequency,
    /// Name of the target column.
    pub target_name: String,
    /// Exogenous columns, shared by all series.
    pub exog: Vec<ExogColumn>,
    /// The series (one for a single-series file).
    pub series: Vec<Series>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_start_floors_a_timestamp_to_its_period() {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect(s);
        let t = at("2024-08-14 17:47"); // a Wednesday
        let cases = [
            (Frequency::Minutes { minutes: 15 }, "2024-08-14 17:45"),
            (Frequency::Minutes { minutes: 60 }, "2024-08-14 17:00"),
            (Frequency::Daily, "2024-08-14 00:00"),
            (Frequency::Weekly { anchor: Weekday::Mon }, "2024-08-12 00:00"),
            (Frequency::Weekly { anchor: Weekday::Thu }, "2024-08-08 00:00"),
            (Frequency::Weekly { anchor: Weekday::Wed }, "2024-08-14 00:00"),
            (Frequency::Monthly, "2024-08-01 00:00"),
            (Frequency::Quarterly, "2024-07-01 00:00"),
            (Frequency::Yearly, "2024-01-01 00:00"),
        ];
        for (freq, start) in cases {
            assert_eq!(freq.period_start(t), at(start), "{freq:?}");
            // A period start is its own period's start.
            assert_eq!(freq.period_start(at(start)), at(start), "{freq:?}");
        }
    }

    #[test]
    fn every_frequency_reads_back_from_the_json_it_writes() {
        let all = [
            Frequency::Minutes { minutes: 30 },
            Frequency::Daily,
            Frequency::BusinessDaily,
            Frequency::Weekly { anchor: Weekday::Sun },
            Frequency::Monthly,
            Frequency::Quarterly,
            Frequency::Yearly,
        ];
        for freq in all {
            let text = serde_json::to_string(&freq).expect("serialises");
            assert_eq!(serde_json::from_str::<Frequency>(&text).expect(&text), freq);
        }
        assert_eq!(
            serde_json::to_string(&Frequency::Weekly { anchor: Weekday::Mon }).expect("writes"),
            r#"{"kind":"weekly","anchor":"Mon"}"#
        );
        let read = |text: &str| serde_json::from_str::<Frequency>(text).map_err(|e| e.to_string());
        assert_eq!(read(r#"{"anchor":"Tue","kind":"daily"}"#), Ok(Frequency::Daily));
        for (text, message) in [
            (r#"{"kind":"weekly"}"#, "missing field `anchor`"),
            (r#"{"kind":"minutes","minutes":-5}"#, "invalid value"),
            (r#"{"kind":"hourly"}"#, "unknown variant `hourly`"),
        ] {
            let error = read(text).expect_err(text);
            assert!(error.contains(message), "{text}: {error}");
        }
    }

    #[test]
    fn a_frame_with_missing_values_survives_a_json_round_trip() {
        let frame = Frame {
            freq: Frequency::Daily,
            target_name: "sales".into(),
            exog: vec![ExogColumn {
                name: "promo".into(),
                availability: Availability::KnownInAdvance,
                levels: None,
            }],
            series: vec![Series {
                id: "a".into(),
                timestamps: vec![dt(2024, 1, 1), dt(2024, 1, 2), dt(2024, 1, 3)],
                target: vec![1.5, f64::NAN, 0.1 + 0.2],
                exog: vec![vec![f64::NAN, 1.0, 0.0]],
            }],
        };
        let json = serde_json::to_string(&frame).expect("serialises");
        assert!(json.contains("[1.5,null,0.30000000000000004]"), "{json}");
        let back: Frame = serde_json::from_str(&json).expect("reads back");
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        let (a, b) = (&frame.series[0], &back.series[0]);
        assert_eq!(bits(&b.target), bits(&a.target));
        assert_eq!(bits(&b.exog[0]), bits(&a.exog[0]));
        assert_eq!(
            (&back.freq, &back.exog, &b.timestamps),
            (&frame.freq, &frame.exog, &a.timestamps)
        );
    }

    fn dt(y: i32, m: u32, d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("valid")
    }

    #[test]
    fn monthly_steps_keep_month_ends_and_clamp_days() {
        let f = Frequency::Monthly;
        assert_eq!(f.next(dt(2024, 1, 31)), Some(dt(2024, 2, 29)));
        assert_eq!(f.next(dt(2024, 2, 29)), Some(dt(2024, 3, 31)));
        assert_eq!(f.add_steps(dt(2024, 1, 15), 13), Some(dt(2025, 2, 15)));
        assert_eq!(f.add_steps(dt(2024, 3, 1), -3), Some(dt(2023, 12, 1)));
        assert_eq!(Frequency::Quarterly.next(dt(2024, 1, 1)), Some(dt(2024, 4, 1)));
    }

    #[test]
    fn business_days_skip_weekends_both_ways() {
        let f = Frequency::BusinessDaily;
        // 2024-03-01 is a Friday.
        assert_eq!(f.next(dt(2024, 3, 1)), Some(dt(2024, 3, 4)));
        assert_eq!(f.add_steps(dt(2024, 3, 4), -1), Some(dt(2024, 3, 1)));
        assert_eq!(f.add_steps(dt(2024, 3, 1), 6), Some(dt(2024, 3, 11)));
    }

    #[test]
    fn sub_daily_data_has_daily_and_weekly_seasons() {
        let half_hour = Frequency::Minutes { minutes: 30 };
        assert_eq!(half_hour.seasonal_periods(), vec![48, 336]);
        assert_eq!(half_hour.code(), "30min");
        assert_eq!(Frequency::Weekly { anchor: Weekday::Fri }.code(), "weekly-fri");
    }

    #[test]
    fn observed_len_excludes_future_rows() {
        let s = Series {
            id: "a".into(),
            timestamps: vec![dt(2024, 1, 1), dt(2024, 1, 2), dt(2024, 1, 3), dt(2024, 1, 4)],
            target: vec![1.0, f64::NAN, 3.0, f64::NAN],
            exog: vec![],
        };
        assert_eq!(s.observed_len(), 3);
        assert_eq!(s.history().len(), 3);
    }
}
