//! Each way a file can be unusable gives its own typed error.

use prevision_engine::ingest::{IngestError, IngestOptions, UnreadCell, ingest};

fn err(text: &[u8]) -> IngestError {
    ingest(text, &IngestOptions::default()).expect_err("must fail")
}

#[test]
fn empty_file() {
    assert_eq!(err(b""), IngestError::Empty);
    assert_eq!(err(b" \r\n\n"), IngestError::Empty);
}

#[test]
fn header_only() {
    assert_eq!(err(b"date,value\n"), IngestError::HeaderOnly);
    assert_eq!(err(b"date,value\n,\n"), IngestError::HeaderOnly);
}

#[test]
fn single_row() {
    assert_eq!(err(b"date,value\n2024-01-01,3\n"), IngestError::SingleRow);
}

#[test]
fn no_numeric_column() {
    assert_eq!(
        err(b"date,name\n2024-01-01,a\n2024-01-02,b\n"),
        IngestError::NoNumericColumn {
            closest: Some(UnreadCell { column: "name".into(), line: 2, value: "a".into() })
        }
    );
}

#[test]
fn no_date_column() {
    assert_eq!(err(b"a,value\nx,1\ny,2\n"), IngestError::NoDateColumn);
}

#[test]
fn target_all_missing() {
    assert_eq!(
        err(b"date,value\n2024-01-01,\n2024-01-02,NA\n"),
        IngestError::TargetAllMissing { column: "value".into() }
    );
}

#[test]
fn unknown_column_names_the_available_ones() {
    let opts = IngestOptions { target: Some("sales".into()), ..Default::default() };
    assert_eq!(
        ingest(b"date,value\n2024-01-01,1\n2024-01-02,2\n", &opts),
        Err(IngestError::UnknownColumn {
            name: "sales".into(),
            available: vec!["date".into(), "value".into()]
        })
    );
}

#[test]
fn too_large() {
    let opts = IngestOptions { max_bytes: Some(10), ..Default::default() };
    assert_eq!(
        ingest(b"date,value\n2024-01-01,1\n", &opts),
        Err(IngestError::TooLarge { bytes: 24, max_bytes: 10 })
    );
}

#[test]
fn binary_is_not_text() {
    assert_eq!(err(b"PK\x03\x04\x00\x00zip"), IngestError::NotText { offset: 4 });
}

#[test]
fn a_web_page_or_json_is_named_as_such() {
    use prevision_engine::ingest::NotCsvKind;
    let page =
        b"\n<!DOCTYPE html>\n<html><head><title>Login</title></head><body>Sign in</body></html>";
    assert_eq!(err(page), IngestError::NotCsv { kind: NotCsvKind::WebPage });
    assert_eq!(
        err(b"<HTML><BODY>Error 404</BODY></HTML>"),
        IngestError::NotCsv { kind: NotCsvKind::WebPage }
    );
    let json = b"[\n  {\n    \"date\": \"2023-01-01\",\n    \"value\": 0\n  }\n]";
    assert_eq!(err(json), IngestError::NotCsv { kind: NotCsvKind::Json });
    assert_eq!(err(b"{\"data\": [1, 2]}"), IngestError::NotCsv { kind: NotCsvKind::Json });
    // A CSV whose first header is in brackets is still a CSV.
    assert!(
        ingest(
            b"[date],value\n2024-01-01,1\n2024-01-02,2\n2024-01-03,3\n",
            &IngestOptions::default()
        )
        .is_ok()
    );
}

#[test]
fn all_rows_rejected() {
    assert_eq!(
        err(b"date,value\n2024-01-01,1,2\n2024-01-02,2,3\n"),
        IngestError::NoValidRows { rejected: 2 }
    );
    assert_eq!(
        err(b"date,value\n2024-01-01,x\n2024-01-02,y\n2024-01-03,1\n2024-01-04,#VALEUR!\n"),
        IngestError::SingleRow
    );
}

#[test]
fn conflicting_roles_and_non_numeric_target() {
    let text = b"date,value,shop\n2024-01-01,1,a\n2024-01-02,2,b\n";
    let opts = IngestOptions {
        target: Some("value".into()),
        ignore: vec!["value".into()],
        ..Default::default()
    };
    assert_eq!(ingest(text, &opts), Err(IngestError::ConflictingRoles { name: "value".into() }));
    let opts = IngestOptions { target: Some("shop".into()), ..Default::default() };
    assert_eq!(ingest(text, &opts), Err(IngestError::TargetNotNumeric { column: "shop".into() }));
}

#[test]
fn a_year_typo_does_not_build_a_huge_grid() {
    assert_eq!(
        err(b"date,value\n2024-01-01,1\n2024-01-02,2\n2024-01-03,3\n2924-01-04,4\n"),
        IngestError::GridTooLarge { rows: 328_722, max: 100_000 }
    );
}
