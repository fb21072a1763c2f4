//! A long file of several shops read as one series (its shop column not used) adds the shops
//! up per date: a date where a shop has no row would be a partial total, far below the others.
//! Such dates are left missing and filled like gaps, with a warning; a sum over a varying
//! number of rows (ticket lines) is left alone.

use chrono::NaiveDate;
use prevision_engine::ingest::{IngestOptions, IngestWarning, ingest};

/// Two shops over 40 days (Lyon about 1000, Besançon about 400); Lyon has no row on the days
/// in `lyon_missing`.
fn two_shops(lyon_missing: &[u32]) -> String {
    let mut csv = String::from("date;magasin;ventes\n");
    for d in 1..=40u32 {
        let date =
            NaiveDate::from_ymd_opt(2023, 1, 1).expect("valid") + chrono::Days::new(u64::from(d));
        if !lyon_missing.contains(&d) {
            csv.push_str(&format!("{};Lyon;{}\n", date.format("%d/%m/%Y"), 1000 + d % 7));
        }
        csv.push_str(&format!("{};Besançon;{}\n", date.format("%d/%m/%Y"), 400 + d % 5));
    }
    csv
}

fn shops_as_one(text: &str) -> prevision_engine::ingest::Ingested {
    let opts = IngestOptions { ignore: vec!["magasin".into()], ..Default::default() };
    ingest(text.as_bytes(), &opts).expect("loads")
}

#[test]
fn dates_missing_a_shop_are_not_partial_totals() {
    let got = shops_as_one(&two_shops(&[10, 11, 25]));
    assert_eq!(got.frame.series.len(), 1);
    let y = &got.frame.series[0].target;
    // Every total is about 1400, none about 400: the three partial dates are missing.
    assert!(y.iter().all(|v| v.is_nan() || (1390.0..1420.0).contains(v)), "{y:?}");
    assert_eq!(y.iter().filter(|v| v.is_nan()).count(), 3);
    assert!(y[9].is_nan() && y[10].is_nan() && y[24].is_nan());
    let warning = got.report.warnings.iter().find_map(|w| match w {
        IngestWarning::PartialTotals { rows, usual, count, .. } => Some((*rows, *usual, *count)),
        _ => None,
    });
    assert_eq!(warning, Some((1, 2, 3)));
}

#[test]
fn complete_dates_and_varying_ticket_counts_keep_their_sums() {
    let whole = shops_as_one(&two_shops(&[]));
    assert!(
        !whole.report.warnings.iter().any(|w| matches!(w, IngestWarning::PartialTotals { .. }))
    );
    // Ticket lines: 1 to 5 a day, added up as they are.
    let mut csv = String::from("date,amount\n");
    for d in 1..=30u32 {
        for k in 0..(1 + d % 5) {
            csv.push_str(&format!("2024-03-{:02},{}\n", d, 10 + k));
        }
    }
    let tickets = ingest(csv.as_bytes(), &IngestOptions::default()).expect("loads");
    assert!(
        !tickets.report.warnings.iter().any(|w| matches!(w, IngestWarning::PartialTotals { .. }))
    );
    // 5 March: 1 + 5 % 5 = 1 line of 10.
    assert_eq!(tickets.frame.series[0].target[4], 10.0);
    assert_eq!(tickets.frame.series[0].target[3], 10.0 + 11.0 + 12.0 + 13.0 + 14.0);
}
