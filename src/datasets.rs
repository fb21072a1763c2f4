//! The built-in datasets a visitor can load with one click.
//!
//! The CSV bytes are embedded in the wasm at compile time from `engine/data/`, so loading one
//! makes no network request. They go through exactly the same ingest as a dropped file.
//! The bike-sharing data is CC BY 4.0: its attribution ([`crate::i18n::Msg::DatasetAttribution`])
//! is shown wherever the dataset is offered or reported.

/// One built-in dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BuiltInDataset {
    /// Capital Bikeshare daily rentals, 2011–2012 (731 days).
    BikeSharing,
    /// US monthly wholesale sales of beer, wine and liquor, 1992–2017.
    DrinksSales,
}

impl BuiltInDataset {
    /// Every built-in dataset, in the order they are offered.
    pub const ALL: [BuiltInDataset; 2] = [BuiltInDataset::BikeSharing, BuiltInDataset::DrinksSales];

    /// The dataset loaded on a first visit.
    pub const FIRST: BuiltInDataset = BuiltInDataset::BikeSharing;

    /// The file's CSV bytes.
    pub fn bytes(self) -> &'static [u8] {
        match self {
            BuiltInDataset::BikeSharing => include_bytes!("../engine/data/daily_bike_sharing.csv"),
            BuiltInDataset::DrinksSales => {
                include_bytes!("../engine/data/monthly_drinks_sales.csv")
            }
        }
    }

    /// The file name, as shown in the report title.
    pub fn file_name(self) -> &'static str {
        match self {
            BuiltInDataset::BikeSharing => "daily_bike_sharing.csv",
            BuiltInDataset::DrinksSales => "monthly_drinks_sales.csv",
        }
    }

    /// A stable identifier for `data-testid`s and URLs.
    pub fn slug(self) -> &'static str {
        match self {
            BuiltInDataset::BikeSharing => "bike-sharing",
            BuiltInDataset::DrinksSales => "drinks-sales",
        }
    }
}
