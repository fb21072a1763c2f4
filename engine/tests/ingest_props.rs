//! Property tests: ingest never panics, and generated tables round-trip through CSV text.

use chrono::{Duration, NaiveDate};
use prevision_engine::ingest::{DecimalMark, IngestOptions, ingest};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_give_ok_or_a_typed_error(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = ingest(&bytes, &IngestOptions::default());
    }

    #[test]
    fn csv_like_text_never_panics(
        lines in proptest::collection::vec("[0-9a-z,;./: \"-]{0,30}", 0..20)
    ) {
        let text = format!("date,value\n{}", lines.join("\n"));
        let _ = ingest(text.as_bytes(), &IngestOptions::default());
    }

    #[test]
    fn export_decorations_never_panic(
        lines in proptest::collection::vec("[0-9QqTt;()€% \t/:.,-]{0,24}", 0..30),
        title in "[a-z ;]{0,20}",
        step in proptest::option::of(0usize..5),
    ) {
        // Title lines, quarters, compact dates, parentheses, currency, any grid asked for.
        let text = format!("{title}\n\ndate;value\n{}", lines.join("\n"));
        let resample = step.map(|k| [
            prevision_engine::frame::Frequency::Minutes { minutes: 60 },
            prevision_engine::frame::Frequency::Daily,
            prevision_engine::frame::Frequency::Weekly { anchor: chrono::Weekday::Mon },
            prevision_engine::frame::Frequency::Monthly,
            prevision_engine::frame::Frequency::Quarterly,
        ][k]);
        let _ = ingest(text.as_bytes(), &IngestOptions { resample, ..IngestOptions::default() });
    }

    #[test]
    fn week_unix_code_and_mixed_layouts_never_panic(
        dates in proptest::collection::vec(
            prop_oneof![
                "[0-9]{4}-?[Ww][0-9]{1,2}(-?[0-9])?",
                "[0-9]{9,14}",
                "[0-9]{1,2}[./-][0-9]{1,2}[./-][0-9]{2,4}( [0-9]{2}:[0-9]{2})?",
                "20[0-9]{2}-[01][0-9]-[0-3][0-9]",
                "0[0-9]{1,5}",
                "[0-9]{6}",
                "[0-9]{4}[Mm][0-9]{1,3}",
                "(Jan|Oct|oct\\.|janv\\.|Sept|Q|T)[ -][0-9]{1,4}",
                "[0-9]{2,4}[ -](Jan|Oct|déc\\.|Q1|T4)",
            ],
            0..40,
        ),
        codes in proptest::collection::vec("0?[0-9]{1,4}", 1..4),
        named in any::<bool>(),
        wide in any::<bool>(),
    ) {
        // A time-like name lets integers be Unix times; zero-padded codes may become series ids.
        let head = if named { "timestamp;sku;units" } else { "when_x;sku;units" };
        let body: Vec<String> = dates
            .iter()
            .enumerate()
            .map(|(i, d)| format!("{d};{};{i}", codes[i % codes.len()]))
            .collect();
        let text = format!("{head}\n{}", body.join("\n"));
        let _ = ingest(text.as_bytes(), &IngestOptions { wide, ..IngestOptions::default() });
    }

    #[test]
    fn a_time_of_day_column_beside_the_dates_never_panics(
        rows in proptest::collection::vec(
            (
                prop_oneof![
                    "[0-3]?[0-9]/[01]?[0-9]/20[0-9]{2}",
                    "20[0-9]{2}-[01][0-9]-[0-3][0-9]( [0-9]{2}:[0-9]{2})?",
                    "[a-z?]{0,3}",
                ],
                prop_oneof![
                    "[0-2]?[0-9]:[0-5][0-9](:[0-9]{1,2})?(\\.[0-9]{1,3})?",
                    "[0-9]{1,2}[hH]([0-9]{2})?",
                    "1?[0-9]:[0-9]{2} ?([AaPp][Mm])?",
                    "[0-9:?]{0,6}",
                    "(0|1)?[0-9]|2[0-5]",
                ],
                "[0-9?.,]{0,6}",
            ),
            0..50,
        ),
        header in prop_oneof![
            Just("Date;Time;power"),
            Just("Date;Heure;power"),
            Just("Date;HE;power"),
            Just("Date;x;power"),
        ],
        ignore_time in any::<bool>(),
    ) {
        let body: Vec<String> =
            rows.iter().map(|(d, t, v)| format!("{d};{t};{v}")).collect();
        let text = format!("{header}\n{}\n", body.join("\n"));
        let ignore = if ignore_time { vec!["Time".to_owned()] } else { Vec::new() };
        let _ = ingest(text.as_bytes(), &IngestOptions { ignore, ..IngestOptions::default() });
    }

    #[test]
    fn generated_tables_round_trip(
        values in proptest::collection::vec(-1.0e6f64..1.0e6, 3..60),
        delim_pick in 0usize..4,
        comma_decimal in any::<bool>(),
        start_days in 0i64..20_000,
        day_first in any::<bool>(),
    ) {
        let delim = [',', ';', '\t', '|'][delim_pick];
        // A comma decimal with a comma delimiter would need quoting: use ';' then.
        let delim = if comma_decimal && delim == ',' { ';' } else { delim };
        let start = NaiveDate::from_ymd_opt(1980, 1, 1).expect("valid") + Duration::days(start_days);
        let mut text = format!("date{delim}value\n");
        let rounded: Vec<f64> = values.iter().map(|v| (v * 100.0).round() / 100.0).collect();
        for (i, v) in rounded.iter().enumerate() {
            let d = start + Duration::days(i as i64);
            let date = if day_first { d.format("%d/%m/%Y").to_string() } else { d.format("%Y-%m-%d").to_string() };
            let mut num = format!("{v}");
            if comma_decimal {
                num = num.replace('.', ",");
            }
            text.push_str(&format!("{date}{delim}{num}\n"));
        }
        let got = ingest(text.as_bytes(), &IngestOptions::default()).expect("loads");
        prop_assert_eq!(got.report.delimiter, delim);
        // With only integers no decimal mark is visible: either reading is right then.
        if rounded.iter().any(|v| v.fract() != 0.0) {
            let want = if comma_decimal { DecimalMark::Comma } else { DecimalMark::Dot };
            prop_assert_eq!(got.report.decimal, want);
        }
        let s = &got.frame.series[0];
        prop_assert_eq!(s.timestamps.len(), rounded.len());
        prop_assert_eq!(s.timestamps[0].date(), start);
        prop_assert_eq!(&s.target, &rounded);
    }

    #[test]
    fn dates_across_the_header_never_panic(
        start_days in 0i64..20_000,
        step_days in prop_oneof![Just(1i64), Just(7), Just(31), 0i64..3],
        layouts in proptest::collection::vec(0usize..40, 0..30),
        labels in prop_oneof![1 => Just(0usize), 4 => 1usize..3],
        rows in proptest::collection::vec(
            (
                "[A-Za-z_]{0,6}",
                prop::bool::weighted(0.2),
                proptest::collection::vec(
                    prop_oneof![
                        4 => "[0-9]{1,4}",
                        1 => Just(String::new()),
                        1 => Just("abc".to_owned()),
                        1 => Just("#N/A".to_owned()),
                    ],
                    0..32,
                ),
            ),
            0..5,
        ),
        strays in prop::bool::weighted(0.25),
        round_trip in any::<bool>(),
    ) {
        // Header dates in two layouts (ISO and day-first), with stray months, empty cells and
        // words; rows of any length (ragged), none, or a single one.
        let start = NaiveDate::from_ymd_opt(1990, 1, 1).expect("valid") + Duration::days(start_days);
        let mut header: Vec<String> = (0..labels).map(|i| format!("label{i}")).collect();
        for (i, &layout) in layouts.iter().enumerate() {
            let d = start + Duration::days(i as i64 * step_days);
            header.push(match layout {
                0..=23 => d.format("%Y-%m-%d").to_string(),
                24..=36 => d.format("%d/%m/%Y").to_string(),
                _ if !strays => d.format("%Y-%m-%d").to_string(),
                37 => d.format("%Y-%m").to_string(),
                38 => String::new(),
                _ => "Total".to_owned(),
            });
        }
        let body: Vec<String> = rows
            .iter()
            .map(|(label, ragged, cells)| {
                let mut cells = cells.clone();
                if !ragged {
                    cells.resize(header.len().saturating_sub(labels.max(1)), String::new());
                }
                format!("{label},{}", cells.join(","))
            })
            .collect();
        let text = format!("{}\n{}", header.join(","), body.join("\n"));
        let opts = if round_trip {
            IngestOptions {
                date_col: Some("date".into()),
                target: Some("value".into()),
                id_cols: vec!["label0".into()],
                ..IngestOptions::default()
            }
        } else {
            IngestOptions::default()
        };
        let _ = ingest(text.as_bytes(), &opts);
    }
}
