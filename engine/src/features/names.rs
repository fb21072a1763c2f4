//! Human names for features: a number of steps said as a duration a business user reads
//! ("7 days", "2 hours", "1 year"), in English and French.
//!
//! Invariant: a duration is said in the largest unit that divides it exactly, so names never
//! round ("90 minutes", not "1.5 hours"); frequencies without a calendar unit say "steps".

use crate::frame::Frequency;

/// The months in English, January first.
pub const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The months in French, janvier first.
pub const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// A unit of time with its singular and plural forms in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Unit {
    en: (&'static str, &'static str),
    fr: (&'static str, &'static str),
    /// French grammatical gender, for "les 2 dernières heures" / "les 7 derniers jours".
    fr_feminine: bool,
}

const MINUTE: Unit =
    Unit { en: ("minute", "minutes"), fr: ("minute", "minutes"), fr_feminine: true };
const HOUR: Unit = Unit { en: ("hour", "hours"), fr: ("heure", "heures"), fr_feminine: true };
const DAY: Unit = Unit { en: ("day", "days"), fr: ("jour", "jours"), fr_feminine: false };
const BUSINESS_DAY: Unit = Unit {
    en: ("business day", "business days"),
    fr: ("jour ouvré", "jours ouvrés"),
    fr_feminine: false,
};
const WEEK: Unit = Unit { en: ("week", "weeks"), fr: ("semaine", "semaines"), fr_feminine: true };
const MONTH: Unit = Unit { en: ("month", "months"), fr: ("mois", "mois"), fr_feminine: false };
const QUARTER: Unit =
    Unit { en: ("quarter", "quarters"), fr: ("trimestre", "trimestres"), fr_feminine: false };
const YEAR: Unit = Unit { en: ("year", "years"), fr: ("an", "ans"), fr_feminine: false };
const STEP: Unit = Unit { en: ("step", "steps"), fr: ("pas", "pas"), fr_feminine: false };

/// A whole number of calendar units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    count: u64,
    unit: Unit,
}

impl Span {
    /// `steps` steps of `freq`, in the largest unit dividing it exactly.
    pub(crate) fn of(freq: Frequency, steps: usize) -> Self {
        let steps = steps as u64;
        let pick = |table: &[(u64, Unit)]| {
            table.iter().find(|(per, _)| *per > 0 && steps.is_multiple_of(*per)).map_or(
                Span { count: steps, unit: STEP },
                |&(per, unit)| Span { count: steps / per, unit },
            )
        };
        match freq {
            Frequency::Minutes { minutes } if minutes > 0 => {
                let total = steps.saturating_mul(u64::from(minutes));
                let in_minutes = Span { count: total, unit: MINUTE };
                [(10_080, WEEK), (1440, DAY), (60, HOUR)]
                    .iter()
                    .find(|(per, _)| total % per == 0 && total > 0)
                    .map_or(in_minutes, |&(per, unit)| Span { count: total / per, unit })
            }
            Frequency::Minutes { .. } => Span { count: steps, unit: STEP },
            Frequency::Daily => pick(&[(1, DAY)]),
            Frequency::BusinessDaily => pick(&[(5, WEEK), (1, BUSINESS_DAY)]),
            Frequency::Weekly { .. } => pick(&[(1, WEEK)]),
            Frequency::Monthly => pick(&[(12, YEAR), (1, MONTH)]),
            Frequency::Quarterly => pick(&[(4, YEAR), (1, QUARTER)]),
            Frequency::Yearly => pick(&[(1, YEAR)]),
        }
    }

    /// Like [`Span::of`] but daily steps read as weeks when they make whole weeks, for
    /// cycles ("the same weekday over the last 4 weeks"); lags keep days ("7 days before").
    pub(crate) fn coarse(freq: Frequency, steps: usize) -> Self {
        if freq == Frequency::Daily && steps > 0 && steps.is_multiple_of(7) {
            Span { count: (steps / 7) as u64, unit: WEEK }
        } else {
            Self::of(freq, steps)
        }
    }

    /// "7 days", "1 hour".
    pub(crate) fn en(&self) -> String {
        let word = if self.count == 1 { self.unit.en.0 } else { self.unit.en.1 };
        format!("{} {word}", self.count)
    }

    /// "7 jours", "1 heure".
    pub(crate) fn fr(&self) -> String {
        let word = if self.count == 1 { self.unit.fr.0 } else { self.unit.fr.1 };
        format!("{} {word}", self.count)
    }

    /// "the last 7 days", "the last day".
    pub(crate) fn last_en(&self) -> String {
        if self.count == 1 {
            format!("the last {}", self.unit.en.0)
        } else {
            format!("the last {}", self.en())
        }
    }

    /// "les 7 derniers jours", "la dernière heure", "les 2 dernières semaines", "les 2
    /// dernières années" (years read "années" here, not "ans").
    pub(crate) fn last_fr(&self) -> String {
        if self.unit == YEAR {
            let unit = Unit { fr: ("année", "années"), fr_feminine: true, ..YEAR };
            return Span { unit, ..*self }.last_fr();
        }
        match (self.count == 1, self.unit.fr_feminine) {
            (true, false) => format!("le dernier {}", self.unit.fr.0),
            (true, true) => format!("la dernière {}", self.unit.fr.0),
            (false, false) => format!("les {} derniers {}", self.count, self.unit.fr.1),
            (false, true) => format!("les {} dernières {}", self.count, self.unit.fr.1),
        }
    }

    /// Whether this span is exactly one `unit_en` ("week", "day", "year").
    pub(crate) fn is_one(&self, unit_en: &str) -> bool {
        self.count == 1 && self.unit.en.0 == unit_en
    }
}

/// How the target is called in names: its column name, or "value"/"valeur".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TargetWords {
    pub(crate) en: String,
    pub(crate) fr: String,
}

impl TargetWords {
    /// The target's own name in both languages, or the generic word when unknown.
    pub(crate) fn new(target_name: Option<&str>) -> Self {
        match target_name.map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => Self { en: n.to_string(), fr: n.to_string() },
            None => Self { en: "value".into(), fr: "valeur".into() },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    #[test]
    fn durations_use_the_largest_exact_unit() {
        let half_hour = Frequency::Minutes { minutes: 30 };
        assert_eq!(Span::of(half_hour, 1).en(), "30 minutes");
        assert_eq!(Span::of(half_hour, 2).en(), "1 hour");
        assert_eq!(Span::of(half_hour, 3).fr(), "90 minutes");
        assert_eq!(Span::of(half_hour, 48).fr(), "1 jour");
        assert_eq!(Span::of(half_hour, 336).en(), "1 week");
        assert_eq!(Span::of(Frequency::Daily, 7).en(), "7 days");
        assert_eq!(Span::of(Frequency::Daily, 1).fr(), "1 jour");
        assert_eq!(Span::of(Frequency::BusinessDaily, 5).en(), "1 week");
        assert_eq!(Span::of(Frequency::BusinessDaily, 3).fr(), "3 jours ouvrés");
        assert_eq!(Span::of(Frequency::Monthly, 24).fr(), "2 ans");
        assert_eq!(Span::of(Frequency::Monthly, 3).en(), "3 months");
        assert_eq!(Span::of(Frequency::Weekly { anchor: Weekday::Mon }, 52).en(), "52 weeks");
        assert_eq!(Span::of(Frequency::Minutes { minutes: 0 }, 4).en(), "4 steps");
    }

    #[test]
    fn recent_windows_agree_in_gender_and_number() {
        let half_hour = Frequency::Minutes { minutes: 30 };
        assert_eq!(Span::of(Frequency::Daily, 7).last_fr(), "les 7 derniers jours");
        assert_eq!(Span::of(Frequency::Daily, 1).last_fr(), "le dernier jour");
        assert_eq!(Span::of(half_hour, 2).last_fr(), "la dernière heure");
        assert_eq!(Span::coarse(Frequency::Daily, 14).last_fr(), "les 2 dernières semaines");
        assert_eq!(Span::coarse(Frequency::Daily, 10).last_fr(), "les 10 derniers jours");
        assert_eq!(Span::of(Frequency::Monthly, 24).last_fr(), "les 2 dernières années");
        assert_eq!(Span::of(Frequency::Yearly, 1).last_fr(), "la dernière année");
        assert_eq!(Span::of(Frequency::Yearly, 3).fr(), "3 ans");
        assert_eq!(Span::of(Frequency::Daily, 1).last_en(), "the last day");
        assert_eq!(Span::of(Frequency::Monthly, 3).last_en(), "the last 3 months");
    }

    #[test]
    fn target_words_fall_back_to_value() {
        assert_eq!(TargetWords::new(Some("ventes")).fr, "ventes");
        assert_eq!(TargetWords::new(Some("  ")).en, "value");
        assert_eq!(TargetWords::new(None).fr, "valeur");
    }
}
